"""Every read of the contracts app, scoped to the organization (or a consortium's members);
receivables (amounts by customer, overdue invoices) in ``receivables.py``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.network.selectors import consortium_members

from ..models import (
    Bid,
    BidChecklistItem,
    BillingProfile,
    Contract,
    Invoice,
    InvoiceState,
    Lot,
    Outcome,
    Payment,
    SdiState,
    Tender,
    TenderDocument,
)
from .receivables import OverdueRow as OverdueRow
from .receivables import Receivable as Receivable
from .receivables import late_interest_rate as late_interest_rate
from .receivables import network_receivables as network_receivables
from .receivables import overdue as overdue
from .receivables import receivables as receivables


def tenders(organization: Organization) -> QuerySet[Tender]:
    return (
        Tender.objects.for_org(organization)
        .select_related("authority")
        .annotate(lot_count=Count("lots", distinct=True), bid_count=Count("bids", distinct=True))
        .order_by("-bid_deadline", "-pk")
    )


def tender(organization: Organization, pk: int) -> Tender:
    """One tender with its lots and documents (DoesNotExist when not the organization's)."""
    return (
        Tender.objects.for_org(organization)
        .select_related("authority")
        .prefetch_related("lots", "documents")
        .get(pk=pk)
    )


def document(organization: Organization, pk: int) -> TenderDocument:
    return TenderDocument.objects.for_org(organization).get(pk=pk)


def lots(organization: Organization, tender: Tender) -> QuerySet[Lot]:
    return Lot.objects.for_org(organization).filter(tender=tender)


def _with_details(bids: QuerySet[Bid]) -> QuerySet[Bid]:
    return bids.select_related("tender__authority", "organization").prefetch_related(
        "lots", "members__member"
    )


def bids(organization: Organization, *, tender: Tender | None = None) -> QuerySet[Bid]:
    found = Bid.objects.for_org(organization)
    if tender is not None:
        found = found.filter(tender=tender)
    return _with_details(found)


def bid(organization: Organization, pk: int) -> Bid:
    """One bid with its members, lots, checklist and contract, if any."""
    return (
        _with_details(Bid.objects.for_org(organization))
        .prefetch_related("checklist__owner")
        .get(pk=pk)
    )


def checklist_item(organization: Organization, bid: Bid, pk: int) -> BidChecklistItem:
    return BidChecklistItem.objects.for_org(organization).get(bid=bid, pk=pk)


def contract_of(organization: Organization, bid: Bid) -> Contract | None:
    return Contract.objects.for_org(organization).filter(bid=bid).first()


def contracts(organization: Organization) -> QuerySet[Contract]:
    return (
        Contract.objects.for_org(organization)
        .select_related("bid__tender__authority")
        .prefetch_related("lots")
    )


def contract(organization: Organization, pk: int) -> Contract:
    return contracts(organization).prefetch_related("shares__executor").get(pk=pk)


def public_bodies() -> QuerySet[Organization]:
    """Contracting authorities: organizations of kind public body (the public directory)."""
    return Organization.objects.filter(kind=OrganizationKind.PUBLIC_BODY)


def bid_partners() -> QuerySet[Organization]:
    """Who may appear in a bid: every operator (no public body)."""
    return Organization.objects.exclude(kind=OrganizationKind.PUBLIC_BODY)


def people(organization: Organization) -> QuerySet[User]:
    """Users holding a role in the organization: the checklist's possible owners."""
    return User.objects.filter(role_assignments__organization=organization).distinct()


def network_bids(group: Organization, day: dt.date) -> QuerySet[Bid]:
    """Pending and recent bids of a consortium and of its members today, with each bid's
    tender deadline and next open checklist date, soonest first."""
    members = consortium_members(group).values("pk")
    open_items = Q(checklist__done=False)
    return (
        _with_details(Bid.objects.for_orgs(members) | Bid.objects.for_org(group))
        .filter(Q(outcome=Outcome.PENDING) | Q(tender__bid_deadline__gte=day))
        .annotate(
            next_due=Min("checklist__due_date", filter=open_items),
            open_items=Count("checklist", filter=open_items),
        )
        .order_by("tender__bid_deadline", "organization__short_name", "pk")
    )


def invoices(organization: Organization) -> QuerySet[Invoice]:
    """The organization's invoices, the newest first, with customer and lines."""
    return (
        Invoice.objects.for_org(organization)
        .select_related("customer", "credited")
        .prefetch_related("lines")
    )


def invoice(organization: Organization, pk: int) -> Invoice:
    """One invoice with its lines and rejections (DoesNotExist when not the organization's)."""
    return (
        Invoice.objects.for_org(organization)
        .select_related("customer", "contract__bid__tender", "credited")
        .prefetch_related(
            "lines",
            "rejections",
            Prefetch(
                "payments",
                queryset=Payment.objects.for_org(organization).select_related("reversed_by"),
            ),
            Prefetch(
                "credit_notes",
                queryset=Invoice.objects.for_org(organization).filter(state=InvoiceState.ISSUED),
            ),
        )
        .get(pk=pk)
    )


def customers(organization: Organization) -> QuerySet[Organization]:
    """Whom the organization can invoice: the parties it keeps billing data for."""
    parties = BillingProfile.objects.for_org(organization).exclude(party=organization)
    return Organization.objects.filter(pk__in=parties.values("party")).order_by("legal_name")


def invoices_to_send(organization: Organization) -> QuerySet[Invoice]:
    """Issued files with no SdI answer yet."""
    return invoices(organization).filter(state=InvoiceState.ISSUED, sdi_state=SdiState.NONE)


def billing_parties(organization: Organization) -> QuerySet[Organization]:
    """Whose billing data an organization may record: itself, public bodies, other operators."""
    return Organization.objects.filter(
        Q(pk=organization.pk) | Q(pk__in=public_bodies()) | Q(pk__in=bid_partners())
    ).order_by("legal_name")
