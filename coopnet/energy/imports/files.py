"""Reading the community's CSV files: UTF-8 with or without BOM, `;` or `,` (the header
decides), an exact header; and the report of an import, every problem with file and line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.dates import validate_plausible_date

NUMBER_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")
YES = {"si", "sì", "s", "yes", "y", "1", "x", "vero", "true"}
NO = {"no", "n", "0", "", "falso", "false"}


class FileRefusedError(Exception):
    """The file cannot be read as the expected table: the reason is the whole file's."""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        where = (
            _("%(file)s, riga %(line)s") % {"file": self.file, "line": self.line}
            if self.line
            else self.file
        )
        return f"{where}: {self.message}"


@dataclass
class Report:
    """What an import found and did. Any error: nothing of the files is stored."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> outcome -> n
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, file: str, line: int | None, message: str) -> None:
        self.errors.append(Problem(file, line, message))

    def warn(self, file: str, line: int | None, message: str) -> None:
        self.warnings.append(Problem(file, line, message))

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        outcomes = self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        outcomes[outcome] = outcomes.get(outcome, 0) + n

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as text: errors, warnings, then the counts."""
        out = [_("Errore: %(p)s") % {"p": p} for p in self.errors]
        out += [_("Avviso: %(p)s") % {"p": p} for p in self.warnings]
        for kind, outcomes in self.counts.items():
            out.append(
                _("%(kind)s: nuove %(created)s · aggiornate %(updated)s · invariate %(unchanged)s")
                % {"kind": kind, **outcomes}
            )
        if not self.saved:
            out.append(_("Importazione annullata: nessun dato è stato registrato."))
        return out


def read_csv(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, cells by column) of each non-blank data line; FileRefusedError for a file that
    is not UTF-8, not CSV, or whose header is not exactly ``columns`` (in any order) plus any
    of the ``optional`` ones (a row has a key only for the optional columns the file has)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefusedError(_("il file non è in UTF-8: salvalo come «CSV UTF-8»")) from error
    if "\x00" in text:
        raise FileRefusedError(_("il file contiene caratteri NUL: salvalo di nuovo come CSV"))
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from _rows(reader, columns, optional)
    except csv.Error as error:
        raise FileRefusedError(
            _("riga %(line)s: il CSV non è leggibile (%(error)s)")
            % {"line": reader.line_num, "error": error}
        ) from error


def check_header(
    first: list[str] | None, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[str]:
    """The header's column names; FileRefusedError unless exactly ``columns`` in any order,
    with or without each of the ``optional`` ones (once)."""
    if first is None:
        raise FileRefusedError(_("il file è vuoto"))
    header = [cell.strip().lower() for cell in first]
    extra = sorted(c for c in header if c not in columns)
    if sorted(c for c in header if c in columns) != sorted(columns) or not (
        set(extra) <= set(optional) and len(extra) == len(set(extra))
    ):
        expected = ",".join(columns)
        if optional:
            expected += " " + _("(facoltative: %(names)s)") % {"names": ",".join(optional)}
        raise FileRefusedError(
            _("riga 1: l'intestazione deve essere %(expected)s, non %(found)s")
            % {"expected": expected, "found": ",".join(header)}
        )
    return header


def _rows(
    reader: Any, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    header = check_header(next(reader, None), columns, optional)
    for cells in reader:
        if any(cell.strip() for cell in cells):
            values = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
            yield reader.line_num, dict(zip(header, values, strict=False))


def parse_number(text: str) -> Decimal:
    """A number with `.` or `,` decimals and no thousands separator; ValueError otherwise."""
    if not NUMBER_RE.match(text):
        raise ValueError(text)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern lets none through
        raise ValueError(text) from error


def parse_flag(text: str) -> bool:
    folded = text.strip().lower()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValueError(text)


def parse_day(text: str, label: str) -> dt.date | None:
    """A dd/mm/yyyy date (blank: None); ValueError naming the column otherwise."""
    if not text:
        return None
    try:
        day = dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a day, no time)
        validate_plausible_date(day)
    except (ValueError, ValidationError) as error:
        raise ValueError(
            _("%(label)s «%(value)s» non è una data gg/mm/aaaa") % {"label": label, "value": text}
        ) from error
    return day
