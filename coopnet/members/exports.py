"""Exports of the libro soci (R-CC-2421): CSV, XLSX and a printable PDF book.

Ordinary members and volunteer members are kept in separate sections (R-381-2a). A whole
register is read in two queries (members with their account, then transfer lines), whatever
its size; the CSV is streamed.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coopnet.core.exports import XLSX_TYPE, csv_value, escape_formula
from coopnet.core.models import Organization

from .models import MemberCategory, Membership, ShareTransaction, ShareTransactionKind

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"


@dataclass
class RegisterLine:
    """One member as the libro soci shows them."""

    number: int | None
    name: str
    identifier: str
    domicile: str
    category: str
    admitted_on: dt.date | None
    decision_ref: str
    shares: int
    subscribed: Decimal
    paid: Decimal
    transfers: str
    ended_on: dt.date | None
    exit_cause: str
    status: str
    volunteer: bool

    def values(self) -> list[Any]:
        return [
            self.number,
            self.name,
            self.identifier,
            self.domicile,
            self.category,
            self.admitted_on,
            self.decision_ref,
            self.shares,
            self.subscribed,
            self.paid,
            self.transfers,
            self.ended_on,
            self.exit_cause,
            self.status,
        ]


def headers() -> list[str]:
    return [
        _("N. libro soci"),
        _("Socio"),
        _("Codice fiscale o partita IVA"),
        _("Domicilio"),
        _("Categoria"),
        _("Data di ammissione"),
        _("Delibera di ammissione"),
        _("Quote"),
        _("Capitale sottoscritto (€)"),
        _("Capitale versato (€)"),
        _("Trasferimenti di quote"),
        _("Data di uscita"),
        _("Causa di uscita"),
        _("Stato"),
    ]


def section_titles() -> dict[bool, str]:
    return {
        False: _("Soci"),
        True: _("Sezione speciale: soci volontari (art. 2 L. 381/1991)"),
    }


def _transfers(memberships: QuerySet[Membership]) -> dict[int, list[str]]:
    """The share transfers of the listed memberships, described, in one query."""
    lines = (
        ShareTransaction.objects.filter(
            membership__in=memberships.order_by().values("pk"),
            kind__in=(ShareTransactionKind.TRANSFER_OUT, ShareTransactionKind.TRANSFER_IN),
        )
        .select_related("counterparty__person")
        .order_by("date", "pk")
    )
    found: dict[int, list[str]] = {}
    for line in lines:
        other = line.counterparty
        who = f"{other.person} (n. {other.register_number})" if other else "—"
        text = (
            _("%(date)s ceduti %(n)s quote a %(who)s")
            if line.kind == ShareTransactionKind.TRANSFER_OUT
            else _("%(date)s acquisite %(n)s quote da %(who)s")
        ) % {"date": f"{line.date:%d/%m/%Y}", "n": abs(line.shares_delta), "who": who}
        if line.reference:
            text += f" ({line.reference})"
        found.setdefault(line.membership_id, []).append(text)
    return found


def register_lines(memberships: QuerySet[Membership]) -> Iterator[RegisterLine]:
    """The lines of a ``selectors.register`` queryset, in its order (members, then volunteers)."""
    rows = memberships.select_related("person__comune__province", "share_account")
    transfers = _transfers(memberships)
    for m in rows.iterator(chunk_size=2000):
        person = m.person
        comune = str(person.comune) if person.comune else ""
        account = getattr(m, "share_account", None)
        yield RegisterLine(
            number=m.register_number,
            name=person.display_name,
            identifier=person.codice_fiscale or person.partita_iva,
            domicile=", ".join(part for part in (person.address, comune) if part),
            category=str(MemberCategory(m.category).label),
            admitted_on=m.admitted_on,
            decision_ref=m.admission_decision_ref,
            shares=account.shares if account else 0,
            subscribed=account.subscribed if account else Decimal("0.00"),
            paid=account.paid if account else Decimal("0.00"),
            transfers="; ".join(transfers.get(m.pk, [])),
            ended_on=m.ended_on,
            exit_cause=m.get_exit_cause_display() if m.exit_cause else "",
            status=m.get_status_display(),
            volunteer=m.category == MemberCategory.VOLONTARIO,
        )


def filename(organization: Organization, extension: str) -> str:
    return f"libro-soci-{organization.slug}-{timezone.localdate():%Y%m%d}.{extension}"


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> Any:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_chunks(lines: Iterable[RegisterLine]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    titles = section_titles()
    yield "\ufeff" + writer.writerow([_("Sezione"), *headers()])
    for line in lines:
        yield writer.writerow([titles[line.volunteer], *(csv_value(v) for v in line.values())])


def csv_response(organization: Organization, memberships: QuerySet[Membership]) -> Any:
    """UTF-8 with a BOM, ';' separated and decimal commas, as Excel in Italian expects; the
    first column names the section."""
    response = StreamingHttpResponse(
        _csv_chunks(register_lines(memberships)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, filename(organization, "csv"))


def _xlsx_row(sheet: Any, values: list[Any], *, bold: bool = False) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=escape_formula(value))
        if bold:
            cell.font = Font(bold=True)
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        cells.append(cell)
    return cells


def xlsx_bytes(memberships: QuerySet[Membership]) -> bytes:
    """A workbook with one sheet per section: «Soci», then «Soci volontari» (R-381-2a)."""
    workbook = Workbook(write_only=True)
    sheets = {
        False: workbook.create_sheet(_("Soci")),
        True: workbook.create_sheet(_("Soci volontari")),
    }
    for sheet in sheets.values():
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["B"].width = 30
        sheet.column_dimensions["D"].width = 36
        sheet.append(_xlsx_row(sheet, headers(), bold=True))
    for line in register_lines(memberships):
        sheet = sheets[line.volunteer]
        sheet.append(_xlsx_row(sheet, line.values()))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(organization: Organization, memberships: QuerySet[Membership]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(memberships), content_type=XLSX_TYPE)
    return _attachment(response, filename(organization, "xlsx"))


def pdf_document(organization: Organization, memberships: QuerySet[Membership]) -> Any:
    """The printable book as a rendered WeasyPrint document (A4 landscape, numbered pages)."""
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    lines = list(register_lines(memberships))
    titles = section_titles()
    sections = [
        {"title": titles[volunteer], "volunteer": volunteer, "lines": chosen}
        for volunteer in (False, True)
        if (chosen := [line for line in lines if line.volunteer == volunteer]) or not volunteer
    ]
    html = render_to_string(
        "members/register_pdf.html",
        {
            "org": organization,
            "sections": sections,
            "headers": headers(),
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html).render()
