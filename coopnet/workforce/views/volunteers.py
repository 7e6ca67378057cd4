"""Workforce pages of the volunteer register: the list, a volunteer's page with its three
forms (insurance, hours, expenses) and the hours of a year month by month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, get_or_404, saved

from .. import selectors, services
from ..forms import HoursForm, InsuranceForm, ReimbursementForm, VolunteerForm, YearForm
from ..models import Volunteer
from ._common import PAGE_SIZE, back, person_form_page

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


@org_view("workforce.staff:read")
def volunteer_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    today = timezone.localdate()
    active_only = request.GET.get("status") != "tutti"
    rows = selectors.volunteers(access.organization, today=today, active_only=active_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_title": _("Registro dei volontari"),
        "page": page,
        "active_only": active_only,
        "today": today,
        "pending_count": selectors.pending_hours(access.organization).count(),
    }
    return render(request, "workforce/volunteer_list.html", context)


@org_view("workforce.staff:write")
def volunteer_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    form = VolunteerForm(request.POST or None)
    return person_form_page(
        request,
        organization,
        form,
        lambda actor, person, new_person: services.volunteer_register(
            actor=actor,
            organization=organization,
            person=person,
            new_person=new_person,
            data={
                "activities": form.cleaned_data["activities"] or "",
                "start_date": form.cleaned_data["start_date"],
                "end_date": form.cleaned_data["end_date"],
            },
        ),
        _("Volontario iscritto nel registro."),
        lambda volunteer: back("volunteer", organization, pk=volunteer.pk),
        "workforce/volunteer_form.html",
    )


def _volunteer_page(request: HttpRequest, volunteer: Volunteer, **forms: Form) -> HttpResponse:
    context = {
        "volunteer": volunteer,
        "today": timezone.localdate(),
        "insurance_form": forms.get("insurance_form") or InsuranceForm(),
        "hours_form": forms.get("hours_form") or HoursForm(),
        "reimbursement_form": forms.get("reimbursement_form") or ReimbursementForm(),
    }
    return render(request, "workforce/volunteer_detail.html", context)


@org_view("workforce.staff:read")
def volunteer_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    volunteer = get_or_404(selectors.volunteer_detail, access.organization, pk)
    return _volunteer_page(request, volunteer)


def _volunteer_form(
    form_class: type[Form], form_key: str, write: Callable[..., object], success: StrOrPromise
) -> Callable[..., HttpResponse]:
    """The POST view of one of the volunteer page's forms: validate it, call ``write``, or
    show the page again with the errors."""

    @org_view("workforce.staff:write")
    @require_POST
    def view(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
        volunteer = get_or_404(selectors.volunteer_detail, access.organization, pk)
        form = form_class(request.POST)
        if form.is_valid():
            done = saved(
                request,
                form,
                lambda: write(
                    actor=current_user(request), volunteer=volunteer, **form.cleaned_data
                ),
                str(success),
            )
            if done is not None:
                return back("volunteer", access.organization, pk=pk)
        return _volunteer_page(request, volunteer, **{form_key: form})

    return view


insurance_create = _volunteer_form(
    InsuranceForm,
    "insurance_form",
    services.insurance_add,
    gettext_lazy("Copertura assicurativa registrata."),
)
hours_create = _volunteer_form(
    HoursForm, "hours_form", services.hours_record, gettext_lazy("Ore registrate.")
)
reimbursement_create = _volunteer_form(
    ReimbursementForm,
    "reimbursement_form",
    services.reimbursement_record,
    gettext_lazy("Rimborso registrato."),
)


@org_view("workforce.staff:read")
def hours_summary(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Hours per volunteer per month of a year."""
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or (
        timezone.localdate().year
    )
    rows = selectors.hours_by_month(access.organization, year)
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    context = {"form": form, "year": year, "rows": rows, "months": months}
    return render(request, "workforce/hours_summary.html", context)
