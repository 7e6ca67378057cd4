"""The coopnet API, version 1 (django-ninja). Errors are ``{"detail": ..., "code": ...}``."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from coopnet.care.api import router as care_router
from coopnet.community.api import router as community_router
from coopnet.compliance.api import router as compliance_router
from coopnet.contracts.api import router as contracts_router
from coopnet.core.api import API_AUTH
from coopnet.energy.api import router as energy_router
from coopnet.governance.api import router as governance_router
from coopnet.members.api import router as members_router
from coopnet.network.api import router as network_router
from coopnet.practices.api import router as practices_router

api = NinjaAPI(
    title="coopnet API",
    version="1",
    description=(
        "Organizations, affiliations and incubations of the coopnet network. "
        "Authenticate with a personal access token: `Authorization: Bearer cn_...`."
    ),
    auth=API_AUTH,
    urls_namespace="api-v1",
    # The online validator badge would load an image from another site (and break the CSP).
    docs=Swagger(settings={"validatorUrl": None}),
)

HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}


def _error(request: HttpRequest, status: int, detail: Any, code: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def _message(error: dict[str, Any]) -> str:
    """Pydantic's message for one error, in the user's language for the usual cases."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Campo obbligatorio.")
    if kind == "enum":
        return _("Valore non ammesso; valori possibili: %(expected)s.") % {
            "expected": ctx.get("expected", "")
        }
    if kind.startswith("date_"):
        return _("Data non valida: usa il formato AAAA-MM-GG.")
    if kind == "string_pattern_mismatch":
        return _("Formato non valido.")
    if kind == "string_too_long":
        return _("Al massimo %(max)s caratteri.") % {"max": ctx.get("max_length")}
    if kind == "greater_than_equal":
        return _("Deve essere almeno %(min)s.") % {"min": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("Deve essere al massimo %(max)s.") % {"max": ctx.get("le")}
    if kind.endswith(("_type", "_parsing")):
        return _("Tipo di dato non valido.")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return str(error.get("msg", ""))


def field_errors(errors: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Pydantic errors keyed by field name, like Django's ``message_dict``.

    A location is ``(source, [body parameter,] field, ...)``, e.g. ``("body", "payload", "slug")``
    or ``("query", "limit")``.
    """
    result: dict[str, list[str]] = {}
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        source, rest = (location[0], location[1:]) if location else ("", [])
        if source == "body" and rest:
            rest = rest[1:]
        result.setdefault(rest[0] if rest else "__all__", []).append(_message(error))
    return result


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, _("Dati non validi."), "invalid", errors=errors)


@api.exception_handler(NinjaValidationError)
def schema_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = field_errors(exc.errors)
    return _error(request, 422, _("Dati non validi."), "invalid", errors=errors)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Non trovato."), "not_found")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Autenticazione richiesta."), "unauthenticated")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("Non hai i permessi per questa operazione.")
    return _error(request, 403, detail, "forbidden")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    return _error(request, exc.status_code, str(exc), code)


api.add_router("/", network_router)
api.add_router("/", compliance_router)
api.add_router("/", care_router)
api.add_router("/", members_router)
api.add_router("/", governance_router)
api.add_router("/", contracts_router)
api.add_router("/", energy_router)
api.add_router("/", community_router)
api.add_router("/", practices_router)
