"""Small-cell suppression for published aggregates (R-GDPR-5): a count of fewer than
``MIN_CELL_SIZE`` people (the workforce's threshold, k >= 5, a design choice) is hidden, and
when exactly one cell would be hidden, so is the next smallest, so that the hidden one cannot
be worked out from the total by subtraction."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from coopnet.workforce.vault import MIN_CELL_SIZE


def is_small(count: int | Decimal) -> bool:
    """A cell that would point at fewer than ``MIN_CELL_SIZE`` people (none is no one)."""
    return 0 < count < MIN_CELL_SIZE


def suppress_cells(cells: Mapping[str, int | Decimal]) -> dict[str, int | Decimal | None]:
    """The cells of a breakdown whose total is published, ``None`` where hidden."""
    shown: dict[str, int | Decimal | None] = {
        k: (None if is_small(v) else v) for k, v in cells.items()
    }
    hidden = [k for k, v in shown.items() if v is None]
    visible = [k for k, v in shown.items() if v is not None and v > 0]
    if len(hidden) == 1 and visible:
        shown[min(visible, key=lambda k: (cells[k], k))] = None
    return shown
