"""Checking the GSE's statement (`mese,configurazione,energia_condivisa_kwh,tip_eur,
valorizzazione_eur`): one line per month and configuration, as the GSE paid it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.dates import validate_plausible_date

from .files import FileRefusedError, Report, parse_number, read_csv

GSE_COLUMNS = ("mese", "configurazione", "energia_condivisa_kwh", "tip_eur", "valorizzazione_eur")
MONTH_FORMATS = ("%m/%Y", "%Y-%m")
PLACES = {"energia_condivisa_kwh": 3, "tip_eur": 2, "valorizzazione_eur": 2}

GseKey = tuple[dt.date, str]  # first day of the month, configuration code
GseFigures = tuple[Decimal, Decimal, Decimal]  # kWh, TIP €, valorisation €


@dataclass
class GsePlan:
    report: Report
    rows: dict[GseKey, GseFigures] = field(default_factory=dict)


def parse_month(text: str) -> dt.date:
    """``03/2026`` or ``2026-03`` as the month's first day; ValueError naming the column."""
    for pattern in MONTH_FORMATS:
        try:
            month = dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a month)
            validate_plausible_date(month)
        except (ValueError, ValidationError):
            continue
        return month
    raise ValueError(_("mese «%(v)s» non è un mese plausibile mm/aaaa") % {"v": text})


def _figure(row: dict[str, str], column: str) -> Decimal:
    text = row[column]
    try:
        value = parse_number(text)
    except ValueError as error:
        raise ValueError(_("%(c)s «%(v)s» non è un numero") % {"c": column, "v": text}) from error
    if value < 0:
        raise ValueError(_("%(c)s «%(v)s» è negativo") % {"c": column, "v": text})
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > PLACES[column]:
        raise ValueError(
            _("%(c)s «%(v)s»: al massimo %(n)s decimali")
            % {"c": column, "v": text, "n": PLACES[column]}
        )
    return value


def check_gse(path: Path, configurations: set[str]) -> GsePlan:
    """Read ``path``; ``configurations`` are the community's codes."""
    plan = GsePlan(Report())
    file = path.name
    seen: dict[GseKey, int] = {}
    try:
        for line, row in read_csv(path, GSE_COLUMNS):
            try:
                month = parse_month(row["mese"])
                code = row["configurazione"]
                if code not in configurations:
                    raise ValueError(_("configurazione «%(c)s» sconosciuta") % {"c": code})
                figures = tuple(_figure(row, c) for c in GSE_COLUMNS[2:])
            except ValueError as error:
                plan.report.error(file, line, str(error))
                continue
            first = seen.setdefault((month, code), line)
            if first != line:
                plan.report.error(
                    file,
                    line,
                    _("%(c)s del %(m)s è già alla riga %(first)s")
                    % {"c": code, "m": f"{month:%m/%Y}", "first": first},
                )
                continue
            plan.rows[(month, code)] = (figures[0], figures[1], figures[2])
    except FileRefusedError as error:
        plan.report.error(file, None, str(error))
    return plan
