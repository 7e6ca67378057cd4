"""Indicators computed from the other apps, through their selectors (read only).

Each source reads one selector for an organization's year and returns its figures with
their provenance: the selector's dotted name and its parameters (dates ISO 8601). The year
runs from 1 January to 31 December, or to today while it is not over.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.care import selectors as care
from coopnet.community import selectors as community
from coopnet.compliance import selectors as compliance
from coopnet.compliance.disadvantage import Window, disadvantage_aggregates, worker_spans
from coopnet.contracts import selectors as contracts
from coopnet.core.models import Organization
from coopnet.governance import selectors as governance
from coopnet.governance.models import AppointedBy, BodyKind, MeetingKind
from coopnet.members import selectors as members
from coopnet.members.models import MemberCategory, PersonKind
from coopnet.members.selectors import UNKNOWN
from coopnet.workforce import selectors as workforce
from coopnet.workforce.models import ContractType

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True)
class Period:
    year: int
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, year: int, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(year, dt.date(year, 1, 1), min(dt.date(year, 12, 31), today))


@dataclass(frozen=True)
class Computed:
    """One figure and where it came from."""

    key: str
    value: Decimal
    selector: str
    parameters: dict[str, Any] = field(default_factory=dict)
    breakdown: str = ""


def _name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


class _Figures:
    """Collects a source's figures under one selector and its parameters."""

    def __init__(self, function: Callable[..., Any], **parameters: Any) -> None:
        self.selector = _name(function)
        self.parameters = {
            k: v.isoformat() if isinstance(v, dt.date) else v for k, v in parameters.items()
        }
        self.rows: list[Computed] = []

    def add(self, key: str, value: int | Decimal, breakdown: str = "") -> None:
        self.rows.append(Computed(key, Decimal(value), self.selector, self.parameters, breakdown))

    def cells(self, key: str, counts: Mapping[str, int | Decimal]) -> None:
        for cell, value in sorted(counts.items()):
            self.add(key, value, cell)


Source = Callable[[Organization, Period], list[Computed]]


def _members(organization: Organization, period: Period) -> list[Computed]:
    figures = _Figures(members.member_breakdown, on=period.end)
    breakdown = members.member_breakdown(organization, period.end)
    figures.add("members_total", sum(breakdown["category"].values()))
    figures.cells("members_by_category", breakdown["category"])
    figures.cells("members_by_sex", breakdown["sex"])
    flows = _Figures(members.admissions_and_exits, start=period.start, end=period.end)
    admitted, exited = members.admissions_and_exits(organization, period.start, period.end)
    flows.add("members_admitted", admitted)
    flows.add("members_exited", exited)
    capital = _Figures(members.share_capital_on, on=period.end)
    subscribed, paid = members.share_capital_on(organization, period.end)
    capital.add("capital_subscribed", subscribed)
    capital.add("capital_paid", paid)
    return figures.rows + flows.rows + capital.rows


def _meetings(organization: Organization, period: Period) -> list[Computed]:
    figures = _Figures(governance.meeting_figures, start=period.start, end=period.end)
    by_kind = governance.meeting_figures(organization, start=period.start, end=period.end)
    assemblies = [
        by_kind[k] for k in (MeetingKind.ORDINARY, MeetingKind.EXTRAORDINARY) if k in by_kind
    ]
    figures.add("assemblies_held", sum(m.held for m in assemblies))
    figures.add("assembly_on_roll", sum(m.on_roll for m in assemblies))
    figures.add("assembly_present", sum(m.present for m in assemblies))
    figures.add("assembly_decisions", sum(m.decisions for m in assemblies))
    board = by_kind.get(MeetingKind.BOARD, governance.MeetingFigures())
    figures.add("board_meetings", board.held)
    figures.add("board_on_roll", board.on_roll)
    figures.add("board_present", board.present)
    figures.add("board_decisions", board.decisions)
    return figures.rows


def _bodies(organization: Organization, period: Period) -> list[Computed]:
    """DM 4/7/2019 §6.3 and art. 11 D.Lgs. 112/2017 (R-IS-3): who holds the offices."""
    figures = _Figures(governance.offices_on, day=period.end)
    offices = list(governance.offices_on(organization, period.end))
    board = [o for o in offices if o.body.kind in (BodyKind.BOARD, BodyKind.SOLE_DIRECTOR)]
    figures.add("board_members", len(board))
    figures.cells("board_members_by_sex", Counter(o.person.sex or UNKNOWN for o in board))
    control = [o for o in offices if o.body.kind in (BodyKind.CONTROL, BodyKind.AUDITOR)]
    figures.add("control_body_members", len(control))
    involved = (AppointedBy.WORKERS, AppointedBy.USERS)
    figures.add("offices_by_workers_users", sum(o.appointed_by in involved for o in offices))
    return figures.rows


def _staff(organization: Organization, period: Period) -> list[Computed]:
    figures = _Figures(workforce.staff_figures, on=period.end)
    staff = workforce.staff_figures(organization, period.end)
    figures.add("workers_total", staff.workers)
    figures.cells("workers_by_sex", staff.by_sex)
    figures.cells("workers_by_age", staff.by_age)
    figures.cells("workers_by_contract", staff.by_contract)
    figures.cells("workers_by_ccnl", staff.by_ccnl)
    pay = _Figures(compliance.pay_ranges, org_ids=[organization.pk], as_of=period.end)
    ranges = compliance.pay_ranges([organization.pk], period.end).get(organization.pk)
    if ranges is not None and ranges.highest is not None and ranges.lowest is not None:
        pay.add("pay_highest", ranges.highest)
        pay.add("pay_lowest", ranges.lowest)
    return figures.rows + pay.rows


def _disadvantaged(organization: Organization, period: Period) -> list[Computed]:
    """R-381-4b: the year's average heads, workers and disadvantaged, computed as the
    compliance engine does (from the start of operations when that is later)."""
    start = max(period.start, organization.founded_on or period.start)
    window = Window(start, period.end)
    figures = _Figures(disadvantage_aggregates, start=window.start, end=window.end)
    spans = worker_spans([organization], window.start, window.end)
    found = disadvantage_aggregates(spans, {organization.pk: [window]}, period.end)
    if organization.pk in found and window.days:
        days = found[organization.pk].windows[0]
        figures.add("workers_average", days.workers)
        figures.add("disadvantaged_average", days.disadvantaged)
    return figures.rows


def _volunteers(organization: Organization, period: Period) -> list[Computed]:
    figures = _Figures(workforce.volunteer_figures, start=period.start, end=period.end)
    found = workforce.volunteer_figures(organization, period.start, period.end)
    figures.add("volunteers_total", found.volunteers)
    figures.add("volunteer_hours", found.hours)
    figures.add("volunteer_reimbursements", found.reimbursed)
    figures.add("volunteer_self_certified", found.self_certified)
    figures.add("volunteers_reimbursed", found.reimbursed_volunteers)
    return figures.rows


def _care(organization: Organization, period: Period) -> list[Computed]:
    figures = _Figures(care.service_figures, start=period.start, end=period.end)
    services, people = care.service_figures(organization, start=period.start, end=period.end)
    figures.add("beneficiaries_total", people)
    figures.cells("beneficiaries_by_service", {s.name: s.beneficiaries for s in services})
    figures.cells("care_visits_by_service", {s.name: s.visits for s in services})
    hours = {s.name: Decimal(s.minutes) / MINUTES_PER_HOUR for s in services}
    figures.cells("care_hours_by_service", hours)
    figures.add("care_hours_total", sum(hours.values(), Decimal(0)))
    return figures.rows


def _commons(organization: Organization, period: Period) -> list[Computed]:
    """The activity reports on the commons whose period ends in the year (issue 14 item 3)."""
    figures = _Figures(community.activity_totals, year=period.year)
    found = community.activity_totals([organization], year=period.year)
    totals = found[0] if found else None
    figures.add("commons_reports", totals.reports if totals else 0)
    figures.add("commons_volunteer_hours", totals.volunteer_hours if totals else 0)
    figures.add("commons_worker_hours", totals.worker_hours if totals else 0)
    figures.add("commons_participants", totals.participants if totals else 0)
    return figures.rows


def _revenue(organization: Organization, period: Period) -> list[Computed]:
    figures = _Figures(contracts.revenue_by_customer_kind, start=period.start, end=period.end)
    found = contracts.revenue_by_customer_kind(organization, start=period.start, end=period.end)
    figures.add("revenue_public", found["public"])
    figures.add("revenue_private", found["private"])
    return figures.rows


SOURCES: tuple[Source, ...] = (
    _members,
    _meetings,
    _bodies,
    _staff,
    _disadvantaged,
    _volunteers,
    _care,
    _commons,
    _revenue,
)


def computed(organization: Organization, period: Period) -> Iterator[Computed]:
    """Every computed figure of an organization's year."""
    for source in SOURCES:
        yield from source(organization, period)


def cell_labels() -> dict[str, str]:
    """How the cells' codes read (categories, contracts, sex); others read as they are."""
    return {
        **{str(c.value): str(c.label) for c in MemberCategory},
        **{str(c.value): str(c.label) for c in ContractType},
        "F": _("Donne"),
        "M": _("Uomini"),
        PersonKind.LEGAL.value: _("Persone giuridiche"),
        UNKNOWN: _("Non indicato"),
    }
