"""What the governance pages share: permissions, the meeting of a URL, stored files and the
buttons that call a service without a form."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

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


def file_response(stored: FieldFile, *, inline: bool = False) -> HttpResponse:
    """A stored file as a download (agenda documents and minutes are small)."""
    if not stored:
        raise Http404
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    name = (stored.name or "").rsplit("/", 1)[-1]
    response = HttpResponse(
        content, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(not inline, name) or "attachment"
    return response
