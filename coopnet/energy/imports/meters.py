"""Checking a meter readings file (`pod,inizio,minuti,verso,kwh`): quarter-hours summed to
hours keyed by the UTC instant they start (DST-safe), duplicates and unknown PODs refused,
incomplete hours and gaps reported and left missing, never filled in."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.models import Organization

from ..models import Direction, Plant, Point
from ..settlement import ROME
from ..settlement.output import plain
from ..validators import clean_pod
from .columns import blocks, parse_block
from .files import FileRefusedError, Report, check_header, parse_number

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
    """Complete hours only, sorted by series then hour: ``series`` is a POD's index in
    ``pods`` times two plus 0 (withdrawal) or 1 (injection); ``hour`` counts hours since 1970
    (UTC); ``wh`` the hour's energy."""

    report: Report
    pods: list[str] = field(default_factory=list)
    series: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    hour: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    wh: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.wh)


Rows = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # line series epoch min wh


class MeterCheck:
    """Reads a readings file for ``organization``: canonical lines a block at a time with
    numpy (``columns``), any other line row by row (``_row``), with the same reasons."""

    def __init__(self, organization: Organization) -> None:
        org = organization
        self.points = set(Point.objects.for_org(org).values_list("pod", flat=True))
        self.power = dict(Plant.objects.for_org(org).values_list("pod", "power_kw"))
        pods = sorted(self.points | set(self.power)) or [""]  # "" never matches a POD
        self.index = {pod: i for i, pod in enumerate(pods)}
        self.plan = MeterPlan(Report(), pods)
        self.sorted_pods = np.array([pod.encode() for pod in pods], dtype="S14")
        self.is_point = np.array([pod in self.points for pod in pods])
        self.power_w = np.array(
            [int(self.power[pod] * 1000) if pod in self.power else -1 for pod in pods]
        )

    def run(self, path: Path, progress: Callable[[int, int], None] | None = None) -> MeterPlan:
        report, file = self.plan.report, path.name
        parts: list[Groups] = []
        try:
            self.header = _header(path)
            total = path.stat().st_size
            for done, rows in self._rows(path, report):
                parts.append(_groups(*rows))
                if progress is not None:
                    progress(done, total)
        except FileRefusedError as error:
            report.error(file, None, str(error))
            return self.plan
        groups = _sum(
            *(
                np.concatenate([getattr(part, name) for part in parts] or [np.zeros(0, np.int64)])
                for name in ("key", "wh", "quarters", "covered", "first_line")
            )
        )
        if (groups.quarters != groups.covered).any():
            self._duplicates(path, groups.key[groups.quarters != groups.covered])
        self._complete_hours(file, groups)
        report.errors.sort(key=lambda problem: problem.line or 0)
        return self.plan

    def _rows(self, path: Path, report: Report) -> Iterator[tuple[int, Rows]]:
        """(bytes read, the rows of a block) with the lines refused reported."""
        delimiter, order, _names = self.header
        done = 0
        for first, block in blocks(path):
            try:
                parsed = parse_block(
                    first,
                    block,
                    delimiter=ord(delimiter),
                    order=order,
                    pods=self.sorted_pods,
                    is_point=self.is_point,
                    power_w=self.power_w,
                )
            except (FileRefusedError, UnicodeDecodeError) as error:
                raise FileRefusedError(
                    _("il file non è in UTF-8: salvalo come «CSV UTF-8»")
                    if isinstance(error, UnicodeDecodeError)
                    else _("il file contiene caratteri NUL: salvalo di nuovo come CSV")
                ) from error
            slow = [
                self._slow(path.name, line, text, delimiter, report) for line, text in parsed.slow
            ]
            read = [row for row in slow if row is not None]
            done += len(block)
            yield (
                done,
                (
                    np.concatenate((parsed.lines, [r[0] for r in read])).astype(np.int64),
                    np.concatenate(
                        (parsed.pod * 2 + ~parsed.withdrawal, [r[1] for r in read])
                    ).astype(np.int64),
                    np.concatenate((parsed.epoch, [r[2] for r in read])).astype(np.int64),
                    np.concatenate((parsed.minutes, [r[3] for r in read])).astype(np.int64),
                    np.concatenate((parsed.wh, [r[4] for r in read])).astype(np.int64),
                ),
            )

    def _slow(
        self, file: str, line: int, text: str, delimiter: str, report: Report
    ) -> tuple[int, int, int, int, int] | None:
        """A line the fast path left: (line, series, epoch, minutes, Wh), or None (blank or
        refused, with the reason in the report)."""
        try:
            cells = next(csv.reader([text], delimiter=delimiter), [])
        except csv.Error as error:
            report.error(file, line, _("il CSV non è leggibile (%(error)s)") % {"error": error})
            return None
        if not any(cell.strip() for cell in cells):
            return None
        names = self.header[2]
        values = [cell.strip() for cell in cells] + [""] * (len(names) - len(cells))
        try:
            pod, direction, start, length, energy = self._row(
                dict(zip(names, values, strict=False))
            )
        except (ValueError, ValidationError) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else error
            report.error(file, line, str(reason))
            return None
        series = self.index[pod] * 2 + direction - 1
        return line, series, int(start.timestamp()), length, energy

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

    def _duplicates(self, path: Path, keys: np.ndarray) -> None:
        """Read again the lines of the hours given twice and say which line came first."""
        seen: dict[tuple[int, int], int] = {}
        ignored = Report()
        rows = [rows for _done, rows in self._rows(path, ignored)]
        line, series, epoch, minutes, _wh = (np.concatenate(c) for c in zip(*rows, strict=True))
        mine = np.isin((series << 32) | (epoch // 3600), keys)
        for at in np.argsort(line[mine], kind="stable"):
            n, s, start, length = (int(v[mine][at]) for v in (line, series, epoch, minutes))
            for offset in range(0, length, 15):
                first = seen.setdefault((s, start + offset * 60), n)
                if first != n:
                    instant = dt.datetime.fromtimestamp(start + offset * 60, dt.UTC)
                    self.plan.report.error(
                        path.name,
                        n,
                        _("%(pod)s %(verso)s alle %(t)s è già alla riga %(first)s")
                        % {
                            "pod": self.plan.pods[s // 2],
                            "verso": Direction(s % 2 + 1).label,
                            "t": local(instant),
                            "first": first,
                        },
                    )
                    break

    def _complete_hours(self, file: str, groups: Groups) -> None:
        """Hours with 60 minutes go in the plan; incomplete hours and hours missing between a
        POD's first and last are warnings (they stay missing for the settlement)."""
        series, hour = groups.key >> 32, groups.key & 0xFFFFFFFF
        complete = groups.covered == 15
        self.plan.series, self.plan.hour = series[complete], hour[complete]
        self.plan.wh = groups.wh[complete]
        for at in np.flatnonzero(~complete)[
            np.argsort(groups.first_line[~complete], kind="stable")
        ]:
            self.plan.report.warn(
                file,
                None,
                _("%(pod)s: l'ora delle %(t)s ha %(m)s minuti su 60 e non è stata registrata")
                % {
                    "pod": self.plan.pods[series[at] // 2],
                    "t": local(_instant(hour[at])),
                    "m": 15 * int(groups.covered[at]).bit_count(),
                },
            )
        gaps = np.flatnonzero((series[1:] == series[:-1]) & (hour[1:] - hour[:-1] > 1))
        for at in gaps:
            self.plan.report.warn(
                file,
                None,
                _("%(pod)s (%(verso)s): mancano %(n)s ore dopo le %(t)s")
                % {
                    "pod": self.plan.pods[series[at] // 2],
                    "verso": Direction(series[at] % 2 + 1).label,
                    "n": int(hour[at + 1] - hour[at] - 1),
                    "t": local(_instant(hour[at])),
                },
            )


@dataclass
class Groups:
    """Rows summed by series and hour: Wh, the quarters given (``quarters``: their bits
    summed, ``covered``: or-ed; different when a quarter came twice), the first line."""

    key: np.ndarray
    wh: np.ndarray
    quarters: np.ndarray
    covered: np.ndarray
    first_line: np.ndarray


def _groups(
    line: np.ndarray, series: np.ndarray, epoch: np.ndarray, minutes: np.ndarray, wh: np.ndarray
) -> Groups:
    """Sum rows by series and hour, each row's quarters as bits (60 minutes: all four)."""
    quarters = np.where(minutes == 60, 15, 1 << ((epoch % 3600) // 900)).astype(np.int64)
    return _sum((series << 32) | (epoch // 3600), wh, quarters, quarters, line)


def _sum(
    key: np.ndarray, wh: np.ndarray, quarters: np.ndarray, covered: np.ndarray, line: np.ndarray
) -> Groups:
    """Sum rows or groups by key (sorting them first unless they come sorted)."""
    if len(key) and (key[1:] < key[:-1]).any():
        order = np.argsort(key, kind="stable")
        key, wh, quarters, covered, line = (a[order] for a in (key, wh, quarters, covered, line))
    if not len(key):
        return Groups(key, wh, quarters, covered, line)
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    return Groups(
        key=key[starts],
        wh=np.add.reduceat(wh, starts),
        quarters=np.add.reduceat(quarters, starts),
        covered=np.bitwise_or.reduceat(covered, starts),
        first_line=np.minimum.reduceat(line, starts),
    )


def _instant(hour: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(hour) * 3600, dt.UTC)


def _header(path: Path) -> tuple[str, dict[str, int], list[str]]:
    """The delimiter, each column's position and the header's names; FileRefusedError as
    ``read_csv`` says it."""
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefusedError(_("il file non è in UTF-8: salvalo come «CSV UTF-8»")) from error
    if "\x00" in text:
        raise FileRefusedError(_("il file contiene caratteri NUL: salvalo di nuovo come CSV"))
    delimiter = ";" if ";" in text else ","
    names = check_header(next(csv.reader([text], delimiter=delimiter), None), METER_COLUMNS)
    return delimiter, {name: names.index(name) for name in METER_COLUMNS}, names
