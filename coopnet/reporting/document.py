"""The social report as it is published (the PDF/A, the public page): an approved version from
its frozen content, never from today's figures; a draft from the live data; counts of people
under the threshold shown «n.d.» (R-GDPR-5), applied at output time."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from coopnet.core.models import Organization

from .consortium import ConsortiumPart
from .indicators import formula
from .indicators.catalogue import CATALOGUE, SECTIONS
from .indicators.compute import cell_labels
from .models import IndicatorValue, Origin, ReportSection, ReportStatus, SocialReport
from .report import REQUIREMENTS
from .selectors import IndicatorRow, Section, SectionState, section_state, section_states
from .suppression import is_small, min_cell_size, suppress_cells


@dataclass(frozen=True)
class Document:
    report: SocialReport
    organization: Organization
    states: list[SectionState]
    minimum: int | None = None  # the small-cell threshold applied; None: exact (the office's)

    @property
    def complete(self) -> int:
        return sum(s.complete for s in self.states)


def _frozen_section(
    report: SocialReport, data: dict[str, Any], labels: dict[str, str]
) -> SectionState:
    number = data["number"]
    rows = {i.key: IndicatorRow(i) for i in CATALOGUE.values() if i.section == number}
    for key, breakdown, value in data["values"]:
        row = rows.get(key)
        if row is None:  # an indicator since dropped from the catalogue
            continue
        stored = IndicatorValue(
            key=key, breakdown=breakdown, value=Decimal(value), year=report.year
        )
        if breakdown:
            row.cells.append((labels.get(breakdown, breakdown), stored))
        else:
            row.total = stored
    parts = {part: data.get(part, "") for part in REQUIREMENTS[number].parts}
    section = ReportSection(
        organization=report.organization,
        report=report,
        number=number,
        text=data["text"],
        omission_reason=data["omission_reason"],
        **parts,
    )
    part = data.get("consortium")
    return section_state(
        section,
        Section(number, str(SECTIONS[number]), list(rows.values())),
        ConsortiumPart.from_content(part, report.year) if part is not None else None,
    )


def frozen_states(report: SocialReport) -> list[SectionState]:
    """The sections of an approved version as they were approved (``report.frozen``)."""
    labels = cell_labels()
    return [_frozen_section(report, data, labels) for data in report.frozen["sections"]]


def report_document(report: SocialReport) -> Document:
    """The report to publish: frozen when approved, else as it stands."""
    states = frozen_states(report) if report.approved else section_states(report)
    return Document(report, report.organization, states)


def _hidden(row: IndicatorRow, minimum: int, hidden_keys: set[str]) -> frozenset[str]:
    """The breakdowns of ``row`` to hide: a count of people under ``minimum`` (its total, or a
    cell with the helper's secondary suppression), or a derived figure reading a hidden one."""
    indicator = row.indicator
    if indicator.origin == Origin.DERIVED:
        return frozenset({""}) if formula.names(indicator.formula) & hidden_keys else frozenset()
    if not indicator.people:
        return frozenset()
    cells = suppress_cells({v.breakdown: v.value for _label, v in row.cells}, minimum)
    total = {""} if row.total is not None and is_small(row.total.value, minimum) else set()
    return frozenset(total | {cell for cell, value in cells.items() if value is None})


def published_document(report: SocialReport) -> Document:
    """The report as published (``report_document``) with every count of people under the
    threshold in force today hidden, and what would give it away: another cell, a share."""
    document = report_document(report)
    minimum = min_cell_size()
    hidden_keys: set[str] = set()
    states = []
    for state in document.states:
        rows = []
        for row in state.rows:
            rows.append(replace(row, hidden=_hidden(row, minimum, hidden_keys)))
            if "" in rows[-1].hidden:
                hidden_keys.add(row.indicator.key)
        states.append(replace(state, rows=rows))
    return replace(document, states=states, minimum=minimum)


def published_reports(organization: Organization) -> list[SocialReport]:
    """The approved reports anyone may read, one per year (its latest approved version),
    latest year first; drafts never."""
    approved = (
        SocialReport.objects.for_org(organization)
        .filter(status=ReportStatus.APPROVED)
        .select_related("approval_item__meeting")
        .order_by("-year", "-version")
    )
    latest: dict[int, SocialReport] = {}
    for report in approved:
        latest.setdefault(report.year, report)
    return list(latest.values())


def published_report(organization: Organization, year: int) -> SocialReport:
    """The latest approved version of a year (``DoesNotExist`` when none is approved)."""
    found = (
        SocialReport.objects.for_org(organization)
        .filter(year=year, status=ReportStatus.APPROVED)
        .select_related("organization", "approval_item__meeting")
        .order_by("-version")
        .first()
    )
    if found is None:
        raise SocialReport.DoesNotExist
    return found


@dataclass(frozen=True)
class Figure:
    """One published value of the report (a total or a cell) and, when today's stored value is
    the same, where it came from."""

    section: int
    section_title: str
    row: IndicatorRow
    cell: str
    value: IndicatorValue
    provenance: IndicatorValue | None


def report_figures(document: Document) -> list[Figure]:
    """Every value the report's tables show, section by section, with its provenance (an
    approved version's frozen value keeps it only while the stored value is unchanged)."""
    stored = {
        (v.key, v.breakdown): v
        for v in IndicatorValue.objects.for_org(document.organization)
        .filter(year=document.report.year)
        .select_related("entered_by")
    }
    figures = []
    for state in document.states:
        for row in state.rows:
            shown = ([("", row.total)] if row.total else []) + row.cells
            for label, value in shown:
                live = stored.get((value.key, value.breakdown))
                same = live if live is not None and live.value == value.value else None
                figures.append(Figure(state.section.number, state.title, row, label, value, same))
    return figures
