"""Counts of disadvantaged workers that name nobody: no categories, small cells suppressed.

Aggregates that reveal nothing about a person (cells of at least ``MIN_CELL_SIZE``, and of at
least as many workers who are not disadvantaged) need no permission and are not logged; the
compliance engine and the consortium figures read them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from coopnet.core.models import Organization, OrganizationKind

from ..models import DisadvantagedStatus, Employment
from .staff import in_force_on
from .vault import valid_on

# R-GDPR-5: aggregates never show a cell with fewer people than this (k >= 5 is a design
# choice, not law).
MIN_CELL_SIZE = 5


@dataclass(frozen=True)
class DisadvantagedCounts:
    """Disadvantaged workers in force on a day; ``None`` where a cell is suppressed."""

    on: dt.date
    total: int | None
    by_branch: dict[str, int | None] = field(default_factory=dict)
    min_cell: int = MIN_CELL_SIZE

    @property
    def suppressed(self) -> bool:
        return self.total is None or None in self.by_branch.values()


def cell_is_safe(count: int | Decimal, of: int | Decimal) -> bool:
    """A count may be shown when it and its complement (the workers who are not
    disadvantaged, visible elsewhere as headcounts) both reach ``MIN_CELL_SIZE``: otherwise
    "all of them" or "all but one" would say something about each named worker."""
    return count >= MIN_CELL_SIZE and of - count >= MIN_CELL_SIZE


def _suppress(
    cells: dict[str, tuple[int, int]], total: tuple[int, int]
) -> tuple[dict[str, int | None], int | None]:
    """Hide unsafe cells; if exactly one is hidden, hide the next smallest too (or the
    total), so that it cannot be worked out by subtraction. Cells are (count, workers)."""
    shown: dict[str, int | None] = {
        k: (d if cell_is_safe(d, t) else None) for k, (d, t) in cells.items()
    }
    shown_total: int | None = total[0] if cell_is_safe(*total) else None
    hidden = [k for k, v in shown.items() if v is None]
    if len(hidden) == 1 and shown_total is not None:
        visible = [k for k, v in shown.items() if v is not None]
        if visible:
            shown[min(visible, key=lambda k: cells[k][0])] = None
        else:
            shown_total = None
    return shown, shown_total


def disadvantaged_counts(*, organization: Organization, on: dt.date) -> DisadvantagedCounts:
    """Workers employed on ``on`` with a status valid that day, by branch for mixed A+B
    cooperatives: no names, no categories, small cells suppressed. Not logged."""
    employed = Employment.objects.for_org(organization).filter(in_force_on(on))
    disadvantaged = set(
        DisadvantagedStatus.objects.for_org(organization)
        .filter(valid_on(on))
        .values_list("person_id", flat=True)
    )
    branch_of = dict(employed.values_list("person_id", "branch"))
    counted = [branch for pid, branch in branch_of.items() if pid in disadvantaged]
    total = (len(counted), len(branch_of))
    if organization.kind != OrganizationKind.SOCIAL_COOP_AB:
        return DisadvantagedCounts(on=on, total=total[0] if cell_is_safe(*total) else None)
    per_branch, workers = Counter(counted), Counter(branch_of.values())
    cells = {b: (per_branch.get(b, 0), workers.get(b, 0)) for b in ("A", "B")}
    shown, shown_total = _suppress(cells, total)
    return DisadvantagedCounts(on=on, total=shown_total, by_branch=shown)


@dataclass(frozen=True)
class WorkforceCounts:
    """Workers in force on a day by organization, with the disadvantaged among them;
    ``None`` where the count is suppressed (here and in the total)."""

    workers: dict[int, int]
    disadvantaged: dict[int, int | None]
    total_workers: int
    total_disadvantaged: int | None


def workforce_counts_by_organization(
    organization_ids: Collection[int], on: dt.date
) -> WorkforceCounts:
    """Workers and disadvantaged workers of several organizations on ``on``, in one query;
    small cells suppressed as in ``disadvantaged_counts``. Counts only: not logged."""
    # the outer employment's own organization (one of them), not the list again: with the
    # planner's statistics SQLite checked a 300-organization list for every employment (30x)
    certified = (
        DisadvantagedStatus.objects.for_org(OuterRef("organization_id"))
        .filter(valid_on(on))
        .filter(person_id=OuterRef("person_id"))
    )
    rows = (
        Employment.objects.for_orgs(organization_ids)
        .filter(in_force_on(on))
        .annotate(certified=Exists(certified))
        .order_by()
        .values("organization_id")
        .annotate(
            workers=Count("person_id", distinct=True),
            disadvantaged=Count("person_id", distinct=True, filter=Q(certified=True)),
        )
    )
    cells = {str(r["organization_id"]): (r["disadvantaged"], r["workers"]) for r in rows}
    total = (sum(d for d, w in cells.values()), sum(w for d, w in cells.values()))
    shown, shown_total = _suppress(cells, total)
    return WorkforceCounts(
        workers={int(k): w for k, (d, w) in cells.items()},
        disadvantaged={int(k): v for k, v in shown.items()},
        total_workers=total[1],
        total_disadvantaged=shown_total,
    )


def disadvantaged_periods(
    *, organization: Organization, start: dt.date, end: dt.date
) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """Validity periods overlapping ``start``..``end`` by person id, without categories.

    For computations that publish only counts (the compliance engine's R-381-4b average);
    never render it. Not logged, because nothing leaves the server but the counts.
    """
    rows = (
        DisadvantagedStatus.objects.for_org(organization)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), valid_from__lte=end)
        .values_list("person_id", "valid_from", "valid_to")
    )
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for person_id, valid_from, valid_to in rows:
        periods.setdefault(person_id, []).append((valid_from, valid_to))
    return periods
