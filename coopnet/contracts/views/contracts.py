"""Pages of contracts (from an awarded bid) and the consortium's page of its members' bids."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import OrganizationKind
from coopnet.core.web import current_user, get_or_404

from .. import rules, selectors, services
from ..forms import ContractForm
from .bids import DECIDE
from .tenders import READ, form_screen


@org_view(DECIDE)
def contract_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    bid = get_or_404(selectors.bid, access.organization, pk)
    lots = bid.lots.all()
    form = ContractForm(
        request.POST or None, lots=lots, initial={"lots": lots, "value": bid.amount}
    )
    return form_screen(
        request,
        form,
        lambda: services.contract_create(
            actor=current_user(request),
            bid=bid,
            data={k: v for k, v in form.cleaned_data.items() if k != "lots"},
            lots=list(form.cleaned_data["lots"]),
        ),
        _("Contratto registrato."),
        lambda contract: redirect("contracts:contract", access.organization.slug, contract.pk),
        _("Nuovo contratto"),
        bid,
    )


@org_view(READ)
def contract_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    page = Paginator(selectors.executed_contracts(access.organization), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "contracts/contract_list.html", {"page": page})


@org_view(READ)
def contract_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    org = access.organization
    contract = get_or_404(selectors.executed_contract, org, pk)
    example = rules.price_revision(
        contract.value,
        contract.revision_threshold * 2,
        contract.revision_threshold,
        contract.revision_share,
    )
    context = {
        "contract": contract,
        "example": example,
        "example_change": contract.revision_threshold * 2,
        # execution: the organization's own plans, prices and statements on this contract;
        # beneficiaries' names only to those who read care plans
        "plan_links": list(selectors.plan_links(org, contract)),
        "show_plans": access.can("care.plans:read"),
        "prices": selectors.prices(org, contract),
        "statements": selectors.statements(org, contract),
        "can_write": access.can(DECIDE),
    }
    return render(request, "contracts/contract_detail.html", context)


@org_view("contracts.network:read")
def network_bids(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A consortium's page: its own and its members' bids with their deadlines."""
    if access.organization.kind not in OrganizationKind.groups():
        raise Http404
    today = timezone.localdate()
    bids = selectors.network_bids(access.organization, today)
    return render(request, "contracts/network.html", {"bids": bids, "today": today})
