"""Late-payment interest of D.Lgs. 231/2002 (as information) and the amounts of an invoice:
plain functions, no database (the rates come in as a function of the day).

Interest (art. 5): the reference rate of the semester (the ECB's main refinancing rate in
force on 1 January for January-June, on 1 July for July-December) plus 8 points, simple, day
by day on the amount unpaid at the start of the day, from the day after the due date to the
day of payment (or today). A day's interest is ``unpaid x rate / 100 / days of its year``
(366 in a leap year: the divisor is [U], the law names none); the sum is rounded to the cent
once, at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from coopnet.fatturapa.model import vat

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Amounts:
    """An invoice's totals as its XML says them: taxable, tax, document total and what the
    customer pays (the total less the VAT under split payment, R-VAT-2)."""

    taxable: Decimal
    tax: Decimal
    total: Decimal
    due: Decimal


def amounts(lines: Iterable[object], split_payment: bool) -> Amounts:
    """Totals of ``lines`` (each with ``total``, ``vat_rate``, ``natura``): the tax per rate or
    Natura rounded as the XML's DatiRiepilogo."""
    groups: dict[tuple[Decimal | None, str], Decimal] = {}
    for line in lines:
        key = (line.vat_rate, line.natura)  # type: ignore[attr-defined]
        groups[key] = groups.get(key, ZERO) + line.total  # type: ignore[attr-defined]
    taxable = sum(groups.values(), ZERO)
    tax = sum((vat(amount, rate or ZERO) for (rate, _n), amount in groups.items()), ZERO)
    total = taxable + tax
    return Amounts(taxable, tax, total, total - tax if split_payment else total)


def semester_start(day: dt.date) -> dt.date:
    """1 January or 1 July: the day whose reference rate applies to ``day`` (art. 5 c. 2)."""
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def _next_semester(day: dt.date) -> dt.date:
    start = semester_start(day)
    return dt.date(start.year, 7, 1) if start.month == 1 else dt.date(start.year + 1, 1, 1)


def _days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


@dataclass(frozen=True)
class Interest:
    """Interest accrued to ``until`` (rounded to the cent), the days late, and the first day
    whose rate coopnet does not know (interest stops there), if any."""

    amount: Decimal
    days_late: int
    unknown_from: dt.date | None = None


def late_interest(
    *,
    amount_due: Decimal,
    due_date: dt.date,
    settlements: Iterable[tuple[dt.date, Decimal]],
    until: dt.date,
    rate: Callable[[dt.date], Decimal | None],
) -> Interest:
    """Interest on ``amount_due`` from the day after ``due_date`` to ``until`` included, less
    each settlement (payment or credit note) from the day after its date; ``rate(day)`` is the
    yearly rate in percent (reference rate + margin) on ``day``, None when unknown."""
    paid = sorted(settlements)
    total = ZERO
    day = due_date + dt.timedelta(days=1)
    while day <= until:
        unpaid = amount_due - sum((a for d, a in paid if d < day), ZERO)
        if unpaid <= 0:
            break
        percent = rate(day)
        if percent is None:
            return Interest(_cents(total), max((until - due_date).days, 0), day)
        # the next change: a new semester (rate, year's divisor) or the day after a payment
        stop = min(
            [_next_semester(day), until + dt.timedelta(days=1)]
            + [d + dt.timedelta(days=1) for d, _a in paid if d >= day]
        )
        total += unpaid * percent / 100 * (stop - day).days / _days_in_year(day.year)
        day = stop
    return Interest(_cents(total), max((until - due_date).days, 0))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
