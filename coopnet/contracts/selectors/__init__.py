"""Every read of the contracts app, scoped to the organization (or a consortium's members);
receivables (amounts by customer, overdue invoices) in ``receivables.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from coopnet.care import selectors as care
from coopnet.care.models import CarePlan, ServiceType
from coopnet.core.dates import sums_by_month, sums_by_organization
from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.members.models import Person
from coopnet.network.selectors import consortium_members
from coopnet.workforce import vault
from coopnet.workforce.models import SensitivePurpose
from coopnet.workforce.selectors import persons

from ..figures import Figures, ServiceFigure, month_last_day
from ..models import (
    Bid,
    BidChecklistItem,
    BillingProfile,
    Contract,
    ContractPlan,
    ContractPrice,
    ContractStatement,
    DocumentType,
    Invoice,
    InvoiceLine,
    InvoiceState,
    Lot,
    Outcome,
    Payment,
    SdiState,
    Tender,
    TenderDocument,
    WorkedHours,
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
    return Organization.objects.in_network().exclude(kind=OrganizationKind.PUBLIC_BODY)


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


def _revenue_lines(
    lines: QuerySet[InvoiceLine], start: dt.date, end: dt.date
) -> QuerySet[InvoiceLine]:
    """Lines of issued invoices dated between ``start`` and ``end``, not refused by the
    customer."""
    return lines.filter(
        invoice__state=InvoiceState.ISSUED,
        invoice__issue_date__gte=start,
        invoice__issue_date__lte=end,
    ).exclude(invoice__sdi_state=SdiState.REFUSED)


def revenue_by_customer_kind(
    organization: Organization, *, start: dt.date, end: dt.date
) -> dict[str, Decimal]:
    """Taxable amount invoiced between ``start`` and ``end`` to public bodies (``public``)
    and to everyone else (``private``): issued invoices not refused by the customer, credit
    notes subtracted, VAT excluded (the lines' totals). One query."""
    public = Q(invoice__customer__kind=OrganizationKind.PUBLIC_BODY)
    credit = Q(invoice__document_type=DocumentType.CREDIT_NOTE)
    lines = _revenue_lines(InvoiceLine.objects.for_org(organization), start, end)
    sums = lines.aggregate(
        public=Sum("total", filter=public & ~credit),
        public_credit=Sum("total", filter=public & credit),
        private=Sum("total", filter=~public & ~credit),
        private_credit=Sum("total", filter=~public & credit),
    )
    zero = Decimal("0")
    return {
        kind: (sums[kind] or zero) - (sums[f"{kind}_credit"] or zero)
        for kind in ("public", "private")
    }


def public_revenue_by_organization(
    organization_ids: Collection[int], *, start: dt.date, end: dt.date, by_month: bool = False
) -> dict[tuple[int, dt.date | None], Decimal]:
    """The revenue from public bodies of ``revenue_by_customer_kind`` by organization, and by
    month (its first day; else ``None``), for dashboards over many organizations; one query."""
    credit = Q(invoice__document_type=DocumentType.CREDIT_NOTE)
    lines = _revenue_lines(InvoiceLine.objects.for_orgs(organization_ids), start, end).filter(
        invoice__customer__kind=OrganizationKind.PUBLIC_BODY
    )
    found = sums_by_organization(
        lines,
        "invoice__issue_date",
        {
            "billed": lambda within: Sum("total", filter=within & ~credit),
            "credited": lambda within: Sum("total", filter=within & credit),
        },
        start=start,
        end=end,
        by_month=by_month,
    )
    zero = Decimal("0")
    return {key: (r["billed"] or zero) - (r["credited"] or zero) for key, r in found.items()}


def public_revenue_by_month(
    organization_ids: Collection[int], *, start: dt.date, end: dt.date
) -> dict[dt.date, Decimal]:
    """The revenue from public bodies of ``public_revenue_by_organization`` by month (its
    first day), all the organizations together; one query with a row a month."""
    credit = Q(invoice__document_type=DocumentType.CREDIT_NOTE)
    lines = _revenue_lines(InvoiceLine.objects.for_orgs(organization_ids), start, end).filter(
        invoice__customer__kind=OrganizationKind.PUBLIC_BODY
    )
    found = sums_by_month(
        lines,
        "invoice__issue_date",
        {"billed": Sum("total", filter=~credit), "credited": Sum("total", filter=credit)},
        start=start,
        end=end,
    )
    zero = Decimal("0")
    return {month: (r["billed"] or zero) - (r["credited"] or zero) for month, r in found.items()}


def invoices_to_send(organization: Organization) -> QuerySet[Invoice]:
    """Issued files with no SdI answer yet."""
    return invoices(organization).filter(state=InvoiceState.ISSUED, sdi_state=SdiState.NONE)


def billing_parties(organization: Organization) -> QuerySet[Organization]:
    """Whose billing data an organization may record: itself, public bodies, other operators."""
    return Organization.objects.filter(
        Q(pk=organization.pk) | Q(pk__in=public_bodies()) | Q(pk__in=bid_partners())
    ).order_by("legal_name")


# --- execution: linked plans, prices, hours worked, monthly statements ----------------------


def executed_contracts(organization: Organization) -> QuerySet[Contract]:
    """Contracts the organization holds or executes (for its consortium or in an RTI)."""
    return (
        Contract.objects.for_orgs(bid_partners())
        .filter(Q(organization=organization) | Q(shares__executor=organization))
        .distinct()
        .select_related("bid__tender__authority", "organization")
        .prefetch_related("lots")
    )


def executed_contract(organization: Organization, pk: int) -> Contract:
    """One contract the organization holds or executes (DoesNotExist otherwise)."""
    return executed_contracts(organization).prefetch_related("shares__executor").get(pk=pk)


def plan_links(organization: Organization, contract: Contract) -> QuerySet[ContractPlan]:
    """The organization's care plans linked to ``contract``, by beneficiary."""
    return (
        ContractPlan.objects.for_org(organization)
        .filter(contract=contract)
        .select_related("plan__beneficiary__person")
    )


def plan_link(organization: Organization, contract: Contract, pk: int) -> ContractPlan:
    return plan_links(organization, contract).get(pk=pk)


def linkable_plans(organization: Organization) -> QuerySet[CarePlan]:
    """The organization's care plans not yet linked to any contract."""
    return (
        CarePlan.objects.for_org(organization)
        .filter(contract_link__isnull=True)
        .select_related("beneficiary__person")
        .order_by("beneficiary__person__surname", "-start_date")
    )


def prices(organization: Organization, contract: Contract) -> QuerySet[ContractPrice]:
    return (
        ContractPrice.objects.for_org(organization)
        .filter(contract=contract)
        .select_related("service_type", "lot")
    )


def service_types(organization: Organization) -> QuerySet[ServiceType]:
    return ServiceType.objects.for_org(organization).order_by("name")


def workers(organization: Organization) -> QuerySet[Person]:
    """Who may appear in a contract's timesheet: the organization's persons."""
    return persons(organization)


def worked_hours(
    organization: Organization, contract: Contract, month: dt.date | None = None
) -> QuerySet[WorkedHours]:
    rows = (
        WorkedHours.objects.for_org(organization).filter(contract=contract).select_related("person")
    )
    return rows if month is None else rows.filter(month=month)


def statements(organization: Organization, contract: Contract) -> QuerySet[ContractStatement]:
    return (
        ContractStatement.objects.for_org(organization)
        .filter(contract=contract)
        .select_related("invoice")
        .order_by("-month")
    )


def statement(organization: Organization, pk: int) -> ContractStatement:
    """One statement with its contract and stored lines (DoesNotExist when not the
    organization's)."""
    return (
        ContractStatement.objects.for_org(organization)
        .select_related("contract__bid__tender__authority", "invoice", "approved_by")
        .prefetch_related("lines", "contract__lots")
        .get(pk=pk)
    )


def all_statements(organization: Organization) -> QuerySet[ContractStatement]:
    """Every statement of the organization, newest month first (the API's list)."""
    return (
        ContractStatement.objects.for_org(organization)
        .select_related("contract", "invoice")
        .prefetch_related("lines")
        .order_by("-month", "contract_id")
    )


def lot_of(price: ContractPrice | None) -> dict[str, str]:
    """The CIG and CUP a price bills its service on (its lot's; none: the contract's)."""
    lot = price.lot if price is not None else None
    return {"cig": lot.cig, "cup": lot.cup} if lot is not None else {}


def live_figures(organization: Organization, contract: Contract, month: dt.date) -> Figures:
    """What a statement of ``month`` says today: the linked plans' finished visits by service
    type (real check-in/check-out minutes, each visit in the month of its day), the current
    prices, the timesheet's hours."""
    plans = list(plan_links(organization, contract).values_list("plan_id", flat=True))
    end = month_last_day(month)
    price = {p.service_type_id: p for p in prices(organization, contract)}
    services = [
        ServiceFigure(
            service_type_id=row.service_type_id,
            name=row.name,
            visits=row.visits,
            paid_minutes=row.paid_minutes,
            volunteer_minutes=row.volunteer_minutes,
            price_per_hour=price[row.service_type_id].price_per_hour
            if row.service_type_id in price
            else None,
            vat=price[row.service_type_id].vat if row.service_type_id in price else "",
            **lot_of(price.get(row.service_type_id)),
        )
        for row in care.plan_minutes_by_service(organization, plans, start=month, end=end)
    ]
    worked = worked_hours(organization, contract, month).aggregate(total=Sum("hours"))["total"]
    return Figures(
        services=services,
        worked_hours=worked or Decimal(0),
        to_review=care.plan_visits_to_review(organization, plans, start=month, end=end),
    )


def statement_figures(statement: ContractStatement) -> Figures:
    """An approved statement's stored figures; a draft's computed now."""
    if not statement.approved:
        return live_figures(statement.organization, statement.contract, statement.month)
    return Figures(
        services=[
            ServiceFigure(
                service_type_id=line.service_type_id,
                name=line.service_name,
                visits=line.visits,
                paid_minutes=line.paid_minutes,
                volunteer_minutes=line.volunteer_minutes,
                price_per_hour=line.price_per_hour,
                vat=line.vat,
                cig=line.cig,
                cup=line.cup,
            )
            for line in statement.lines.all()
        ],
        worked_hours=statement.worked_hours or Decimal(0),
    )


def disadvantaged_hours(organization: Organization, contract: Contract, month: dt.date) -> Decimal:
    """Hours of the month's timesheet by workers with a status of disadvantage valid on at
    least one day of the month. A figure about special-category data: never shown without
    ``statement_split`` (the approval stores it through the same computation)."""
    periods = vault.disadvantaged_periods(
        organization=organization, start=month, end=month_last_day(month)
    )
    rows = worked_hours(organization, contract, month).filter(person_id__in=list(periods))
    return rows.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def statement_split(
    *, actor: User, statement: ContractStatement, verified: bool, export: bool = False
) -> Decimal:
    """The statement's hours worked by disadvantaged workers, for a user who may read the
    vault with a verified second factor: the read (or the refusal, which raises
    ``vault.VaultAccessDenied``) is logged in the vault's register."""
    organization = statement.organization
    vault.aggregate_read(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=SensitivePurpose.PUBLIC_REPORTING,
        what=_("ore dei lavoratori svantaggiati"),
        detail=_("ore dei lavoratori svantaggiati, contratto n. %(contract)s, %(month)s")
        % {"contract": statement.contract_id, "month": f"{statement.month:%m/%Y}"},
        export=export,
    )
    if statement.approved:
        return statement.disadvantaged_hours or Decimal(0)
    return disadvantaged_hours(organization, statement.contract, statement.month)
