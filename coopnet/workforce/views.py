"""Workforce pages: dashboard, employment, people and qualifications, volunteers.

The vault and privacy pages are in ``views_vault``, the import page in ``views_io``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response
from coopnet.core.models import Organization, User
from coopnet.members.models import Person
from coopnet.members.services import person_create

from . import selectors, services, vault
from .forms import (
    EmploymentCreateForm,
    EmploymentEditForm,
    EmploymentEndForm,
    EmploymentFilterForm,
    HoursForm,
    InsuranceForm,
    QualificationForm,
    ReimbursementForm,
    VolunteerForm,
    YearForm,
)
from .models import DisadvantagedStatus, Employment, Volunteer

PAGE_SIZE = 50


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def apply_errors(form: Form, error: ValidationError) -> None:
    """Show a service's errors next to the form's fields (others at the top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _get_or_404(getter: Any, *args: Any) -> Any:
    try:
        return getter(*args)
    except (Employment.DoesNotExist, Person.DoesNotExist, Volunteer.DoesNotExist) as error:
        raise Http404 from error


def _back(name: str, organization: Organization, **kwargs: Any) -> HttpResponse:
    return redirect(f"workforce:{name}", org_slug=organization.slug, **kwargs)


# --- dashboard -----------------------------------------------------------------------------


@org_view("workforce.staff:read")
def dashboard(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Headcounts and alerts. Disadvantage appears only as suppressed aggregates, and the
    names behind expiring certificates only to vault readers with a verified second factor."""
    organization = access.organization
    today = timezone.localdate()
    certificates: list[DisadvantagedStatus] | None = None
    can_see_names = access.can(vault.READ)
    if can_see_names and otp.is_verified(request):
        certificates = vault.expiring_certificates(
            actor=current_user(request), organization=organization, verified=True, today=today
        )
    context = {
        "today": today,
        "counts": selectors.workforce_counts(organization, today),
        "disadvantaged": vault.disadvantaged_counts(organization=organization, on=today),
        "certificates_count": vault.expiring_certificates_count(
            organization=organization, today=today
        ),
        "certificates": certificates,
        "can_see_names": can_see_names,
        "alert_days": vault.CERTIFICATE_ALERT_DAYS,
        "qualifications": list(selectors.expiring_qualifications(organization, today)[:50]),
        "gaps": list(selectors.insurance_gaps(organization, today)[:50]),
        "verify_url": f"{reverse('otp_verify')}?next={request.path}",
    }
    return render(request, "workforce/dashboard.html", context)


# --- employment ----------------------------------------------------------------------------


@org_view("workforce.staff:read")
def employment_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    form = EmploymentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = selectors.employments(
        organization,
        active_on=None if filters.get("status") == "tutti" else today,
        contract_type=filters.get("contract_type") or "",
        branch=filters.get("branch") or "",
        query=filters.get("q") or "",
    )
    if request.GET.get("format") == "csv":
        return csv_response("personale", _employment_header(), _employment_rows(rows))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workforce/employment_list.html", {"form": form, "page": page})


def _employment_header() -> list[str]:
    return [
        _("Cognome"),
        _("Nome"),
        _("Codice fiscale"),
        _("Contratto"),
        _("Ramo"),
        _("CCNL"),
        _("Livello"),
        _("Ore settimanali"),
        _("Inizio"),
        _("Fine"),
    ]


def _employment_rows(rows: Any) -> Any:
    for e in rows.iterator(chunk_size=1000):
        yield [
            e.person.surname,
            e.person.given_name,
            e.person.codice_fiscale,
            e.get_contract_type_display(),
            e.branch,
            e.ccnl,
            e.level,
            str(e.weekly_hours).replace(".", ","),
            e.start_date,
            e.end_date,
        ]


@org_view("workforce.staff:write")
def employment_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    form = EmploymentCreateForm(request.POST or None, organization=organization)
    form.set_persons(selectors.persons(organization))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = form.cleaned_data["person"] or person_create(
                    actor=current_user(request),
                    organization=organization,
                    data=form.new_person_data(),
                )
                employment = services.employment_create(
                    actor=current_user(request),
                    organization=organization,
                    person=person,
                    data=form.employment_data(),
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rapporto di lavoro registrato."))
            return _back("person", organization, pk=employment.person_id)
    context = {"form": form, "title": _("Nuovo rapporto di lavoro")}
    return render(request, "workforce/employment_form.html", context)


@org_view("workforce.staff:write")
def employment_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    employment = _get_or_404(selectors.employment_detail, organization, pk)
    initial = {
        name: getattr(employment, name)
        for name in (
            "branch",
            "contract_type",
            "ccnl",
            "level",
            "weekly_hours",
            "start_date",
            "end_date",
            "gross_annual_pay",
        )
    }
    form = EmploymentEditForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_update(
                actor=current_user(request), employment=employment, data=form.employment_data()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rapporto di lavoro aggiornato."))
            return _back("person", organization, pk=employment.person_id)
    context = {"form": form, "employment": employment, "title": _("Modifica rapporto di lavoro")}
    return render(request, "workforce/employment_form.html", context)


@org_view("workforce.staff:write")
@require_http_methods(["GET", "POST"])
def employment_end(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    employment = _get_or_404(selectors.employment_detail, organization, pk)
    form = EmploymentEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_end(
                actor=current_user(request),
                employment=employment,
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rapporto di lavoro chiuso."))
            return _back("person", organization, pk=employment.person_id)
    return render(
        request, "workforce/employment_end.html", {"form": form, "employment": employment}
    )


# --- people --------------------------------------------------------------------------------


@org_view("workforce.staff:read")
def person_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Employments, qualifications and volunteering of a person: never disadvantage data."""
    person = _get_or_404(selectors.person_detail, access.organization, pk)
    context = {
        "person": person,
        "today": timezone.localdate(),
        "qualification_form": QualificationForm(),
    }
    return render(request, "workforce/person_detail.html", context)


@org_view("workforce.staff:write")
@require_http_methods(["GET", "POST"])
def qualification_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    person = _get_or_404(selectors.person_detail, organization, pk)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.qualification_create(
                actor=current_user(request),
                organization=organization,
                person=person,
                data={
                    **form.cleaned_data,
                    "title": form.cleaned_data["title"] or "",
                    "issued_by": form.cleaned_data["issued_by"] or "",
                },
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Qualifica registrata."))
            return _back("person", organization, pk=person.pk)
    context = {"person": person, "today": timezone.localdate(), "qualification_form": form}
    return render(request, "workforce/person_detail.html", context)


# --- volunteers ----------------------------------------------------------------------------


@org_view("workforce.staff:read")
def volunteer_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    today = timezone.localdate()
    active_only = request.GET.get("status") != "tutti"
    rows = selectors.volunteers(access.organization, today=today, active_only=active_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
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
    form.set_persons(selectors.persons(organization))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = form.cleaned_data["person"] or person_create(
                    actor=current_user(request),
                    organization=organization,
                    data=form.new_person_data(),
                )
                volunteer = services.volunteer_register(
                    actor=current_user(request),
                    organization=organization,
                    person=person,
                    data={
                        "activities": form.cleaned_data["activities"] or "",
                        "start_date": form.cleaned_data["start_date"],
                        "end_date": form.cleaned_data["end_date"],
                    },
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Volontario iscritto nel registro."))
            return _back("volunteer", organization, pk=volunteer.pk)
    return render(request, "workforce/volunteer_form.html", {"form": form})


def _volunteer_page(
    request: HttpRequest, access: OrgAccess, volunteer: Volunteer, **forms: Form
) -> HttpResponse:
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
    volunteer = _get_or_404(selectors.volunteer_detail, access.organization, pk)
    return _volunteer_page(request, access, volunteer)


def _volunteer_post(
    request: HttpRequest,
    access: OrgAccess,
    pk: int,
    form_class: type[Form],
    form_key: str,
    write: Callable[..., object],
    success: str,
) -> HttpResponse:
    """Validate one of the volunteer page's forms, call its service, or show the errors."""
    volunteer = _get_or_404(selectors.volunteer_detail, access.organization, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            write(actor=current_user(request), volunteer=volunteer, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return _back("volunteer", access.organization, pk=pk)
    return _volunteer_page(request, access, volunteer, **{form_key: form})


@org_view("workforce.staff:write")
@require_POST
def insurance_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _volunteer_post(
        request,
        access,
        pk,
        InsuranceForm,
        "insurance_form",
        services.insurance_add,
        _("Copertura assicurativa registrata."),
    )


@org_view("workforce.staff:write")
@require_POST
def hours_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _volunteer_post(
        request,
        access,
        pk,
        HoursForm,
        "hours_form",
        services.hours_record,
        _("Ore registrate."),
    )


@org_view("workforce.staff:write")
@require_POST
def reimbursement_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _volunteer_post(
        request,
        access,
        pk,
        ReimbursementForm,
        "reimbursement_form",
        services.reimbursement_record,
        _("Rimborso registrato."),
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
