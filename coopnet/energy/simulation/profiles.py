"""A prospective consumer's hourly withdrawal: their expected yearly kWh spread over the hours
by a standard shape (hour of the local day, working day or weekend, month).

The shapes are illustrative, drawn from the usual Italian patterns (households: evening peak,
more in winter; daytime activities: office hours on working days, August closures), not an
official load profile; holidays other than Saturdays and Sundays are not treated apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..settlement import ROME, largest_remainder

HOURS_PER_YEAR = 8760


@dataclass(frozen=True)
class Shape:
    working_day: tuple[int, ...]  # weight of each local hour 0-23
    weekend: tuple[int, ...]
    months: tuple[int, ...]  # % of each month, January first

    def weight(self, local: dt.datetime) -> int:
        day = self.weekend if local.weekday() >= 5 else self.working_day
        return day[local.hour] * self.months[local.month - 1]


SHAPES = {
    "domestico": Shape(
        working_day=(30, 25, 22, 20, 20, 22, 35, 55, 50, 40, 38, 38,
                     42, 40, 36, 36, 40, 50, 65, 75, 75, 65, 50, 38),
        weekend=(32, 27, 24, 22, 22, 22, 28, 40, 52, 55, 52, 52,
                 58, 52, 45, 42, 45, 55, 68, 75, 72, 62, 50, 40),
        months=(120, 112, 102, 92, 88, 95, 105, 100, 90, 95, 108, 120),
    ),
    "diurno": Shape(
        working_day=(15, 15, 15, 15, 15, 18, 30, 60, 90, 100, 100, 100,
                     90, 90, 100, 100, 95, 80, 50, 30, 20, 18, 15, 15),
        weekend=(15,) * 7 + (20,) * 12 + (15,) * 5,
        months=(110, 105, 100, 95, 95, 105, 115, 80, 100, 100, 105, 100),
    ),
    "costante": Shape(working_day=(1,) * 24, weekend=(1,) * 24, months=(1,) * 12),
}  # fmt: skip


def consumption(hours: Sequence[dt.datetime], yearly_kwh: Decimal, shape: str) -> list[int]:
    """Wh of each hour (UTC instants): ``yearly_kwh`` a year, so ``yearly_kwh x hours / 8760``
    over ``hours``, split by the shape's weights in integer Wh that add up exactly."""
    profile = SHAPES[shape]
    total = yearly_kwh * 1000 * len(hours) / HOURS_PER_YEAR
    wh = int(total.to_integral_value(rounding=ROUND_HALF_UP))
    return largest_remainder(wh, [profile.weight(h.astimezone(ROME)) for h in hours])
