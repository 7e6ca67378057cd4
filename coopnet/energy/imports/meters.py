"""Checking a meter readings file (`pod,inizio,minuti,verso,kwh`): quarter-hours summed to
hours keyed by the UTC instant they start (DST-safe), duplicates and unknown PODs refused,
incomplete hours and gaps reported and left missing, never filled in."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.models import Organization

from ..models import Direction, Plant, Point
from ..settlement import ROME, hour_of
from ..settlement.output import plain
from ..validators import clean_pod
from .files import FileRefusedError, Report, parse_number, read_csv

METER_COLUMNS = ("pod", "inizio", "minuti", "verso", "kwh")
DIRECTIONS = {"prelievo": Direction.WITHDRAWAL, "immissione": Direction.INJECTION}
HOUR = dt.timedelta(hours=1)
Key = tuple[str, int, dt.datetime]  # POD, direction, hour (UTC)


def parse_start(text: str, minutes_text: str) -> tuple[dt.datetime, int]:
    """(start instant, minutes) of an interval; ValueError with the reason in Italian."""
    try:
        start = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(_("inizio «%(t)s» non è una data e ora ISO 8601") % {"t": text}) from error
    if start.tzinfo is None:
        raise ValueError(
            _("inizio «%(t)s» senza fuso orario (ad esempio +01:00): ambiguo al cambio dell'ora")
            % {"t": text}
        )
    if minutes_text not in ("15", "60"):
        raise ValueError(_("minuti deve essere 15 o 60, non «%(m)s»") % {"m": minutes_text})
    minutes = int(minutes_text)
    if start.second or start.microsecond or start.minute % minutes:
        raise ValueError(
            _("inizio «%(t)s» non è l'inizio di un intervallo di %(m)s minuti")
            % {"t": text, "m": minutes}
        )
    return start, minutes


def local(hour: dt.datetime) -> str:
    return hour.astimezone(ROME).strftime("%d/%m/%Y %H:%M %z")


@dataclass
class MeterPlan:
    report: Report
    hours: dict[Key, int] = field(default_factory=dict)  # complete hours only, Wh


class MeterCheck:
    """Reads a readings file for ``organization``; the plan holds complete hours in Wh."""

    def __init__(self, organization: Organization) -> None:
        org = organization
        self.points = set(Point.objects.for_org(org).values_list("pod", flat=True))
        self.power = dict(Plant.objects.for_org(org).values_list("pod", "power_kw"))
        self.plan = MeterPlan(Report())

    def run(self, path: Path) -> MeterPlan:
        file = path.name
        wh: dict[Key, int] = defaultdict(int)
        minutes: dict[Key, int] = defaultdict(int)
        seen: dict[tuple[str, int, dt.datetime], int] = {}
        try:
            for line, row in read_csv(path, METER_COLUMNS):
                try:
                    pod, direction, start, length, energy = self._row(row)
                except (ValueError, ValidationError) as error:
                    reason = (
                        " ".join(error.messages) if isinstance(error, ValidationError) else error
                    )
                    self.plan.report.error(file, line, str(reason))
                    continue
                for offset in range(0, length, 15):  # each quarter of the interval, once
                    instant = start.astimezone(dt.UTC) + dt.timedelta(minutes=offset)
                    first = seen.setdefault((pod, direction, instant), line)
                    if first != line:
                        self.plan.report.error(
                            file,
                            line,
                            _("%(pod)s %(verso)s alle %(t)s è già alla riga %(first)s")
                            % {
                                "pod": pod,
                                "verso": row["verso"],
                                "t": local(instant),
                                "first": first,
                            },
                        )
                        break
                key = (pod, direction, hour_of(start))
                wh[key] += energy
                minutes[key] += length
        except FileRefusedError as error:
            self.plan.report.error(file, None, str(error))
        self._complete_hours(file, wh, minutes)
        return self.plan

    def _row(self, row: dict[str, str]) -> tuple[str, int, dt.datetime, int, int]:
        pod = clean_pod(row["pod"])
        direction = DIRECTIONS.get(row["verso"].lower())
        if direction is None:
            raise ValueError(_("verso deve essere prelievo o immissione"))
        start, length = parse_start(row["inizio"], row["minuti"])
        try:
            kwh = parse_number(row["kwh"])
        except ValueError as error:
            raise ValueError(_("kwh «%(v)s» non è un numero") % {"v": row["kwh"]}) from error
        energy = kwh * 1000
        if energy < 0 or energy != energy.to_integral_value():
            raise ValueError(
                _("kwh «%(v)s»: serve un valore non negativo con al massimo tre decimali (Wh)")
                % {"v": row["kwh"]}
            )
        if direction == Direction.INJECTION:
            power = self.power.get(pod)
            if power is None:
                raise ValueError(_("%(pod)s non è un impianto della comunità") % {"pod": pod})
            most = power * 1000 * length / 60
            if energy > most:
                raise ValueError(
                    _(
                        "%(wh)s Wh in %(m)s minuti: più di quanto l'impianto da %(kw)s kW può "
                        "produrre (%(most)s Wh)"
                    )
                    % {"wh": int(energy), "m": length, "kw": plain(power), "most": plain(most)}
                )
        elif pod not in self.points:
            raise ValueError(_("%(pod)s non è un punto di prelievo della comunità") % {"pod": pod})
        return pod, int(direction), start, length, int(energy)

    def _complete_hours(self, file: str, wh: dict[Key, int], minutes: dict[Key, int]) -> None:
        """Hours with 60 minutes go in the plan; incomplete hours and hours missing between a
        POD's first and last are warnings (they stay missing for the settlement)."""
        by_series: dict[tuple[str, int], list[dt.datetime]] = defaultdict(list)
        for key, total in wh.items():
            pod, direction, hour = key
            if minutes[key] == 60:
                self.plan.hours[key] = total
            else:
                self.plan.report.warn(
                    file,
                    None,
                    _("%(pod)s: l'ora delle %(t)s ha %(m)s minuti su 60 e non è stata registrata")
                    % {"pod": pod, "t": local(hour), "m": minutes[key]},
                )
            by_series[(pod, direction)].append(hour)
        for (pod, direction), hours in sorted(by_series.items()):
            hours.sort()
            for before, after in itertools.pairwise(hours):
                if after - before > HOUR:
                    missing = int((after - before) / HOUR) - 1
                    self.plan.report.warn(
                        file,
                        None,
                        _("%(pod)s (%(verso)s): mancano %(n)s ore dopo le %(t)s")
                        % {
                            "pod": pod,
                            "verso": Direction(direction).label,
                            "n": missing,
                            "t": local(before),
                        },
                    )
