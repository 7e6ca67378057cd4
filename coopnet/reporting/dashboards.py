"""Dashboards: a cooperative's main indicators for the year so far against the same months of
last year, by month; a consortium's or federation's network (``consortium.network_figures``)
with its care and revenue by month. Every chart is a ``core.charts.Chart`` (its data table
beside it); the network's counts of people are suppressed (R-GDPR-5)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from coopnet.care.selectors import (
    CareTotals,
    care_minutes_by_month,
    care_totals_by_organization,
    services_by_organization,
)
from coopnet.contracts.selectors import public_revenue_by_month, public_revenue_by_organization
from coopnet.core.charts import Chart, Series, bar_chart, line_chart
from coopnet.core.models import Organization, OrganizationSector
from coopnet.members.selectors import members_on_by_organization
from coopnet.network.selectors import sector_title
from coopnet.workforce.vault import workforce_counts_by_organization

from .consortium import Filters, NetworkFigures, network_figures, network_ids
from .indicators.compute import MINUTES_PER_HOUR, Period

ZERO = Decimal(0)
CENT = Decimal("0.01")
T = TypeVar("T")
Found = Mapping[tuple[int, dt.date | None], T]


def _same_day(day: dt.date, year: int) -> dt.date:
    """``day`` in ``year`` (29 February becomes the 28th)."""
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _month_ends(end: dt.date) -> list[dt.date]:
    """The last day of each month from January to ``end``'s month, the last one ``end``."""
    days = [dt.date(end.year, m, calendar.monthrange(end.year, m)[1]) for m in range(1, end.month)]
    return [*days, end]


def _per_month(
    found: Found[T], year: int, months: int, value: Callable[[T], Decimal]
) -> list[Decimal]:
    """Each month's value summed over the organizations of a by-month selector's answer."""
    sums = [ZERO] * months
    for (_pk, month), row in found.items():
        if month is not None and month.year == year and month.month <= months:
            sums[month.month - 1] += value(row)
    return sums


def _months_of(found: Mapping[dt.date, Decimal], year: int, months: int) -> list[Decimal]:
    """Each month's value of a network's by-month selector's answer (zero where none)."""
    return [found.get(dt.date(year, m, 1), ZERO) for m in range(1, months + 1)]


def _hours(totals: CareTotals) -> Decimal:
    return Decimal(totals.minutes) / MINUTES_PER_HOUR


def _beneficiaries(totals: CareTotals) -> Decimal:
    return Decimal(totals.beneficiaries)


def _amount(amount: Decimal) -> Decimal:
    return amount


@dataclass(frozen=True)
class Monthly:
    """One indicator by month, this year and the same months of last year."""

    key: str
    label: str
    unit: str  # "n", "h" or "€", as the indicators' units
    this_year: list[Decimal]
    last_year: list[Decimal]
    line: bool = False  # a stock (drawn as lines), else a flow (bars)

    def exported(self, value: Decimal) -> Decimal:
        """A value as exported: counts whole, hours and euros with two decimals."""
        return value if self.unit == "n" else value.quantize(CENT)

    def compare(self, label: str, *, stock: bool = False) -> Comparison:
        """The year so far against last year's same months: the last month's value of a
        stock, the sum of a flow."""
        if stock:
            return Comparison(label, self.unit, self.this_year[-1], self.last_year[-1])
        return Comparison(label, self.unit, sum(self.this_year, ZERO), sum(self.last_year, ZERO))

    def chart(self, months: list[str], year: int) -> Chart:
        draw = line_chart if self.line else bar_chart
        return draw(
            name=f"chart-{self.key}",
            title=self.label,
            unit=self.unit,
            category_label=_("Mese"),
            categories=months,
            series=[
                Series(str(year), tuple(self.this_year)),
                Series(str(year - 1), tuple(self.last_year)),
            ],
            decimals=0 if self.unit == "n" else 2,
        )


@dataclass(frozen=True)
class Comparison:
    """A main indicator for the year so far and for the same period of last year."""

    label: str
    unit: str
    current: Decimal
    previous: Decimal

    @property
    def change(self) -> Decimal | None:
        """The change as a ratio of last year's value (``None`` from zero)."""
        return (self.current - self.previous) / self.previous if self.previous else None


@dataclass(frozen=True)
class Dashboard:
    period: Period
    previous: Period  # the same months of last year
    months: list[str]
    monthly: list[Monthly]

    @property
    def charts(self) -> list[Chart]:
        return [m.chart(self.months, self.period.year) for m in self.monthly]

    def export_rows(self) -> tuple[list[str], list[list[object]]]:
        """The monthly data as a table: a row per month, this year's and last year's values."""
        header = [_("Mese")]
        for m in self.monthly:
            header += [f"{m.label} {self.period.year}", f"{m.label} {self.period.year - 1}"]
        rows: list[list[object]] = []
        for i, month in enumerate(self.months):
            row: list[object] = [month]
            for m in self.monthly:
                row += [m.exported(m.this_year[i]), m.exported(m.last_year[i])]
            rows.append(row)
        return header, rows


def _periods(year: int) -> tuple[Period, Period]:
    period = Period.of(year)
    return period, Period(year - 1, dt.date(year - 1, 1, 1), _same_day(period.end, year - 1))


def _flows(
    ids: Collection[int], period: Period, previous: Period, service: str = "", *, people: bool
) -> list[Monthly]:
    """Care hours, beneficiaries (when ``people``: one organization's dashboard) and revenue
    from public bodies in each month; two queries. A network's (``people`` false) are summed
    by the database, a row a month, not one per organization and month."""
    count = period.end.month
    start, end = previous.start, period.end
    labels = {
        "care_hours": _("Ore di assistenza nel mese"),
        "beneficiaries": _("Beneficiari nel mese"),
        "public_revenue": _("Ricavi da enti pubblici nel mese"),
    }
    if not people:
        minutes = care_minutes_by_month(ids, start=start, end=end, service=service)
        revenue = public_revenue_by_month(ids, start=start, end=end)
        hours = {month: Decimal(m) / MINUTES_PER_HOUR for month, m in minutes.items()}
        return [
            Monthly(
                key,
                labels[key],
                unit,
                _months_of(found, period.year, count),
                _months_of(found, previous.year, count),
            )
            for key, unit, found in (("care_hours", "h", hours), ("public_revenue", "€", revenue))
        ]
    care = care_totals_by_organization(
        ids, start=start, end=end, service=service, by_month=True, people=True
    )
    by_org = public_revenue_by_organization(ids, start=start, end=end, by_month=True)

    def monthly(key: str, unit: str, found: Found[T], value: Callable[[T], Decimal]) -> Monthly:
        this_year, last_year = (_per_month(found, p.year, count, value) for p in (period, previous))
        return Monthly(key, labels[key], unit, this_year, last_year)

    return [
        monthly("care_hours", "h", care, _hours),
        monthly("beneficiaries", "n", care, _beneficiaries),
        monthly("public_revenue", "€", by_org, _amount),
    ]


def _pair(years: list[list[Decimal]]) -> tuple[list[Decimal], list[Decimal]]:
    return years[0], years[1]


def _months(count: int) -> list[str]:
    return [str(MONTHS_3[m]).capitalize() for m in range(1, count + 1)]


@dataclass(frozen=True)
class CoopDashboard(Dashboard):
    organization: Organization
    summary: list[Comparison]


def coop_dashboard(organization: Organization, year: int) -> CoopDashboard:
    """The organization's members and workers at the end of each month, its hours of care,
    beneficiaries and revenue from public bodies in each month, from January to today (or
    December), against the same months of last year. Two queries a month for the stocks (at
    most 24 months), three for the flows, two for the distinct beneficiaries of the periods."""
    period, previous = _periods(year)
    pk = organization.pk
    stocks = {
        key: [[Decimal(count([pk], day)) for day in _month_ends(p.end)] for p in (period, previous)]
        for key, count in (
            ("members", lambda ids, day: members_on_by_organization(ids, day).get(pk, 0)),
            (
                "workers",
                lambda ids, day: workforce_counts_by_organization(ids, day).workers.get(pk, 0),
            ),
        )
    }
    monthly = [
        Monthly("members", _("Soci a fine mese"), "n", *_pair(stocks["members"]), line=True),
        Monthly("workers", _("Lavoratori a fine mese"), "n", *_pair(stocks["workers"]), line=True),
        *_flows([pk], period, previous, people=True),
    ]
    people = [
        care_totals_by_organization([pk], start=p.start, end=p.end).get(
            (pk, None), CareTotals(0, 0)
        )
        for p in (period, previous)
    ]
    by_key = {m.key: m for m in monthly}
    beneficiaries = (Decimal(p.beneficiaries) for p in people)
    summary = [
        by_key["members"].compare(_("Soci"), stock=True),
        by_key["workers"].compare(_("Lavoratori"), stock=True),
        Comparison(_("Beneficiari"), "n", *beneficiaries),
        by_key["care_hours"].compare(_("Ore di assistenza")),
        by_key["public_revenue"].compare(_("Ricavi da enti pubblici")),
    ]
    return CoopDashboard(
        period, previous, _months(period.end.month), monthly, organization, summary
    )


@dataclass(frozen=True)
class Choices:
    """What the network dashboard's filters offer: the network's organizations, their
    sectors (ATECO divisions) and the names of their services."""

    members: list[tuple[int, str]]
    sectors: list[tuple[str, str]]
    services: list[str]
    network: list[int]  # the ids of the network's organizations (unfiltered)


def network_choices(group: Organization, day: dt.date) -> Choices:
    """The filters' choices over ``group``'s network on ``day``; four queries and one a level."""
    ids = network_ids(group, day)
    members = list(
        Organization.objects.filter(pk__in=ids)
        .order_by("short_name", "pk")
        .values_list("pk", "short_name")
    )
    divisions = sorted(
        {
            code[:2]
            for code in OrganizationSector.objects.for_orgs(ids).values_list("code", flat=True)
        }
    )
    services = sorted({name for names in services_by_organization(ids).values() for name in names})
    sectors = [(d, f"{d} {sector_title(d)}".strip()) for d in divisions]
    return Choices(members, sectors, services, ids)


@dataclass(frozen=True)
class NetworkDashboard(Dashboard):
    group: Organization
    figures: NetworkFigures


def network_dashboard(
    group: Organization,
    year: int,
    filters: Filters | None = None,
    *,
    network: Collection[int] | None = None,
) -> NetworkDashboard:
    """The network's figures by organization (``network_figures``) and its care and revenue
    by month against the same months of last year; a dozen queries whatever its size."""
    figures = network_figures(group, year, filters, network=network)
    period, previous = _periods(year)
    # the network's beneficiaries are in its table, suppressed; not by month (a small month
    # would point at people)
    monthly = _flows(
        figures.organization_ids, period, previous, figures.filters.service, people=False
    )
    return NetworkDashboard(period, previous, _months(period.end.month), monthly, group, figures)
