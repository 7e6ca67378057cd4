"""Charts drawn on the server as SVG: the same markup on a page and in a PDF (WeasyPrint), no
JavaScript. Numbers written into the SVG are plain (``12.5``, never ``12,5``); each chart keeps
its data, which ``includes/chart.html`` shows as a table beside it (the accessible version,
with Italian numbers).

``bar_chart`` draws one or more series as grouped bars, ``line_chart`` as lines; both can draw
horizontal threshold lines (a legal limit, say).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

Value = int | float | Decimal | None

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 40
ROTATED_BOTTOM = 96  # room for slanted category labels
CHAR_WIDTH = 6.2  # px of an 11 px sans-serif character, roughly
LABEL_MAX = 22  # characters of a category label in the SVG (the table has it whole)
COLOURS = ("#1f6f50", "#c77d1a", "#3b6ea8", "#8a4f9e", "#6b7a3a")
THRESHOLD_COLOUR = "#a12622"
INK, GRID = "#1d2329", "#d9dcd6"
# the ticks of an axis whose top is mantissa x 10^k: (mantissa, step)
STEPS = ((1.0, 0.2), (2.0, 0.5), (2.5, 0.5), (5.0, 1.0), (10.0, 2.0))


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Threshold:
    value: Value
    label: str


@dataclass(frozen=True)
class Chart:
    """An SVG chart and its data (for the table beside it)."""

    name: str  # unique on the page: the prefix of the SVG's ids
    title: str
    unit: str
    category_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    thresholds: tuple[Threshold, ...]
    decimals: int
    svg: SafeString

    @property
    def rows(self) -> list[tuple[str, list[Value]]]:
        """One row per category: its label and each series' value."""
        return [
            (label, [s.values[i] for s in self.series]) for i, label in enumerate(self.categories)
        ]


def plain(value: float) -> str:
    """A number as SVG wants it: a dot, no grouping, at most two decimals ("12.5", "0")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def axis(top: float) -> tuple[float, float]:
    """(axis maximum, tick step) of a nice scale reaching ``top``."""
    if top <= 0:
        return 1.0, 0.2
    power = 10 ** math.floor(math.log10(top))
    for mantissa, step in STEPS:
        if top <= mantissa * power * (1 + 1e-9):
            return mantissa * power, step * power
    return 10 * power, 2 * power  # pragma: no cover  (10 x power always reaches top)


class _Frame:
    """The plot area, its scale and the parts every chart shares."""

    def __init__(self, categories: Sequence[str], values: Sequence[float]) -> None:
        self.count = max(len(categories), 1)
        self.slot = (WIDTH - LEFT - RIGHT) / self.count
        longest = max((len(c) for c in categories), default=0)
        self.rotated = min(longest, LABEL_MAX) * CHAR_WIDTH > self.slot
        self.bottom = HEIGHT - (ROTATED_BOTTOM if self.rotated else BOTTOM)
        self.top, self.step = axis(max(values, default=0.0))

    def y(self, value: float) -> float:
        return self.bottom - (self.bottom - TOP) * max(value, 0.0) / self.top

    def centre(self, index: int) -> float:
        return LEFT + self.slot * (index + 0.5)

    def grid(self, unit: str) -> list[str]:
        parts = []
        ticks = round(self.top / self.step)
        for k in range(ticks + 1):
            value = k * self.step
            y = plain(self.y(value))
            parts.append(
                f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID}"/>'
                f'<text x="{LEFT - 6}" y="{y}" dy="4" text-anchor="end">{plain(value)}</text>'
            )
        parts.append(f'<text x="{LEFT - 6}" y="{TOP - 14}" text-anchor="end">{escape(unit)}</text>')
        return parts

    def labels(self, categories: Sequence[str]) -> list[str]:
        parts = []
        y = plain(self.bottom + 14)
        for i, label in enumerate(categories):
            text = escape(label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…")
            x = plain(self.centre(i))
            turn = f' transform="rotate(-35 {x} {y})" text-anchor="end"' if self.rotated else ""
            anchor = "" if self.rotated else ' text-anchor="middle"'
            parts.append(f'<text x="{x}" y="{y}"{anchor}{turn}>{text}</text>')
        baseline = plain(self.bottom)
        parts.append(
            f'<line x1="{LEFT}" y1="{baseline}" x2="{WIDTH - RIGHT}" y2="{baseline}" '
            f'stroke="{INK}"/>'
        )
        return parts

    def thresholds(self, thresholds: Sequence[Threshold]) -> list[str]:
        parts = []
        for threshold in thresholds:
            y = plain(self.y(float(threshold.value or 0)))
            parts.append(
                f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" '
                f'stroke="{THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
                f'<text x="{WIDTH - RIGHT}" y="{y}" dy="-4" text-anchor="end" '
                f'fill="{THRESHOLD_COLOUR}">{escape(threshold.label)}</text>'
            )
        return parts


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], float(LEFT)
    for k, one in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        parts.append(
            f'<rect x="{plain(x)}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{plain(x + 14)}" y="15">{escape(one.label)}</text>'
        )
        x += 14 + len(one.label) * CHAR_WIDTH + 16
    return parts


def _floats(values: Sequence[Value]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _chart(
    kind: str,
    *,
    name: str,
    title: str,
    unit: str,
    category_label: str,
    categories: Sequence[str],
    series: Sequence[Series],
    thresholds: Sequence[Threshold] = (),
    decimals: int = 0,
) -> Chart:
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.label!r} has {len(one.values)} values")
    data = [_floats(s.values) for s in series]
    known = [v for values in data for v in values if v is not None]
    frame = _Frame(categories, known + [float(t.value or 0) for t in thresholds])
    marks = (_bars if kind == "bar" else _lines)(frame, data)
    names = ", ".join(s.label for s in series)
    description = _("%(series)s per %(categories)s; i valori sono nella tabella.") % {
        "series": names,
        "categories": category_label.lower(),
    }
    body = "".join(
        [
            *frame.grid(unit),
            *marks,
            *frame.labels(categories),
            *frame.thresholds(thresholds),
            *_legend(series),
        ]
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{name}-title {name}-desc" '
        f'font-family="sans-serif" font-size="11" fill="{INK}">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(description)}</desc>{body}</svg>'
    )
    return Chart(
        name=name,
        title=title,
        unit=unit,
        category_label=category_label,
        categories=tuple(categories),
        series=tuple(series),
        thresholds=tuple(thresholds),
        decimals=decimals,
        svg=mark_safe(svg),  # noqa: S308  built here, every text escaped
    )


def _bars(frame: _Frame, data: list[list[float | None]]) -> list[str]:
    parts = []
    width = frame.slot * 0.8 / max(len(data), 1)
    for k, values in enumerate(data):
        colour = COLOURS[k % len(COLOURS)]
        for i, value in enumerate(values):
            if value is None:
                continue
            x = frame.centre(i) - frame.slot * 0.4 + k * width
            y = frame.y(value)
            parts.append(
                f'<rect x="{plain(x)}" y="{plain(y)}" width="{plain(width)}" '
                f'height="{plain(frame.bottom - y)}" fill="{colour}"/>'
            )
    return parts


def _lines(frame: _Frame, data: list[list[float | None]]) -> list[str]:
    parts = []
    for k, values in enumerate(data):
        colour = COLOURS[k % len(COLOURS)]
        run: list[str] = []
        for i, value in enumerate([*values, None]):
            if value is not None:
                point = f"{plain(frame.centre(i))} {plain(frame.y(value))}"
                run.append(point)
                parts.append(
                    f'<circle cx="{plain(frame.centre(i))}" cy="{plain(frame.y(value))}" '
                    f'r="3" fill="{colour}"/>'
                )
            elif run:  # a missing value breaks the line
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"/>'
                )
                run = []
    return parts


# Grouped vertical bars, one colour per series (None draws no bar).
bar_chart = partial(_chart, "bar")
# One line per series through each category's value (None breaks the line).
line_chart = partial(_chart, "line")
