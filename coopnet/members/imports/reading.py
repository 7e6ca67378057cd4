"""Reading an XLSX or CSV file into rows of cells, and the values found in them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from coopnet.core.dates import EARLIEST, LATEST
from coopnet.core.models import Comune

from .report import ImportFileError

CENT = Decimal("0.01")


Cell = str | dt.date | int | float | Decimal | None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a CSV text. A cell over the csv module's limit (131,072
    characters) or with a NUL character (which PostgreSQL cannot store) stops the file with
    an ImportFileError naming the line, so a check never passes what the import would refuse."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            if any("\x00" in value for value in values):
                raise ImportFileError(
                    _("Riga %(line)s: carattere NUL nel file; salvalo di nuovo come CSV.")
                    % {"line": reader.line_num}
                )
            yield reader.line_num, values
    except csv.Error as error:
        line = reader.line_num  # the line being read when the error came
        if "field larger than field limit" in str(error):
            raise ImportFileError(
                _("Riga %(line)s: un campo supera %(n)s caratteri.")
                % {"line": line, "n": csv.field_size_limit()}
            ) from error
        raise ImportFileError(
            _("Riga %(line)s: il CSV non è leggibile (%(error)s).") % {"line": line, "error": error}
        ) from error


def _csv_records(path: Path) -> Iterator[list[Cell]]:
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=";,").delimiter
    except csv.Error:
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    for _line, values in csv_rows(text, delimiter):
        yield list(values)


def _xlsx_records(path: Path) -> Iterator[list[Cell]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ImportFileError(_("Il file non è un foglio XLSX leggibile.")) from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def read_records(path: Path) -> Iterator[list[Cell]]:
    """The rows of the first sheet (XLSX) or of the CSV file, header included."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_records(path)
    if suffix == ".csv":
        return _csv_records(path)
    raise ImportFileError(_("Sono ammessi solo file XLSX o CSV."))


def count_data_rows(path: Path) -> int:
    """How many lines follow the header (a cheap estimate used to choose a background run)."""
    if path.suffix.lower() == ".csv":
        return max(0, _decode(path.read_bytes()).count("\n") - 1)
    workbook = load_workbook(path, read_only=True)
    try:
        return max(0, (workbook.worksheets[0].max_row or 1) - 1)
    finally:
        workbook.close()


# --- values --------------------------------------------------------------------------------


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$")


def parse_date(value: Cell) -> dt.date | None:
    """A dd/mm/yyyy text or a date cell; blank is None; anything else, or a date outside
    core.dates' range (a mistyped year), raises ValueError."""
    date = _date(value)
    if date is not None and not EARLIEST <= date <= LATEST:
        raise ValueError(_text(value))
    return date


def _date(value: Cell) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    match = DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        iso = ISO_DATE_RE.match(text)
        if not iso:
            raise ValueError(text)
        year, month, day = (int(g) for g in iso.groups())
    return dt.date(year, month, day)


THOUSANDS_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_decimal(value: Cell) -> Decimal | None:
    """Euros as "1.234,50", "1234,5", "1234.50" or a number cell; blank is None."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = _text(value).replace("€", "").replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif "," in text:
            text = text.replace(",", ".")
        elif THOUSANDS_RE.match(text):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(text) from error
    if not number.is_finite() or number != number.quantize(CENT):
        raise ValueError(str(value))
    return number.quantize(CENT)


def parse_int(value: Cell) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def _fold(text: str) -> str:
    """Lower case without accents and with one kind of apostrophe, for comparing names."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("`", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


class ComuneIndex:
    """All comuni by folded name, loaded in one query."""

    PROVINCE_RE = re.compile(r"^(.*?)\s*\(\s*([A-Za-z]{2})\s*\)$")

    def __init__(self) -> None:
        self.by_name: dict[str, list[Comune]] = {}
        for comune in Comune.objects.select_related("province"):
            names = {comune.name, *comune.name.split("/")}
            for name in names:
                self.by_name.setdefault(_fold(name), []).append(comune)

    def find(self, text: str) -> Comune:
        """The comune named ``text`` ("Name" or "Name (PR)"); ValueError with the reason."""
        match = self.PROVINCE_RE.match(text)
        name, province = (match.group(1), match.group(2).upper()) if match else (text, "")
        candidates = self.by_name.get(_fold(name), [])
        if province:
            candidates = [c for c in candidates if c.province.abbreviation == province]
        if not candidates:
            raise ValueError(_("comune «%(name)s» sconosciuto") % {"name": text})
        if len(candidates) > 1:
            raise ValueError(
                _("il comune «%(name)s» è ambiguo: scrivi anche la provincia, ad esempio %(list)s")
                % {"name": text, "list": ", ".join(str(c) for c in candidates)}
            )
        return candidates[0]
