"""Reading the community's CSV files: UTF-8 with or without BOM, `;` or `,` (the header
decides), an exact header; and the report of an import, every problem with file and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from coopnet.members.imports import ImportFileError, csv_rows

NUMBER_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")
YES = {"si", "sì", "s", "yes", "y", "1", "x", "vero", "true"}
NO = {"no", "n", "0", "", "falso", "false"}


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


def read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, cells by column) of each non-blank data line; ImportFileError for a file that
    is not UTF-8 or whose header is not exactly ``columns`` (in any order)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("il file non è in UTF-8: salvalo come «CSV UTF-8»")) from error
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header_line else ","
    rows = csv_rows(text, delimiter)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("il file è vuoto"))
    header = [cell.strip().lower() for cell in first[1]]
    if sorted(header) != sorted(columns):
        raise ImportFileError(
            _("riga 1: l'intestazione deve essere %(expected)s, non %(found)s")
            % {"expected": ",".join(columns), "found": ",".join(header)}
        )
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            values = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
            yield line, dict(zip(header, values, strict=False))


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
