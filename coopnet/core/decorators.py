"""View decorators that resolve the organization in the URL for the logged-in user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .access import OrgAccess, get_access

P = ParamSpec("P")
OrgView = Callable[Concatenate[HttpRequest, OrgAccess, P], HttpResponse]


def org_view(permission: str) -> Callable[[OrgView[P]], Callable[..., HttpResponse]]:
    """Resolve ``org_slug`` to an :class:`OrgAccess` holding ``permission`` or answer 404."""

    def decorator(view: OrgView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = get_access(request.user, org_slug, permission)  # type: ignore[arg-type]
            request.org_access = access  # type: ignore[attr-defined]
            request.session["current_org"] = org_slug
            return view(request, access, *args, **kwargs)

        return wrapped

    return decorator
