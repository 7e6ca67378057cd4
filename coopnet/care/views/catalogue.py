"""Care pages for coordinators: overview, scheduling settings, catalogue and funding."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import get_or_404

from .. import selectors
from ..forms import FundingContractForm, RateForm, SchedulingSettingsForm, ServiceTypeForm
from ..services import catalogue
from ._common import READ, WRITE, back, edit_page, form_page, initial_from

# --- overview and settings ------------------------------------------------------------------


@org_view(READ)
def overview(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization, today = access.organization, timezone.localdate()
    counts = selectors.visit_counts(organization, today)
    context = {
        "page_title": _("Servizi di cura"),
        "today": today,
        "counts": counts,
        "closed": counts.get("missed", 0) + counts.get("cancelled", 0),
        "beneficiaries": selectors.beneficiaries(organization).count(),
        "carers": selectors.carers(organization, active_only=True).count(),
    }
    return render(request, "care/overview.html", context)


@org_view(WRITE)
def settings_edit(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    current = selectors.scheduling_settings(access.organization)
    initial = initial_from(current, catalogue.SETTINGS_FIELDS)
    form = SchedulingSettingsForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda user, data: catalogue.scheduling_settings_update(
            actor=user,
            organization=access.organization,
            data=data,
        ),
        _("Impostazioni salvate."),
        lambda _settings: back("overview", access),
        {"title": _("Pianificazione e controlli delle visite")},
    )


# --- catalogue and funding ------------------------------------------------------------------


@org_view(READ)
def catalogue_page(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    context = {
        "page_title": _("Servizi e contratti"),
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
    return edit_page(
        request,
        form,
        existing,
        lambda user, service_type, data: catalogue.service_type_update(
            actor=user, service_type=service_type, data=data
        ),
        lambda user, data: catalogue.service_type_create(
            actor=user, organization=organization, data=data
        ),
        _("Servizio salvato."),
        lambda _service_type: back("catalogue", access),
        (_("Modifica servizio"), _("Nuovo servizio")),
    )


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
    return edit_page(
        request,
        form,
        existing,
        lambda user, contract, data: catalogue.funding_contract_update(
            actor=user, contract=contract, data=data
        ),
        lambda user, data: catalogue.funding_contract_create(
            actor=user, organization=organization, data=data
        ),
        _("Contratto salvato."),
        lambda contract: back("contract", access, pk=contract.pk),
        (_("Modifica contratto"), _("Nuovo contratto di finanziamento")),
    )


@org_view(READ)
def contract_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    contract = get_or_404(lambda: selectors.funding_contracts(organization).get(pk=pk))
    if request.method == "POST" and not access.can(WRITE):
        raise Http404
    form = RateForm(request.POST or None, service_types=selectors.service_types(organization))
    return form_page(
        request,
        form,
        lambda user, data: catalogue.contract_rate_set(
            actor=user,
            contract=contract,
            service_type=form.cleaned_data["service_type"],
            price_per_hour=form.cleaned_data["price_per_hour"],
        ),
        _("Tariffa salvata."),
        lambda _rate: back("contract", access, pk=pk),
        {"contract": contract, "rates": selectors.contract_rates(contract)},
        "care/contract_detail.html",
    )
