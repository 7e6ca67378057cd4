"""The figures of a monthly statement (rendiconto) as plain values: hours by service type,
prices and amounts, hours worked. No database: ``selectors`` fills them from the visits and
timesheets (a draft) or from the stored rows (an approved statement)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from coopnet.fatturapa.model import to_cent

from .models import VatChoice

CENT = Decimal("0.01")


def month_last_day(month: dt.date) -> dt.date:
    """The last day of ``month``'s month."""
    following = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (what the statement and the invoice show)."""
    return (Decimal(minutes) / 60).quantize(CENT)


@dataclass(frozen=True)
class ServiceFigure:
    """One service type in a statement: visits, minutes paid and volunteer, its price."""

    service_type_id: int
    name: str
    visits: int
    paid_minutes: int
    volunteer_minutes: int
    price_per_hour: Decimal | None
    vat: str
    cig: str = ""
    cup: str = ""

    @property
    def paid_hours(self) -> Decimal:
        return hours(self.paid_minutes)

    @property
    def vat_label(self) -> str:
        return str(VatChoice(self.vat).label) if self.vat else ""

    @property
    def volunteer_hours(self) -> Decimal:
        return hours(self.volunteer_minutes)

    @property
    def amount(self) -> Decimal | None:
        """Paid hours at the contract's price: volunteers' hours are never charged
        (R-381-2d, L. 381/1991 art. 2 c.5)."""
        if self.price_per_hour is None:
            return None
        return to_cent(self.paid_hours * self.price_per_hour)


@dataclass(frozen=True)
class Figures:
    """A statement's figures. ``to_review`` counts the visits of the month whose minutes wait
    for a coordinator (a draft only); ``worked_hours`` are the type B timesheet's hours."""

    services: list[ServiceFigure]
    worked_hours: Decimal
    to_review: int = 0

    @property
    def paid_hours(self) -> Decimal:
        return sum((s.paid_hours for s in self.services), Decimal(0))

    @property
    def volunteer_hours(self) -> Decimal:
        return sum((s.volunteer_hours for s in self.services), Decimal(0))

    @property
    def amount(self) -> Decimal:
        return sum((s.amount or Decimal(0) for s in self.services), Decimal(0))

    @property
    def missing_prices(self) -> list[str]:
        """Service types with paid hours and no price in the contract."""
        return [s.name for s in self.services if s.paid_minutes and s.price_per_hour is None]
