"""What every care page shares: permissions, the redirect back, the form page and the action
that turns a service's refusal into a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from coopnet.core import web
from coopnet.core.access import OrgAccess
from coopnet.core.models import User
from coopnet.core.web import current_user

from ..forms import DataForm
from ..models import Visit

T = TypeVar("T")
M = TypeVar("M")
PAGE_SIZE = 50
READ, WRITE = "care.plans:read", "care.plans:write"


def back(name: str, access: OrgAccess, **kwargs: Any) -> HttpResponse:
    return redirect(f"care:{name}", org_slug=access.organization.slug, **kwargs)


def initial_from(instance: Any, names: tuple[str, ...]) -> dict[str, Any]:
    data = model_to_dict(instance, fields=list(names))
    for name in ("weekdays", "working_days"):
        if name in data:
            data[name] = list(data[name])
    return data


def form_page(
    request: HttpRequest,
    form: DataForm,
    write: Callable[[User, dict[str, Any]], T],
    message: str,
    then: Callable[[T], HttpResponse],
    context: dict[str, Any],
    template: str = "care/form.html",
) -> HttpResponse:
    """``core.web.form_page`` for care's forms: ``write(user, data)`` gets the form's data as
    the service takes it; the page is ``care/form.html`` unless told."""
    return web.form_page(
        request,
        form,
        lambda: write(current_user(request), form.data_for_service()),
        message,
        then,
        template,
        context,
    )


def edit_page(
    request: HttpRequest,
    form: DataForm,
    existing: M | None,
    update: Callable[[User, M, dict[str, Any]], T],
    add: Callable[[User, dict[str, Any]], T],
    message: str,
    then: Callable[[T], HttpResponse],
    titles: tuple[str, str],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """``form_page`` for a form that edits ``existing`` or, when there is none, adds one: the
    service called and the title (``titles``: editing, new) follow from that one choice."""
    return form_page(
        request,
        form,
        lambda user, data: (
            update(user, existing, data) if existing is not None else add(user, data)
        ),
        message,
        then,
        {"title": titles[0] if existing is not None else titles[1], **(context or {})},
    )


def review_warning(request: HttpRequest, visit: Visit) -> None:
    """Tell whoever recorded a flagged arrival or departure that a coordinator will look."""
    if visit.needs_review:
        messages.warning(
            request,
            _("Registrata, ma il coordinatore la verificherà prima di contarla: %(why)s.")
            % {"why": "; ".join(visit.review_labels)},
        )
