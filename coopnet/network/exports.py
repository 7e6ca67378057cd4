"""CSV and XLSX exports of organization lists (the directory and a consortium's members)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coopnet.core.formatting import csv_value, xlsx_format
from coopnet.core.models import Organization

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headers() -> list[str]:
    return [
        _("Nome breve"),
        _("Ragione sociale"),
        _("Tipo"),
        _("Codice fiscale"),
        _("Partita IVA"),
        _("Numero albo"),
        _("Sezione albo"),
        _("Comune"),
        _("Provincia"),
        _("Regione"),
        _("ATECO principale"),
        _("Data di costituzione"),
        _("Consorzi e federazioni"),
    ]


def rows(organizations: QuerySet[Organization]) -> Iterator[list[Any]]:
    """One row per organization of a ``selectors.directory`` queryset, in ``headers()`` order."""
    for org in organizations.iterator(chunk_size=1000):
        comune = org.seat_comune
        province = comune.province if comune else None
        yield [
            org.short_name,
            org.legal_name,
            org.get_kind_display(),
            org.codice_fiscale,
            org.partita_iva,
            org.albo_number,
            org.albo_section,
            comune.name if comune else "",
            province.abbreviation if province else "",
            province.region.name if province else "",
            org.main_sector or "",  # type: ignore[attr-defined]
            org.founded_on,
            ", ".join(a.group.short_name for a in org.active_affiliations),  # type: ignore[attr-defined]
        ]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _attachment(response: HttpResponse, basename: str, extension: str) -> HttpResponse:
    name = f"{basename}-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(basename: str, header: list[str], data: Iterable[list[Any]]) -> HttpResponse:
    """UTF-8 with a BOM, ';' as separator and decimal commas, as Excel in Italian expects."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    for row in data:
        writer.writerow([csv_value(_safe(v)) for v in row])
    return _attachment(response, basename, "csv")


def xlsx_response(basename: str, header: list[str], data: Iterable[list[Any]]) -> HttpResponse:
    """A workbook with a bold header row; numbers and dates stay numbers, with a format."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(basename[:31])
    bold = Font(bold=True)
    sheet.freeze_panes = "A2"
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in data:
        cells = []
        for value in row:
            if isinstance(value, dt.datetime) and timezone.is_aware(value):
                value = timezone.make_naive(value)  # a spreadsheet has no time zones
            cell = WriteOnlyCell(sheet, value=_safe(value))
            cell.number_format = xlsx_format(value) or cell.number_format
            cells.append(cell)
        sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), basename, "xlsx")


def organizations_export(
    organizations: QuerySet[Organization], *, fmt: str, basename: str
) -> HttpResponse:
    """The list as CSV or XLSX (``fmt`` is one of ``FORMATS``)."""
    make = csv_response if fmt == "csv" else xlsx_response
    return make(basename, headers(), rows(organizations))
