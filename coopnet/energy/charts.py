"""The energy app's charts (core.charts SVG): a member's average day, and the community's
dashboard (energy by month with the R-CER-6 line, premium by plant, members by kind)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from coopnet.core.charts import Chart, Series, Threshold, bar_chart, line_chart

from .models import Direction, MemberKind

KWH = Decimal(1000)
MONTHS = range(1, 13)


def average_day(profile: Mapping[int, Sequence[int]], days: int) -> Chart:
    """24 hourly bars: the kWh withdrawn (and injected, for a plant owner) at each local hour
    of an average day of the period."""

    def mean(wh: Sequence[int]) -> tuple[Decimal, ...]:
        return tuple(Decimal(v) / KWH / days for v in wh)

    series = [Series(_("Prelievo"), mean(profile[Direction.WITHDRAWAL]))]
    if any(profile[Direction.INJECTION]):
        series.append(Series(_("Immissione"), mean(profile[Direction.INJECTION])))
    return bar_chart(
        name="giornata",
        title=_("Giornata media"),
        unit="kWh",
        category_label=_("Ora"),
        categories=[str(hour) for hour in range(24)],
        series=series,
        decimals=3,
    )


def energy_by_month(months: Mapping[int, dict[str, Any]]) -> Chart:
    """Injected and shared energy of the whole community, month by month (settled months)."""

    def total(month: int, key: str) -> Decimal | None:
        result = months.get(month)
        if result is None:
            return None
        return sum((Decimal(c[key]) for c in result["configurations"]), Decimal(0))

    return bar_chart(
        name="mesi",
        title=_("Energia immessa e condivisa per mese"),
        unit="kWh",
        category_label=_("Mese"),
        categories=[str(MONTHS_3[m]) for m in MONTHS],
        series=[
            Series(_("Immessa"), tuple(total(m, "injected_kwh") for m in MONTHS)),
            Series(_("Condivisa"), tuple(total(m, "shared_kwh") for m in MONTHS)),
        ],
    )


def shared_share(months: Mapping[int, dict[str, Any]]) -> Chart:
    """Shared energy as a percentage of injected energy, per configuration and month, with
    the R-CER-6 thresholds in force (55%, 45% with a capital grant)."""
    codes = sorted({c["code"] for r in months.values() for c in r["configurations"]})
    thresholds = sorted(
        {Decimal(c["social_threshold_pct"]) for r in months.values() for c in r["configurations"]}
    )

    def share(month: int, code: str) -> Decimal | None:
        for config in months.get(month, {}).get("configurations", []):
            injected = Decimal(config["injected_kwh"])
            if config["code"] == code and injected:
                return Decimal(config["shared_kwh"]) * 100 / injected
        return None

    return line_chart(
        name="quota",
        title=_("Energia condivisa su immessa"),
        unit="%",
        category_label=_("Mese"),
        categories=[str(MONTHS_3[m]) for m in MONTHS],
        series=[Series(code, tuple(share(m, code) for m in MONTHS)) for code in codes],
        thresholds=[
            Threshold(t, _("Soglia R-CER-6: %(pct)s%%") % {"pct": format(t.normalize(), "f")})
            for t in thresholds
        ],
        decimals=1,
    )


def premium_by_plant(results: Sequence[dict[str, Any]]) -> Chart:
    """Each plant's premium (TIP) over the runs given, in euros."""
    tips: dict[str, Decimal] = {}
    for result in results:
        for plant in result["plants"]:
            tips[plant["pod"]] = tips.get(plant["pod"], Decimal(0)) + Decimal(plant["tip_eur"])
    pods = sorted(tips)
    return bar_chart(
        name="premio",
        title=_("Tariffa premio per impianto"),
        unit="€",
        category_label=_("Impianto"),
        categories=pods,
        series=[Series(_("Tariffa premio"), tuple(tips[p] for p in pods))],
        decimals=2,
    )


def members_by_kind(counts: Mapping[str, int]) -> Chart:
    """How many members of each kind."""
    return bar_chart(
        name="membri",
        title=_("Membri per tipo"),
        unit=_("membri"),
        category_label=_("Tipo di membro"),
        categories=[str(kind.label) for kind in MemberKind],
        series=[Series(_("Membri"), tuple(counts.get(kind, 0) for kind in MemberKind))],
    )
