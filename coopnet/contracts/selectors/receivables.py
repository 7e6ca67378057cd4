"""Receivables: what customers owe an organization (or a consortium's members), by customer,
and the overdue invoices with late-payment interest as information (docs/contracts.md).

A page reads a fixed number of queries whatever the number of invoices: the sums are made
by the database (one grouped query each for invoices, payments and credit notes), the
parameters of interest are read once.

Days outstanding (DSO, weighted by amount): every euro invoiced counts the days from the
invoice's date to the day it was settled (a payment's date, a credit note's date) or, still
open, to today; the average is weighted by the amounts:

    DSO = (sum of amount x days for each settled part + sum of open amount x days to today)
          / amount invoiced
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)

from coopnet.core.models import Organization
from coopnet.core.parameters import parameter_periods, value_in_periods
from coopnet.network.selectors import consortium_members

from ..interest import Interest, late_interest, semester_start
from ..models import DocumentType, Invoice, InvoiceState, Payment

ZERO = Decimal(0)
WEIGHT = DecimalField(max_digits=20, decimal_places=2)


class DaysBetween(Func):
    """Whole days from the second date to the first, computed by the database."""

    arity = 2
    output_field = IntegerField()
    template = "(%(expressions)s)"  # PostgreSQL: date - date is a number of days
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _weighted(amount: str, later: Any, earlier: str) -> Sum:
    """Sum of ``amount`` x days from ``earlier`` to ``later``."""
    return Sum(ExpressionWrapper(F(amount) * DaysBetween(later, F(earlier)), output_field=WEIGHT))


@dataclass
class Receivable:
    """One customer's row: amounts invoiced, paid, credited, open and overdue; DSO in days."""

    customer: Organization
    invoices: int = 0
    organizations: int = 0
    invoiced: Decimal = ZERO
    paid: Decimal = ZERO
    credited: Decimal = ZERO
    overdue: Decimal = ZERO
    weight: Decimal = ZERO  # amount x days, for the DSO

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.paid - self.credited

    @property
    def dso(self) -> int | None:
        return round(self.weight / self.invoiced) if self.invoiced > 0 else None


def _by_customer(
    invoices: QuerySet[Invoice], payments: QuerySet[Payment], today: dt.date
) -> list[Receivable]:
    """The receivables of the issued invoices in ``invoices`` (and their ``payments``) by
    customer, the largest open amount first: four queries."""
    now = Value(today)
    past_due = Q(due_date__lt=today)
    issued = invoices.filter(state=InvoiceState.ISSUED).order_by()
    raised = (
        issued.filter(document_type=DocumentType.INVOICE)
        .values("customer")
        .annotate(
            n=Count("pk"),
            orgs=Count("organization", distinct=True),
            invoiced=Sum("amount_due"),
            due=Sum("amount_due", filter=past_due),
            age=_weighted("amount_due", now, "issue_date"),
        )
    )
    paid = (
        payments.filter(
            reversed_at__isnull=True,
            invoice__state=InvoiceState.ISSUED,
            invoice__document_type=DocumentType.INVOICE,
        )
        .order_by()
        .values("invoice__customer")
        .annotate(
            paid=Sum("amount"),
            due=Sum("amount", filter=Q(invoice__due_date__lt=today)),
            days=_weighted("amount", F("date"), "invoice__issue_date"),
            age=_weighted("amount", now, "invoice__issue_date"),
        )
    )
    credits = (
        issued.filter(document_type=DocumentType.CREDIT_NOTE, credited__state=InvoiceState.ISSUED)
        .values("customer")
        .annotate(
            credit=Sum("amount_due"),
            due=Sum("amount_due", filter=Q(credited__due_date__lt=today)),
            days=_weighted("amount_due", F("issue_date"), "credited__issue_date"),
            age=_weighted("amount_due", now, "credited__issue_date"),
        )
    )
    rows: dict[int, dict[str, Any]] = {r["customer"]: {"r": r} for r in raised}
    for p in paid:
        rows.setdefault(p["invoice__customer"], {})["p"] = p
    for c in credits:
        rows.setdefault(c["customer"], {})["c"] = c
    names = Organization.objects.in_bulk(list(rows))
    result = [_row(names[pk], parts) for pk, parts in rows.items()]
    return sorted(result, key=lambda x: (-x.outstanding, x.customer.legal_name))


def _row(customer: Organization, parts: dict[str, Any]) -> Receivable:
    r, p, c = (parts.get(k, {}) for k in "rpc")
    row = Receivable(
        customer=customer,
        invoices=r.get("n", 0),
        organizations=r.get("orgs", 0),
        invoiced=r.get("invoiced") or ZERO,
        paid=p.get("paid") or ZERO,
        credited=c.get("credit") or ZERO,
    )
    row.overdue = (r.get("due") or ZERO) - (p.get("due") or ZERO) - (c.get("due") or ZERO)
    # settled parts count their days; the open part counts its days to today
    open_age = (r.get("age") or ZERO) - (p.get("age") or ZERO) - (c.get("age") or ZERO)
    row.weight = (p.get("days") or ZERO) + (c.get("days") or ZERO) + open_age
    return row


def receivables(organization: Organization, today: dt.date) -> list[Receivable]:
    """What each customer owes ``organization`` on ``today``."""
    return _by_customer(
        Invoice.objects.for_org(organization), Payment.objects.for_org(organization), today
    )


def network_receivables(group: Organization, today: dt.date) -> list[Receivable]:
    """What each customer owes the members of ``group`` today, summed over the members (the
    group's own invoices are on its own receivables page)."""
    members = consortium_members(group).values("pk")
    return _by_customer(Invoice.objects.for_orgs(members), Payment.objects.for_orgs(members), today)


def late_interest_rate() -> Callable[[dt.date], Decimal | None]:
    """The yearly rate of late-payment interest on a day (D.Lgs. 231/2002 art. 5): the
    reference rate of the day's semester plus the margin, None where either is unknown. Two
    queries, whatever the days asked."""
    reference = parameter_periods("pp.late_interest_reference_rate")
    margin = parameter_periods("pp.late_interest_margin")

    def rate(day: dt.date) -> Decimal | None:
        base = value_in_periods(reference, semester_start(day))
        extra = value_in_periods(margin, day)
        return None if base is None or extra is None else base + extra

    return rate


@dataclass(frozen=True)
class OverdueRow:
    invoice: Invoice
    unpaid: Decimal
    interest: Interest
    rate: Decimal | None  # today's rate, percent a year
    today: dt.date

    @property
    def until(self) -> dt.date:
        """The last day the interest counts (the day before an unknown rate, else today)."""
        unknown = self.interest.unknown_from
        return unknown - dt.timedelta(days=1) if unknown else self.today


def _settlements(organization: Organization, invoices: QuerySet[Invoice]) -> dict[int, list[Any]]:
    """The payments (not reversed) and issued credit notes of ``invoices`` as (date, amount)
    by invoice id: two flat queries (a prefetch would build a queryset per invoice)."""
    found: dict[int, list[Any]] = {}
    ids = invoices.values("pk")
    paid = Payment.objects.for_org(organization).filter(invoice__in=ids, reversed_at__isnull=True)
    for invoice_id, day, amount in paid.values_list("invoice_id", "date", "amount"):
        found.setdefault(invoice_id, []).append((day, amount))
    credits = Invoice.objects.for_org(organization).filter(
        credited__in=ids, state=InvoiceState.ISSUED, issue_date__isnull=False
    )
    for credited_id, issued_on, due in credits.values_list(
        "credited_id", "issue_date", "amount_due"
    ):
        found.setdefault(credited_id, []).append((issued_on, due or ZERO))
    return found


def overdue(organization: Organization, today: dt.date) -> list[OverdueRow]:
    """Issued invoices past their due date with something still to pay, the oldest due first,
    with the interest accrued to today (information, not a claim). Three queries: the
    invoices past due, their payments and their credit notes (what is still open is summed
    here: a correlated subquery per invoice costs more than the rows it saves)."""
    invoices = (
        Invoice.objects.for_org(organization)
        .filter(state=InvoiceState.ISSUED, document_type=DocumentType.INVOICE, due_date__lt=today)
        .select_related("customer")
        .order_by("due_date", "pk")
    )
    settled = _settlements(organization, invoices)
    rate = late_interest_rate()
    rows = []
    for invoice in invoices:
        settlements = settled.get(invoice.pk, [])
        assert invoice.amount_due is not None
        assert invoice.due_date is not None
        unpaid = invoice.amount_due - sum((a for _d, a in settlements), ZERO)
        if unpaid <= 0:
            continue
        interest = late_interest(
            amount_due=invoice.amount_due,
            due_date=invoice.due_date,
            settlements=settlements,
            until=today,
            rate=rate,
        )
        rows.append(OverdueRow(invoice, unpaid, interest, rate(today), today))
    return rows
