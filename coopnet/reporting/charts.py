"""The social report's charts: one bar chart per figure split into cells (members by category,
workers by age band, hours of care by service...), drawn by ``core.charts`` on the server, so
that the report's page and its PDF carry the same SVG, each with its data as a table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from coopnet.core.charts import Chart, Series, bar_chart

from .indicators.catalogue import Unit

if TYPE_CHECKING:
    from .models import IndicatorValue
    from .selectors import IndicatorRow


def _unit(unit: str) -> str:
    return {Unit.COUNT: _("numero"), Unit.HOURS: _("ore")}.get(unit, unit)


def _shown(row: IndicatorRow, value: IndicatorValue) -> Decimal | None:
    """A cell's value, ``None`` (no bar) when the published report hides it."""
    return None if value.breakdown in row.hidden else value.value


def row_charts(number: int, rows: Sequence[IndicatorRow]) -> list[Chart]:
    """A chart for each row of section ``number`` with two cells or more, in table order;
    a hidden cell draws no bar, a row with every cell hidden no chart."""
    return [
        bar_chart(
            name=f"s{number}-{row.indicator.key}",
            title=str(row.indicator.label),
            unit=_unit(row.indicator.unit),
            category_label=str(row.indicator.breakdown or _("voce")).capitalize(),
            categories=[label for label, _value in row.cells],
            series=[Series(str(row.indicator.label), tuple(_shown(row, v) for _l, v in row.cells))],
            decimals=0 if row.indicator.unit == Unit.COUNT else 2,
        )
        for row in rows
        if len(row.cells) > 1 and any(_shown(row, v) is not None for _l, v in row.cells)
    ]
