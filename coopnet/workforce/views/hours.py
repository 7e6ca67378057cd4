"""Hours volunteers propose: their own phone page and the staff review queue."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, get_or_404, saved

from .. import selectors, services
from ..forms import HoursForm, ReviewForm
from ..models import Volunteer
from ._common import PAGE_SIZE

OWN = "workforce.volunteering:own"
OWN_HISTORY_DAYS = 365  # the page shows the last twelve months


def _own_volunteer_or_404(request: HttpRequest, access: OrgAccess) -> Volunteer:
    """The volunteer the logged-in user is: anyone else gets the same 404 as an outsider."""
    volunteer = selectors.own_volunteer(access.organization, current_user(request))
    if volunteer is None:
        raise Http404
    return volunteer


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@org_view(OWN)
@require_http_methods(["GET", "POST"])
def own_volunteering(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The volunteer's hours of the last year and a form to propose more."""
    volunteer = _own_volunteer_or_404(request, access)
    form = HoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposed = saved(
            request,
            form,
            lambda: services.hours_propose(
                actor=current_user(request), volunteer=volunteer, **form.cleaned_data
            ),
            _("Ore inviate: le vedrai nel totale dopo l'approvazione."),
        )
        if proposed is not None:
            return redirect("workforce:own_volunteering", org_slug=access.organization.slug)
    today = timezone.localdate()
    since = today - dt.timedelta(days=OWN_HISTORY_DAYS)
    context = {
        "volunteer": volunteer,
        "rows": list(selectors.own_hours(volunteer, since=since)),
        "year": today.year,
        "year_total": selectors.approved_hours_in_year(volunteer, today.year),
        "form": form,
    }
    return render(request, "workforce/own_volunteering.html", context)


@org_view(OWN)
@require_POST
def own_hours_withdraw(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    volunteer = _own_volunteer_or_404(request, access)
    entry = get_or_404(
        lambda: selectors.own_hours(volunteer).select_related("volunteer__person").get(pk=pk)
    )
    try:
        services.hours_withdraw(actor=current_user(request), entry=entry)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Ore ritirate."))
    return redirect("workforce:own_volunteering", org_slug=access.organization.slug)


@org_view("workforce.staff:read")
def pending_hours(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The staff queue of hours proposed by volunteers, oldest first."""
    rows = selectors.pending_hours(access.organization)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workforce/hours_pending.html", {"page": page})


@org_view("workforce.staff:write")
@require_POST
def hours_review(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    entry = get_or_404(lambda: selectors.pending_hours(access.organization).get(pk=pk))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Scegli se approvare o respingere; la nota ha al massimo 200 caratteri.")
        )
        return redirect("workforce:pending_hours", org_slug=access.organization.slug)
    approve = form.cleaned_data["decision"] == "approva"
    try:
        services.hours_review(
            actor=current_user(request),
            entry=entry,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Ore approvate.") if approve else _("Ore respinte."))
    return redirect("workforce:pending_hours", org_slug=access.organization.slug)
