"""Pages of the bodies: the list with their current members, a body with its history and the
appointment form, the end of a term (asked once)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404

from .. import selectors, services
from ..forms import BodyForm, OfficeEndForm, OfficeForm
from .common import READ, WRITE, back, posted


def _writer_post(request: HttpRequest, access: OrgAccess) -> Any:
    """The posted data of a writer; a reader's POST is a 404 like any forbidden page."""
    if request.method == "POST" and not access.can(WRITE):
        raise Http404
    return posted(request)


@org_view(READ)
def bodies(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The bodies with the offices in force today; the office adds a body."""
    organization = access.organization
    form = BodyForm(_writer_post(request, access))
    return form_page(
        request,
        form,
        lambda: services.body_create(
            actor=current_user(request), organization=organization, data=form.cleaned_data
        ),
        _("Organo aggiunto."),
        lambda body: back(access, "body", pk=body.pk),
        "governance/bodies.html",
        {
            "page_title": _("Organi sociali"),
            "bodies": selectors.bodies(organization, timezone.localdate()),
            "can_write": access.can(WRITE),
        },
    )


@org_view(READ)
def body(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A body's terms, current and ended; the office records an appointment."""
    found = get_or_404(selectors.body_detail, access.organization, pk)
    form = OfficeForm(
        _writer_post(request, access),
        persons=selectors.office_candidates(access.organization),
    )
    return form_page(
        request,
        form,
        lambda: services.office_appoint(
            actor=current_user(request), body=found, data=form.cleaned_data
        ),
        _("Carica registrata."),
        lambda _office: back(access, "body", pk=found.pk),
        "governance/body.html",
        {"body": found, "offices": selectors.body_offices(found), "can_write": access.can(WRITE)},
    )


@org_view(WRITE)
def office_end(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """End a term: the page says what happens and asks once."""
    office = get_or_404(selectors.office_detail, access.organization, pk)
    form = OfficeEndForm(posted(request), initial={"ended_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda: services.office_end(
            actor=current_user(request),
            office=office,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        ),
        _("Cessazione registrata."),
        lambda _office: back(access, "body", pk=office.body_id),
        "governance/office_end.html",
        {"office": office},
    )
