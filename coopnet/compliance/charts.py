"""Line charts drawn on the server as SVG coordinates (no JavaScript, no inline styles)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


@dataclass(frozen=True)
class Line:
    label: str
    css: str
    segments: list[str]  # SVG "points" attributes; a gap (no value) breaks the line


@dataclass(frozen=True)
class Tick:
    position: str  # an SVG coordinate, always with a dot as decimal separator
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    lines: list[Line]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM


def _nice_top(value: float, *, percent: bool) -> float:
    """The top of the y axis: a round number at or above ``value`` whose half is round too."""
    if value <= 0:
        return 1.0 if percent else 10.0
    step = 0.2 if percent else 2 * 10 ** max(0, math.floor(math.log10(value)))
    return math.ceil(round(value / step, 9)) * step


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Decimal | int | None]]],
    *,
    percent: bool,
) -> Chart:
    """Scale ``series`` (label, css class, values) into the plot area of one chart."""
    values = [float(v) for _label, _css, vs in series for v in vs if v is not None]
    top = _nice_top(max(values, default=0), percent=percent)
    count = max(len(x_labels), 2)

    def x(i: int) -> float:
        return LEFT + i * (WIDTH - LEFT - RIGHT) / (count - 1)

    def y(v: float) -> float:
        return TOP + (1 - v / top) * (HEIGHT - TOP - BOTTOM)

    def label(v: float) -> str:
        if percent:
            return f"{round(v * 100)}%"
        return f"{round(v):,}".replace(",", ".")

    lines = []
    for name, css, vs in series:
        segments: list[list[str]] = [[]]
        for i, v in enumerate(vs):
            if v is None:
                segments.append([])
            else:
                segments[-1].append(f"{x(i):.1f},{y(float(v)):.1f}")
        lines.append(Line(name, css, [" ".join(s) for s in segments if s]))
    last = len(x_labels) - 1
    ticks = sorted({0, last // 2, last}) if x_labels else []
    return Chart(
        title=title,
        lines=lines,
        y_ticks=[Tick(f"{y(top * f):.1f}", label(top * f)) for f in (0, 0.5, 1)],
        x_ticks=[Tick(f"{x(i):.1f}", x_labels[i]) for i in ticks],
    )
