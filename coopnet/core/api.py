"""API plumbing shared by every app: token authentication, organization access, errors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from .access import OrgAccess, get_access
from .models import ApiToken, User
from .tokens import token_from_secret


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cn_...`` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_from_secret(token)
        if api_token is not None:
            request.user = api_token.user
        return api_token


API_AUTH: list[Any] = [TokenAuth(), django_auth]


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
