"""Small cells of the disadvantage findings, hidden from viewers outside the vault (R-GDPR-5).

The R-381-4b/4c/4d findings count disadvantaged workers. Consortium staff and roles without
``workforce.sensitive:read`` see them only when every count (and, for the share, the
workers who are not disadvantaged) reaches ``MIN_CELL_SIZE``: "2 of 9" would say something
about people they know. Otherwise they see the status alone, never the numbers.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.workforce.vault import MIN_CELL_SIZE, cell_is_safe

from .engine import TrendPoint
from .findings import Finding

SENSITIVE_RULES = frozenset({"R-381-4b", "R-381-4c", "R-381-4d"})
# Counts of disadvantaged people in those findings, and what can be derived from them.
COUNT_KEYS = (
    "disadvantaged",
    "disadvantaged_workers",
    "not_members_unjustified",
    "expired",
    "missing_document",
    "missing_issuer",
    "expiring_soon",
)
HIDDEN_KEYS = frozenset(
    {*COUNT_KEYS, "disadvantaged_days", "share_of_workers", "share_of_non_disadvantaged"}
)


def sees_small_cells(access: OrgAccess) -> bool:
    """Whether the viewer may see exact small counts: the cooperative's own vault roles."""
    return not access.via_group_only and access.can("workforce.sensitive:read")


def _share_is_safe(disadvantaged: Decimal | None, workers: Decimal | None) -> bool:
    if not disadvantaged or workers is None:
        return True  # none disadvantaged: nothing about anyone in particular
    return cell_is_safe(disadvantaged, workers)


def _finding_is_safe(finding: Finding) -> bool:
    data = finding.data
    for key in COUNT_KEYS:
        value = data.get(key)
        if isinstance(value, int | Decimal) and 0 < value < MIN_CELL_SIZE:
            return False
    workers, disadvantaged = data.get("workers"), data.get("disadvantaged")
    if isinstance(workers, Decimal | int) and isinstance(disadvantaged, Decimal | int):
        return _share_is_safe(Decimal(disadvantaged), Decimal(workers))
    return True


def for_viewer(finding: Finding, access: OrgAccess) -> Finding:
    """The finding as this viewer may see it: small disadvantage counts hidden."""
    if finding.rule not in SENSITIVE_RULES or sees_small_cells(access):
        return finding
    if _finding_is_safe(finding):
        return finding
    return replace(
        finding,
        value=None,
        explanation=_(
            "Meno di %(k)s persone: i numeri sono visibili solo a chi gestisce i dati sulla "
            "condizione di svantaggio nella cooperativa."
        )
        % {"k": MIN_CELL_SIZE},
        data={k: (None if k in HIDDEN_KEYS else v) for k, v in finding.data.items()},
    )


def trend_for_viewer(points: list[TrendPoint], access: OrgAccess) -> list[TrendPoint]:
    """Trend points with the disadvantaged shares hidden in the months where they are small."""
    if sees_small_cells(access):
        return points
    return [
        p
        if _share_is_safe(p.disadvantaged, p.workers)
        else replace(p, disadvantaged=None, share_of_workers=None, share_of_non_disadvantaged=None)
        for p in points
    ]
