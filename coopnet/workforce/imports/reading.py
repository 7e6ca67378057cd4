"""Reading an import file (CSV or XLSX) into rows by column, after checking the header."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from coopnet.members.imports import ImportFileError, csv_rows

from .columns import COLUMNS


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    if value is None:
        return ""
    return str(value).strip()


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("Il file non è un foglio XLSX leggibile.")) from error
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell(v) for v in values]
    workbook.close()


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    for line, values in csv_rows(text, delimiter):
        yield line, [v.strip() for v in values]


def read_table(content: bytes, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, row by column) for each non-empty data row, after checking the header."""
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    header: list[str] | None = None
    for line, values in rows:
        if header is None:
            header = [str(v).strip().lower() for v in values]
            while header and not header[-1]:
                header.pop()
            _check_header(header)
            continue
        if not any(v not in ("", None) for v in values):
            continue
        padded = list(values) + [""] * (len(header) - len(values))
        yield line, dict(zip(header, padded, strict=False))
    if header is None:
        raise ImportFileError(_("Il file è vuoto."))


def _check_header(header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append(_("mancano le colonne %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            parts.append(_("colonne sconosciute %(c)s") % {"c": ", ".join(unknown)})
        if len(set(header)) != len(header):
            parts.append(_("ci sono colonne ripetute"))
        raise ImportFileError(
            _("Intestazione non valida: %(p)s. Le colonne devono essere: %(cols)s.")
            % {"p": "; ".join(parts), "cols": ", ".join(COLUMNS)}
        )
