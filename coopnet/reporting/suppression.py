"""Small-cell suppression for published aggregates (R-GDPR-5): a count of fewer than
``privacy.min_cell_size`` people (a dated parameter, k = 5: a design choice) is hidden, and
when exactly one cell would be hidden, so is the next smallest, so that the hidden one cannot
be worked out from the total by subtraction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone

from coopnet.core.parameters import parameter_value

MIN_CELL_SIZE = "privacy.min_cell_size"


def min_cell_size(on: dt.date | None = None) -> int:
    """The smallest number of people a published cell may show, in force on ``on`` (today)."""
    return int(parameter_value(MIN_CELL_SIZE, on or timezone.localdate()))


def is_small(count: int | Decimal | None, minimum: int) -> bool:
    """A cell that would point at fewer than ``minimum`` people (none is no one)."""
    return count is not None and 0 < count < minimum


def suppress_cells(
    cells: Mapping[str, int | Decimal], minimum: int | None = None
) -> dict[str, int | Decimal | None]:
    """The cells of a breakdown whose total is published, ``None`` where hidden; ``minimum``
    defaults to the parameter in force today."""
    least = min_cell_size() if minimum is None else minimum
    shown: dict[str, int | Decimal | None] = {
        k: (None if is_small(v, least) else v) for k, v in cells.items()
    }
    hidden = [k for k, v in shown.items() if v is None]
    visible = [k for k, v in shown.items() if v is not None and v > 0]
    if len(hidden) == 1 and visible:
        shown[min(visible, key=lambda k: (cells[k], k))] = None
    return shown
