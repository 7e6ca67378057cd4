"""Checking a zonal prices file (`inizio,minuti,zona,eur_mwh`): quarter-hour prices become
the hourly price by the parameter's rule (1: the mean of the four); a missing quarter or hour
between a zone's first and last refuses the file, as do duplicates."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from ..models import Zone
from ..settlement import hour_of
from .files import FileRefusedError, Report, parse_number, read_csv
from .meters import HOUR, local, parse_start

PRICE_COLUMNS = ("inizio", "minuti", "zona", "eur_mwh")
MEAN_OF_FOUR = Decimal(1)
MAX_DECIMALS = 4  # the mean of four such prices has at most 6 (the model's places)


@dataclass
class PricePlan:
    report: Report
    prices: dict[tuple[str, dt.datetime], Decimal] = field(default_factory=dict)


def check_prices(path: Path, rule: Decimal) -> PricePlan:
    """Read ``path``; ``rule`` is the parameter `cer.price_quarter_rule` in force."""
    plan = PricePlan(Report())
    file = path.name
    if rule != MEAN_OF_FOUR:
        plan.report.error(
            file, None, _("regola dei prezzi quartorari %(r)s non prevista") % {"r": rule}
        )
        return plan
    quarters: dict[tuple[str, dt.datetime], list[Decimal]] = defaultdict(list)
    seen: dict[tuple[str, dt.datetime], int] = {}
    try:
        for line, row in read_csv(path, PRICE_COLUMNS):
            try:
                zone = row["zona"].upper()
                if zone not in Zone.values:
                    raise ValueError(
                        _("zona «%(z)s» sconosciuta: usa una di %(all)s")
                        % {"z": row["zona"], "all": ", ".join(Zone.values)}
                    )
                start, length = parse_start(row["inizio"], row["minuti"])
                price = _price(row["eur_mwh"])
            except ValueError as error:
                plan.report.error(file, line, str(error))
                continue
            instant = start.astimezone(dt.UTC)
            first = seen.setdefault((zone, instant), line)
            if first != line:
                plan.report.error(
                    file,
                    line,
                    _("%(z)s alle %(t)s è già alla riga %(first)s")
                    % {"z": zone, "t": local(instant), "first": first},
                )
                continue
            quarters[(zone, hour_of(start))] += [price] * (length // 15)
    except FileRefusedError as error:
        plan.report.error(file, None, str(error))
    _hourly(plan, file, quarters)
    return plan


def _price(text: str) -> Decimal:
    try:
        price = parse_number(text)
    except ValueError as error:
        raise ValueError(_("eur_mwh «%(v)s» non è un numero") % {"v": text}) from error
    exponent = price.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise ValueError(_("eur_mwh «%(v)s»: al massimo quattro decimali") % {"v": text})
    return price


def _hourly(
    plan: PricePlan, file: str, quarters: dict[tuple[str, dt.datetime], list[Decimal]]
) -> None:
    by_zone: dict[str, list[dt.datetime]] = defaultdict(list)
    for (zone, hour), values in sorted(quarters.items()):
        by_zone[zone].append(hour)
        if len(values) != 4:
            plan.report.error(
                file,
                None,
                _("%(z)s: l'ora delle %(t)s ha %(n)s quarti d'ora su 4")
                % {"z": zone, "t": local(hour), "n": len(values)},
            )
            continue
        plan.prices[(zone, hour)] = sum(values, Decimal(0)) / 4
    for zone, hours in by_zone.items():
        for before, after in itertools.pairwise(hours):
            if after - before > HOUR:
                plan.report.error(
                    file,
                    None,
                    _("%(z)s: manca il prezzo dell'ora delle %(t)s")
                    % {"z": zone, "t": local(before + HOUR)},
                )
