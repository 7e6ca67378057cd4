"""CSV and XLSX downloads of any list, with every text cell escaped against formula injection.

Every export of the project writes its cells through ``escape_formula`` (the helpers below
do it for you): names come from public forms, and a spreadsheet runs a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV injection, OWASP).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import formatting

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+([.,]\d+)*")  # "-12,50" is data, not a formula


def escape_formula(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula, made inert with a leading quote;
    anything else (numbers, negative amounts as text, dates, safe text) unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def dated_name(basename: str, extension: str) -> str:
    return f"{basename}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_value(value: Any) -> str:
    """One CSV cell in the Italian format of ``core.formatting``, text escaped."""
    return formatting.csv_value(escape_formula(value))


def csv_response(basename: str, header: list[str], data: Iterable[list[Any]]) -> HttpResponse:
    """UTF-8 with a BOM and ';' as separator, so that Excel in Italian opens it as a table."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([csv_value(title) for title in header])
    for row in data:
        writer.writerow([csv_value(v) for v in row])
    return attachment(response, dated_name(basename, "csv"))


def xlsx_response(basename: str, header: list[str], data: Iterable[list[Any]]) -> HttpResponse:
    """A workbook with a bold header row; numbers and dates stay numbers, with a format."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(basename[:31])
    bold = Font(bold=True)
    sheet.freeze_panes = "A2"
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=escape_formula(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in data:
        cells = []
        for value in row:
            if isinstance(value, dt.datetime) and timezone.is_aware(value):
                value = timezone.make_naive(value)  # a spreadsheet has no time zones
            cell = WriteOnlyCell(sheet, value=escape_formula(value))
            cell.number_format = formatting.xlsx_format(value) or cell.number_format
            cells.append(cell)
        sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    return attachment(response, dated_name(basename, "xlsx"))
