"""Server-drawn SVG charts: scales that can be checked by hand, plain numbers in the SVG even
with Italian active, Italian numbers in the table beside it, escaped labels."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from coopnet.core.charts import BOTTOM, HEIGHT, TOP, Series, Threshold, axis, bar_chart, line_chart

NUMERIC = re.compile(r'\b(x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"')


def _bars(**extra):
    return bar_chart(
        name="prova",
        title="Energia per mese",
        unit="kWh",
        category_label="Mese",
        categories=["gen", "feb", "mar"],
        series=[
            Series("Immessa", (Decimal("1234.5"), 50, None)),
            Series("Condivisa", (100, 25, 0)),
        ],
        **extra,
    )


@pytest.mark.parametrize(
    ("top", "expected"),
    [(0, (1.0, 0.2)), (7, (10.0, 2.0)), (0.3, (0.5, 0.1)), (120, (200.0, 50.0)), (2.5, (2.5, 0.5))],
)
def test_the_axis_reaches_the_top_with_round_ticks(top, expected):
    maximum, step = axis(top)
    assert (maximum, step) == pytest.approx(expected)


def test_bars_are_drawn_to_scale_and_missing_values_draw_nothing():
    chart = bar_chart(
        name="c",
        title="t",
        unit="kWh",
        category_label="Ora",
        categories=["0", "1"],
        series=[Series("Prelievo", (50, None))],
    )
    # legend square first, then the one bar: 50 on an axis of 50 fills the plot height
    rects = re.findall(r'<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"', chart.svg)
    assert len(rects) == 2
    y, height = (float(v) for v in rects[0])
    assert y == TOP
    assert height == HEIGHT - BOTTOM - TOP


def test_numbers_in_the_svg_are_never_localized_while_the_table_is_italian():
    with translation.override("it"), override_settings(USE_THOUSAND_SEPARATOR=True):
        html = render_to_string("includes/chart.html", {"chart": _bars(decimals=2)})
    svg = html[html.index("<title") : html.index("</svg>")]  # inside the root element
    values = [value for _, value in NUMERIC.findall(svg)]
    assert values
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in values), values
    assert ">2000<" in svg  # the axis' top tick: plain, no thousands dot
    assert "1.234,50" in html[html.index("</svg>") :]  # the table: Italian
    assert '<th scope="row">feb</th>' in html


def test_a_line_chart_breaks_at_missing_values_and_draws_the_threshold():
    chart = line_chart(
        name="quota",
        title="Quota condivisa",
        unit="%",
        category_label="Mese",
        categories=["gen", "feb", "mar", "apr"],
        series=[Series("CP-NORD", (60, None, 40, 30))],
        thresholds=[Threshold(55, "Soglia R-CER-6: 55%")],
        decimals=1,
    )
    assert chart.svg.count("<polyline") == 2  # gen alone, then mar-apr
    assert chart.svg.count("<circle") == 3
    threshold = re.search(r'<line x1="\d+" y1="([^"]+)"[^>]*stroke-dasharray', chart.svg)
    assert threshold is not None
    # axis 0-100: 55 sits at 45% of the plot height from the top
    assert float(threshold.group(1)) == pytest.approx(TOP + (HEIGHT - BOTTOM - TOP) * 0.45)
    assert "Soglia R-CER-6: 55%" in chart.svg


def test_labels_are_escaped_and_long_ones_slanted_and_shortened():
    chart = bar_chart(
        name="k",
        title="<b>titolo</b>",
        unit="n",
        category_label="Tipo",
        categories=["Ente del terzo settore <script>", "Piccola o media impresa di prova"] * 3,
        series=[Series("Membri", (3, 4) * 3)],
    )
    assert "<script>" not in chart.svg
    assert "&lt;b&gt;titolo&lt;/b&gt;" in chart.svg
    assert "rotate(-35" in chart.svg
    assert "Piccola o media impre…" in chart.svg
    assert chart.rows[:2] == [("Ente del terzo settore <script>", [3]), (chart.categories[1], [4])]


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="Prelievo"):
        bar_chart(
            name="x",
            title="t",
            unit="u",
            category_label="c",
            categories=["a"],
            series=[Series("Prelievo", (1, 2))],
        )
