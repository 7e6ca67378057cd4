"""The coopnet API, version 1 (django-ninja). Errors are ``{"detail": ..., "code": ...}``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from coopnet.core.api import API_AUTH
from coopnet.network.api import router as network_router

api = NinjaAPI(
    title="coopnet API",
    version="1",
    description="Organizations, affiliations and incubations of the coopnet network.",
    auth=API_AUTH,
    urls_namespace="api-v1",
)


def _error(request: HttpRequest, status: int, detail: Any, code: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "Dati non validi.", "invalid", errors=errors)


@api.exception_handler(NinjaValidationError)
def schema_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, "Dati non validi.", "invalid", errors=exc.errors)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "Non trovato.", "not_found")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Autenticazione richiesta.", "unauthenticated")


api.add_router("/", network_router)
