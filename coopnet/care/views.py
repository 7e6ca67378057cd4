"""Care pages for coordinators: overview, scheduling settings, catalogue and funding, carers and
their absences, and the helpers every care page uses.

Beneficiaries, health notes and plans are in ``views_care``; day boards, visits and solver
runs in ``views_visits``; the carer's phone pages and the calendar feed in ``views_carer``;
the family's page in ``views_family``; delivered hours in ``views_hours``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, get_or_404, saved

from . import selectors
from .forms import (
    AbsenceForm,
    CarerForm,
    FundingContractForm,
    NewCarerForm,
    RateForm,
    SchedulingSettingsForm,
    ServiceTypeForm,
)
from .models import Visit
from .services import carers, catalogue

PAGE_SIZE = 50
READ, WRITE = "care.plans:read", "care.plans:write"


def back(name: str, access: OrgAccess, **kwargs: Any) -> HttpResponse:
    return redirect(f"care:{name}", org_slug=access.organization.slug, **kwargs)


def review_warning(request: HttpRequest, visit: Visit) -> None:
    """Tell whoever recorded a flagged arrival or departure that a coordinator will look."""
    if visit.needs_review:
        messages.warning(
            request,
            _("Registrata, ma il coordinatore la verificherà prima di contarla: %(why)s.")
            % {"why": "; ".join(visit.review_labels)},
        )


def initial_from(instance: Any, names: tuple[str, ...]) -> dict[str, Any]:
    data = model_to_dict(instance, fields=list(names))
    for name in ("weekdays", "working_days"):
        if name in data:
            data[name] = list(data[name])
    return data


# --- overview and settings ------------------------------------------------------------------


@org_view(READ)
def overview(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization, today = access.organization, timezone.localdate()
    counts = selectors.visit_counts(organization, today)
    context = {
        "today": today,
        "counts": counts,
        "closed": counts.get("missed", 0) + counts.get("cancelled", 0),
        "beneficiaries": selectors.beneficiaries(organization).count(),
        "carers": selectors.carers(organization, active_only=True).count(),
    }
    return render(request, "care/overview.html", context)


@org_view(WRITE)
def settings_edit(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    current = catalogue.scheduling_settings(access.organization)
    initial = initial_from(current, catalogue.SETTINGS_FIELDS)
    form = SchedulingSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: catalogue.scheduling_settings_update(
                actor=current_user(request),
                organization=access.organization,
                data=form.data_for_service(),
            ),
            _("Impostazioni salvate."),
        )
        if done is not None:
            return back("overview", access)
    return render(
        request,
        "care/form.html",
        {"form": form, "title": _("Pianificazione e controlli delle visite")},
    )


# --- catalogue and funding ------------------------------------------------------------------


@org_view(READ)
def catalogue_page(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    context = {
        "service_types": selectors.service_types(organization),
        "contracts": selectors.funding_contracts(organization),
    }
    return render(request, "care/catalogue.html", context)


@org_view(WRITE)
def service_type_form(
    request: HttpRequest, access: OrgAccess, pk: int | None = None
) -> HttpResponse:
    organization = access.organization
    existing = (
        get_or_404(lambda: selectors.service_types(organization).get(pk=pk))
        if pk is not None
        else None
    )
    initial = (
        initial_from(existing, catalogue.SERVICE_TYPE_FIELDS) if existing else {"active": True}
    )
    form = ServiceTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user, data = current_user(request), form.data_for_service()
        done = saved(
            request,
            form,
            lambda: (
                catalogue.service_type_update(actor=user, service_type=existing, data=data)
                if existing
                else catalogue.service_type_create(actor=user, organization=organization, data=data)
            ),
            _("Servizio salvato."),
        )
        if done is not None:
            return back("catalogue", access)
    title = _("Modifica servizio") if existing else _("Nuovo servizio")
    return render(request, "care/form.html", {"form": form, "title": title})


@org_view(WRITE)
def contract_form(request: HttpRequest, access: OrgAccess, pk: int | None = None) -> HttpResponse:
    organization = access.organization
    existing = (
        get_or_404(lambda: selectors.funding_contracts(organization).get(pk=pk))
        if pk is not None
        else None
    )
    initial = initial_from(existing, catalogue.CONTRACT_FIELDS) if existing else {}
    form = FundingContractForm(
        request.POST or None, initial=initial, public_bodies=selectors.public_bodies()
    )
    if request.method == "POST" and form.is_valid():
        user, data = current_user(request), form.data_for_service()
        contract = saved(
            request,
            form,
            lambda: (
                catalogue.funding_contract_update(actor=user, contract=existing, data=data)
                if existing
                else catalogue.funding_contract_create(
                    actor=user, organization=organization, data=data
                )
            ),
            _("Contratto salvato."),
        )
        if contract is not None:
            return back("contract", access, pk=contract.pk)
    title = _("Modifica contratto") if existing else _("Nuovo contratto di finanziamento")
    return render(request, "care/form.html", {"form": form, "title": title})


@org_view(READ)
def contract_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    contract = get_or_404(lambda: selectors.funding_contracts(organization).get(pk=pk))
    form = RateForm(request.POST or None, service_types=selectors.service_types(organization))
    if request.method == "POST":
        if not access.can(WRITE):
            raise Http404
        if form.is_valid():
            done = saved(
                request,
                form,
                lambda: catalogue.contract_rate_set(
                    actor=current_user(request),
                    contract=contract,
                    service_type=form.cleaned_data["service_type"],
                    price_per_hour=form.cleaned_data["price_per_hour"],
                ),
                _("Tariffa salvata."),
            )
            if done is not None:
                return back("contract", access, pk=pk)
    context = {"contract": contract, "rates": selectors.contract_rates(contract), "form": form}
    return render(request, "care/contract_detail.html", context)


# --- carers ---------------------------------------------------------------------------------


@org_view(READ)
def carer_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.carers(access.organization)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "care/carer_list.html", {"page": page})


@org_view(WRITE)
def carer_form(request: HttpRequest, access: OrgAccess, pk: int | None = None) -> HttpResponse:
    organization = access.organization
    carer = get_or_404(selectors.carer_detail, organization, pk) if pk is not None else None
    form: CarerForm
    if carer:
        form = CarerForm(request.POST or None, initial=initial_from(carer, carers.CARER_FIELDS))
    else:
        form = NewCarerForm(request.POST or None, persons=selectors.carer_candidates(organization))
    if request.method == "POST" and form.is_valid():
        user, data = current_user(request), form.data_for_service()
        result = saved(
            request,
            form,
            lambda: (
                carers.carer_update(actor=user, carer=carer, data=data)
                if carer
                else carers.carer_create(
                    actor=user,
                    organization=organization,
                    person=form.cleaned_data["person"],
                    data=data,
                )
            ),
            _("Operatore salvato."),
        )
        if result is not None:
            return back("carer", access, pk=result.pk)
    title = _("Modifica operatore") if carer else _("Nuovo operatore")
    return render(request, "care/form.html", {"form": form, "title": title, "subject": carer})


@org_view(READ)
def carer_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    carer = get_or_404(selectors.carer_detail, access.organization, pk)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST":
        if not access.can(WRITE):
            raise Http404
        if form.is_valid():
            done = saved(
                request,
                form,
                lambda: carers.absence_record(
                    actor=current_user(request), carer=carer, data=form.data_for_service()
                ),
                _("Assenza registrata: ripianifica i giorni che tocca."),
            )
            if done is not None:
                return back("carer", access, pk=pk)
    context = {"carer": carer, "absences": selectors.absences(carer)[:30], "form": form}
    return render(request, "care/carer_detail.html", context)
