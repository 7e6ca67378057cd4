"""Reads of the reporting app: a consortium's figures, summed over its member organizations;
an organization's indicators for a year, by section of the social report; the report's
sections and their completeness."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Field, QuerySet
from django.utils.translation import gettext as _

from coopnet.care.selectors import care_minutes_by_organization
from coopnet.core.charts import Chart
from coopnet.core.models import Organization, OrganizationKind
from coopnet.governance.models import AgendaItem, ItemKind
from coopnet.members.selectors import members_on_by_organization, share_capital_by_organization
from coopnet.network.selectors import consortium_members
from coopnet.workforce.vault import workforce_counts_by_organization

from .charts import row_charts
from .consortium import ConsortiumPart, consortium_part, share
from .indicators.catalogue import CATALOGUE, INDICATORS, SECTIONS, Indicator
from .indicators.compute import cell_labels
from .models import IndicatorValue, ReportSection, SocialReport
from .report import REQUIREMENTS, Requirement


@dataclass(frozen=True)
class Figures:
    """One line of the consortium's table: counts only, never a person.

    ``disadvantaged`` is ``None`` when the cell is suppressed (fewer than five people on
    either side, or derivable from the other cells)."""

    name: str
    kind: str
    members: int
    workers: int
    disadvantaged: int | None
    capital: Decimal
    care_minutes: int

    @property
    def disadvantaged_share(self) -> Decimal | None:
        return share(self.disadvantaged, self.workers)


@dataclass(frozen=True)
class ConsortiumFigures:
    on: dt.date
    care_from: dt.date
    rows: list[Figures]
    total: Figures


def consortium_figures(group: Organization, on: dt.date) -> ConsortiumFigures:
    """The members, workers, disadvantaged share, share capital and care hours of each
    organization affiliated to ``group`` today, and their sum: one query per figure.

    Care hours count the finished visits from 1 January of ``on``'s year to ``on``.
    """
    organizations = list(
        consortium_members(group).order_by("short_name").only("pk", "short_name", "kind")
    )
    ids = [o.pk for o in organizations]
    care_from = on.replace(month=1, day=1)
    members = members_on_by_organization(ids, on)
    capital = share_capital_by_organization(ids)
    workforce = workforce_counts_by_organization(ids, on)
    care = care_minutes_by_organization(ids, start=care_from, end=on)
    rows = [
        Figures(
            name=o.short_name,
            kind=o.get_kind_display(),
            members=members.get(o.pk, 0),
            workers=workforce.workers.get(o.pk, 0),
            disadvantaged=workforce.disadvantaged.get(o.pk),
            capital=capital.get(o.pk) or Decimal("0.00"),
            care_minutes=care.get(o.pk, 0),
        )
        for o in organizations
    ]
    total = Figures(
        name="",
        kind="",
        members=sum(r.members for r in rows),
        workers=workforce.total_workers,
        disadvantaged=workforce.total_disadvantaged,
        capital=sum((r.capital for r in rows), Decimal("0.00")),
        care_minutes=sum(r.care_minutes for r in rows),
    )
    return ConsortiumFigures(on=on, care_from=care_from, rows=rows, total=total)


# --- the social report's indicators -----------------------------------------------------------


@dataclass
class IndicatorRow:
    """An indicator's value for a year (``None``: not computed or entered) and its cells."""

    indicator: Indicator
    total: IndicatorValue | None = None
    cells: list[tuple[str, IndicatorValue]] = field(default_factory=list)
    hidden: frozenset[str] = frozenset()  # published: the breakdowns shown «n.d.» ("": total)

    @property
    def provenance(self) -> IndicatorValue | None:
        """The value whose origin the page shows (the cells of a figure share theirs)."""
        return self.total or (self.cells[0][1] if self.cells else None)


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    rows: list[IndicatorRow]


def indicator_values(organization: Organization, year: int) -> list[IndicatorValue]:
    """The stored values of an organization's year, with who entered them."""
    return list(
        IndicatorValue.objects.for_org(organization).filter(year=year).select_related("entered_by")
    )


def indicator_table(organization: Organization, year: int) -> list[Section]:
    """Every indicator of the catalogue by section of the social report, with the year's
    values (cells by their label); one query."""
    rows = {i.key: IndicatorRow(i) for i in INDICATORS}
    labels = cell_labels()
    for value in indicator_values(organization, year):
        row = rows.get(value.key)
        if row is None:  # an indicator no longer in the catalogue
            continue
        if value.breakdown:
            row.cells.append((labels.get(value.breakdown, value.breakdown), value))
        else:
            row.total = value
    return [
        Section(number, str(title), [r for r in rows.values() if r.indicator.section == number])
        for number, title in SECTIONS.items()
    ]


def indicator_years(organization: Organization) -> list[int]:
    """The years with stored values, latest first."""
    return list(
        IndicatorValue.objects.for_org(organization)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# --- the social report --------------------------------------------------------------------------


CONSORTIUM_SECTION = 2  # "information on the organization": a consortium's members


@dataclass(frozen=True)
class SectionState:
    """A section with its tables and what it still lacks: the text, required indicators
    without a value. Complete when nothing is missing or the omission is explained."""

    section: ReportSection
    title: str
    requirement: Requirement
    rows: list[IndicatorRow]
    missing: list[str]
    consortium: ConsortiumPart | None = None  # a consortium's or federation's members

    @property
    def complete(self) -> bool:
        return not self.missing or bool(self.section.omission_reason)

    @property
    def omitted(self) -> bool:
        return bool(self.missing) and bool(self.section.omission_reason)

    @property
    def hidden(self) -> bool:
        """Whether a published figure of the section is hidden (R-GDPR-5)."""
        return any(row.hidden for row in self.rows)

    @cached_property
    def charts(self) -> list[Chart]:
        """The section's figures split into cells, as charts."""
        return row_charts(self.section.number, self.rows)


def reports(organization: Organization) -> QuerySet[SocialReport]:
    return SocialReport.objects.for_org(organization)


def report_detail(organization: Organization, pk: int) -> SocialReport:
    return SocialReport.objects.for_org(organization).get(pk=pk)


def report_section(report: SocialReport, number: int) -> ReportSection:
    return (
        ReportSection.objects.for_org(report.organization_id)
        .select_related("report")
        .get(report=report, number=number)
    )


def _part_label(name: str) -> str:
    field = ReportSection._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.verbose_name)


def section_states(report: SocialReport) -> list[SectionState]:
    """The report's eight sections with their tables (the year's indicators) and their
    completeness; two queries, and for a consortium or federation the members' part of
    section 2 (``consortium.consortium_part``)."""
    organization = report.organization
    tables = {s.number: s for s in indicator_table(organization, report.year)}
    part = (
        consortium_part(organization, report.year)
        if organization.kind in OrganizationKind.groups()
        else None
    )
    return [
        section_state(
            section,
            tables[section.number],
            part if section.number == CONSORTIUM_SECTION else None,
        )
        for section in ReportSection.objects.for_org(organization).filter(report=report)
    ]


def section_state(
    section: ReportSection, table: Section, consortium: ConsortiumPart | None = None
) -> SectionState:
    """A section with its table's rows and what it lacks."""
    requirement = REQUIREMENTS[section.number]
    valued = {r.indicator.key for r in table.rows if r.provenance is not None}
    missing = [] if section.text.strip() else [str(_("il testo"))]
    missing += [_part_label(part) for part in requirement.parts if not getattr(section, part)]
    missing += [str(CATALOGUE[k].label) for k in requirement.indicators if k not in valued]
    return SectionState(section, table.title, requirement, table.rows, missing, consortium)


def report_content(report: SocialReport) -> dict[str, object]:
    """What an approval freezes and hashes: each section's text, reason for omission and the
    indicator values its tables show (key, cell, value as a decimal string)."""
    sections = []
    for state in section_states(report):
        values = []
        for row in state.rows:
            shown = ([row.total] if row.total else []) + [v for _label, v in row.cells]
            values += [[v.key, v.breakdown, str(v.value)] for v in shown]
        sections.append(
            {
                "number": state.section.number,
                "text": state.section.text,
                "omission_reason": state.section.omission_reason,
                **{part: getattr(state.section, part) for part in state.requirement.parts},
                "values": values,
                **({"consortium": state.consortium.content()} if state.consortium else {}),
            }
        )
    return {"year": report.year, "sections": sections}


def content_hash(content: dict[str, object]) -> str:
    """SHA-256 of the content as canonical JSON (sorted keys, no spaces): same content, same
    hash."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def approval_items(organization: Organization) -> QuerySet[AgendaItem]:
    """The organization's agenda items "approval of the social report", latest first."""
    return (
        AgendaItem.objects.for_org(organization)
        .filter(kind=ItemKind.SOCIAL_REPORT)
        .select_related("meeting", "ballot__result")
        .order_by("-meeting__first_call_at", "position")
    )
