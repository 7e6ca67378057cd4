"""API plumbing shared by every app: token authentication, organization access, errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator, WithJsonSchema, field_validator

from .access import OrgAccess, get_access
from .dates import validate_plausible_date
from .models import ApiToken, User
from .tokens import token_from_secret


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cn_...`` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_from_secret(token)
        if api_token is not None:
            request.user = api_token.user
        return api_token


class LoggedInSessionAuth(SessionAuth):
    """The browser's login session. CSRF is checked only when there is a logged-in user, so a
    caller without credentials is told 401 (log in) rather than a CSRF 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


API_AUTH: list[Any] = [TokenAuth(), LoggedInSessionAuth()]


def _plausible(value: dt.date) -> dt.date:
    try:
        validate_plausible_date(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    return value


# A date the API accepts: within core.dates' range (422 with the reason otherwise).
PlausibleDate = Annotated[dt.date, AfterValidator(_plausible)]

# A time of day as the answers write it ("08:30:00"), without an offset: JSON Schema's "time"
# format is RFC 3339's full-time, which requires one.
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "format": "partial-time",
            "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d+)?$",
            "examples": ["08:30:00"],
        }
    ),
]

# Ids are database integers: larger values cannot name a row (and SQLite cannot bind them).
MAX_ID = 2_147_483_647

# The ``{slug}`` of /orgs/{slug}/...: a pattern keeps odd bytes (NUL) away from the database.
OrgSlug = PathEx[
    str, P(pattern=r"^[-a-zA-Z0-9_]+$", description="Identificativo dell'organizzazione.")
]


class ErrorOut(Schema):
    """Every error the API answers: a message for people and a stable code for programs."""

    detail: str
    code: str


class ValidationErrorOut(ErrorOut):
    errors: dict[str, list[str]] = Field(
        description="Messages by field name; '__all__' for errors not tied to one field."
    )


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's documented responses: its successes plus the given error statuses."""
    documented: dict[int, Any] = dict(ok)
    for status in (401, *errors):
        documented[status] = ValidationErrorOut if status == 422 else ErrorOut
    return documented


def request_token(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def api_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def api_access(request: HttpRequest, slug: str, permission: str) -> OrgAccess:
    """Resolve an organization for the caller (token scope included); 404 otherwise."""
    return get_access(api_user(request), slug, permission, token=request_token(request))


def require_platform_admin(request: HttpRequest) -> User:
    """The caller when they are a platform administrator; 403 otherwise (nothing is scoped)."""
    user = api_user(request)
    if not user.is_platform_admin:
        raise PermissionDenied(_("Solo gli amministratori della piattaforma possono farlo."))
    return user


def reject_nul(value: Any) -> Any:
    """Refuse NUL characters in text (PostgreSQL cannot store them); lists are checked too."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(_("Il testo non può contenere il carattere NUL."))
    if isinstance(value, list):
        for item in value:
            reject_nul(item)
    return value


class InputSchema(Schema):
    """What a caller sends (a body or a query's filters): no text in it may hold NUL."""

    @field_validator("*")
    @classmethod
    def no_nul_characters(cls, value: Any) -> Any:
        return reject_nul(value)


class Pagination(LimitOffsetPagination):
    """Limit/offset pagination of every list endpoint: 50 rows by default, at most 200."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Quante righe (al massimo 200).")
        offset: int = Field(0, ge=0, le=1_000_000_000, description="Quante righe saltare.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=200, **kwargs)


V = TypeVar("V", bound=Callable[..., Any])


def list_get(
    router: Router,
    path: str,
    row: Any,
    summary: str,
    errors: tuple[int, ...] = (404, 422),
    **options: Any,
) -> Callable[[V], V]:
    """Register a list endpoint: GET ``path`` answers one page (``Pagination``) of ``row``,
    or one of ``errors`` (404: an organization the caller cannot see; 422: bad filters);
    ``options`` go to ``router.get`` (``auth=None`` for a public list)."""

    def register(view: V) -> V:
        page = paginate(Pagination)(view)
        answers = responses({200: list[row]}, *errors)
        return router.get(path, response=answers, summary=summary, **options)(page)

    return register


S = TypeVar("S", bound=pydantic.BaseModel)


def json_body(request: HttpRequest, schema: type[S], *, empty: Any = None) -> S:
    """The JSON body as ``schema``, read in the view once the caller's access is known, so that
    an outsider gets 404 whatever they send: 400 when it is not JSON, 422 located as ninja's
    own; an absent body or ``null`` stands for ``empty``."""
    try:
        data = json.loads(request.body) if request.body else None
    except ValueError as error:
        raise HttpError(400, _("Il corpo della richiesta non è JSON valido.")) from error
    try:
        return schema.model_validate(empty if data is None else data)
    except pydantic.ValidationError as error:
        located = [{**e, "loc": ("body", "payload", *e["loc"])} for e in error.errors()]
        raise NinjaValidationError(located) from error
