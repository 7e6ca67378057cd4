"""Workforce pages: the dashboard, employment periods, a person's page and qualifications."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response
from coopnet.core.web import current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import (
    EmploymentCreateForm,
    EmploymentEditForm,
    EmploymentEndForm,
    EmploymentFilterForm,
    QualificationForm,
)
from ..models import DisadvantagedStatus
from ..selectors import disadvantage
from ..selectors import vault as vault_reads
from ..services.employment import EMPLOYMENT_FIELDS
from ..services.vault_access import READ
from ._common import PAGE_SIZE, back, person_form_page


@org_view("workforce.staff:read")
def dashboard(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Headcounts and alerts. Disadvantage appears only as suppressed aggregates, and the
    names behind expiring certificates only to vault readers with a verified second factor."""
    organization = access.organization
    today = timezone.localdate()
    certificates: list[DisadvantagedStatus] | None = None
    can_see_names = access.can(READ)
    if can_see_names and otp.is_verified(request):
        certificates = vault_reads.expiring_certificates(
            actor=current_user(request), organization=organization, verified=True, today=today
        )
    context = {
        "today": today,
        "counts": selectors.workforce_counts(organization, today),
        "disadvantaged": disadvantage.disadvantaged_counts(organization=organization, on=today),
        "certificates_count": vault_reads.expiring_certificates_count(
            organization=organization, today=today
        ),
        "certificates": certificates,
        "can_see_names": can_see_names,
        "alert_days": vault_reads.CERTIFICATE_ALERT_DAYS,
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
    context = {"page_title": _("Personale"), "form": form, "page": page}
    return render(request, "workforce/employment_list.html", context)


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
    return person_form_page(
        request,
        organization,
        form,
        lambda actor, person, new_person: services.employment_create(
            actor=actor,
            organization=organization,
            person=person,
            new_person=new_person,
            data=form.employment_data(),
        ),
        _("Rapporto di lavoro registrato."),
        lambda period: back("person", organization, pk=period.person_id),
        "workforce/employment_form.html",
        {"title": _("Nuovo rapporto di lavoro")},
    )


@org_view("workforce.staff:write")
def employment_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    employment = get_or_404(selectors.employment_detail, organization, pk)
    initial = {name: getattr(employment, name) for name in EMPLOYMENT_FIELDS}
    form = EmploymentEditForm(request.POST or None, initial=initial, organization=organization)
    return form_page(
        request,
        form,
        lambda: services.employment_update(
            actor=current_user(request), employment=employment, data=form.employment_data()
        ),
        _("Rapporto di lavoro aggiornato."),
        lambda period: back("person", organization, pk=period.person_id),
        "workforce/employment_form.html",
        {"employment": employment, "title": _("Modifica rapporto di lavoro")},
    )


@org_view("workforce.staff:write")
@require_http_methods(["GET", "POST"])
def employment_end(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    employment = get_or_404(selectors.employment_detail, organization, pk)
    form = EmploymentEndForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.employment_end(
            actor=current_user(request), employment=employment, **form.cleaned_data
        ),
        _("Rapporto di lavoro chiuso."),
        lambda period: back("person", organization, pk=period.person_id),
        "workforce/employment_end.html",
        {"employment": employment},
    )


# --- people --------------------------------------------------------------------------------


@org_view("workforce.staff:read")
def person_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Employments, qualifications and volunteering of a person: never disadvantage data."""
    person = get_or_404(selectors.person_detail, access.organization, pk)
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
    person = get_or_404(selectors.person_detail, organization, pk)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.qualification_create(
                actor=current_user(request),
                organization=organization,
                person=person,
                data={
                    **form.cleaned_data,
                    "title": form.cleaned_data["title"] or "",
                    "issued_by": form.cleaned_data["issued_by"] or "",
                },
            ),
            _("Qualifica registrata."),
        )
        if done is not None:
            return back("person", organization, pk=person.pk)
    context = {"person": person, "today": timezone.localdate(), "qualification_form": form}
    return render(request, "workforce/person_detail.html", context)
