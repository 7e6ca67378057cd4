"""Pages of bids: a new bid with its members, the bid with its checklist, the outcome."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import BidForm, ChecklistItemForm, MemberFormSet, OutcomeForm, member_specs
from ..models import Bid
from .tenders import READ, WRITE

DECIDE = "contracts.contracts:write"


@org_view(WRITE)
def bid_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    org = access.organization
    tender = get_or_404(selectors.tender, org, pk)
    data = request.POST or None
    form = BidForm(data, lots=selectors.lots(org, tender))
    members = MemberFormSet(
        data, prefix="members", form_kwargs={"partners": selectors.bid_partners()}
    )
    if request.method == "POST" and form.is_valid() and members.is_valid():
        lots = list(form.cleaned_data.pop("lots"))
        bid = saved(
            request,
            form,
            lambda: services.bid_create(
                actor=current_user(request),
                tender=tender,
                data=form.cleaned_data,
                lots=lots,
                members=member_specs(members),
            ),
            _("Offerta registrata."),
        )
        if bid is not None:
            return redirect("contracts:bid", org.slug, bid.pk)
    context = {"form": form, "members": members, "tender": tender}
    return render(request, "contracts/bid_form.html", context)


def _bid_context(access: OrgAccess, bid: Bid, item_form: ChecklistItemForm) -> dict[str, Any]:
    return {
        "bid": bid,
        "item_form": item_form,
        "contract": selectors.contract_of(access.organization, bid),
        "today": timezone.localdate(),
    }


@org_view(READ)
def bid_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    bid = get_or_404(selectors.bid, access.organization, pk)
    form = ChecklistItemForm(people=selectors.people(access.organization))
    return render(request, "contracts/bid_detail.html", _bid_context(access, bid, form))


@org_view(WRITE)
@require_POST
def checklist_add(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    bid = get_or_404(selectors.bid, access.organization, pk)
    form = ChecklistItemForm(request.POST, people=selectors.people(access.organization))
    return form_page(
        request,
        form,
        lambda: services.checklist_item_add(
            actor=current_user(request), bid=bid, data=form.cleaned_data
        ),
        _("Voce aggiunta."),
        lambda _item: redirect("contracts:bid", access.organization.slug, bid.pk),
        "contracts/bid_detail.html",
        _bid_context(access, bid, form),
    )


@org_view(WRITE)
@require_POST
def checklist_toggle(
    request: HttpRequest, access: OrgAccess, pk: int, item_pk: int
) -> HttpResponse:
    bid = get_or_404(selectors.bid, access.organization, pk)
    item = get_or_404(selectors.checklist_item, access.organization, bid, item_pk)
    services.checklist_item_done(
        actor=current_user(request), item=item, done=not item.done, on=timezone.localdate()
    )
    return redirect("contracts:bid", access.organization.slug, bid.pk)


@org_view(DECIDE)
def bid_outcome(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Award, lose, exclude or withdraw a bid: a page that says what follows, then asks."""
    bid = get_or_404(selectors.bid, access.organization, pk)
    form = OutcomeForm(request.POST or None, initial={"outcome_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda: services.bid_outcome(actor=current_user(request), bid=bid, **form.cleaned_data),
        _("Esito registrato."),
        lambda _done: redirect("contracts:bid", access.organization.slug, bid.pk),
        "contracts/bid_outcome.html",
        {"bid": bid},
    )
