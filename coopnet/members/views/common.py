"""Helpers shared by the members pages: the acting user, posted data, lookups that 404."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from coopnet.core.access import OrgAccess
from coopnet.core.models import User

from .. import selectors
from ..models import Membership, PublishedDocument, ShareAccount


def acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one), None for other methods."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def membership_or_404(access: OrgAccess, pk: int) -> Membership:
    try:
        return selectors.membership_detail(access.organization, pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def share_account(membership: Membership) -> ShareAccount | None:
    try:
        return membership.share_account
    except ShareAccount.DoesNotExist:
        return None


def document_or_404(access: OrgAccess, pk: int, *, members_only: bool) -> PublishedDocument:
    published = selectors.published_documents(access.organization, members_only=members_only)
    return get_object_or_404(published, pk=pk)


def file_response(document: PublishedDocument) -> HttpResponse:
    """The document as a download (documents are small: at most DOCUMENT_MAX_BYTES)."""
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    name = (document.file.name or "").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
