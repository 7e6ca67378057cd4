"""What the governance pages share: permissions, the meeting of a URL and the
buttons that call a service without a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from coopnet.core.access import OrgAccess
from coopnet.core.web import apply_errors, get_or_404

from .. import selectors
from ..models import Meeting

READ = "governance.meetings:read"
WRITE = "governance.meetings:write"
CHAIR = "governance.chair"
PAGE_SIZE = 50

T = TypeVar("T")


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def back(access: OrgAccess, name: str, **kwargs: Any) -> HttpResponse:
    """Redirect to the governance page ``name`` of the organization."""
    return redirect(f"governance:{name}", org_slug=access.organization.slug, **kwargs)


def meeting_or_404(access: OrgAccess, pk: int) -> Meeting:
    """The organization's meeting ``pk`` (another organization's is a 404, like a missing one)."""
    return get_or_404(selectors.meeting_detail, access.organization, pk)


def acted(
    request: HttpRequest,
    write: Callable[[], T],
    message: str | Callable[[T], str],
    form: BaseForm | None = None,
) -> bool:
    """Run a service and flash ``message`` (if any; a callable names what the service returned).
    A refusal goes onto ``form``, or without one (a button) into an error message; then False."""
    try:
        result = write()
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            apply_errors(form, error)
        return False
    text = message(result) if callable(message) else message
    if text:
        messages.success(request, text)
    return True
