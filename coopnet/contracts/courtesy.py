"""The courtesy copy of an issued invoice as PDF (A4, WeasyPrint): what the customer reads;
the original is the XML file sent to the SdI."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from coopnet.fatturapa.model import vat

from .models import Invoice


@dataclass(frozen=True)
class Summary:
    """One row of the VAT summary: a rate or a Natura, its taxable amount and tax."""

    rate: Decimal | None
    natura: str
    taxable: Decimal
    tax: Decimal


def summaries(invoice: Invoice) -> list[Summary]:
    """Taxable amount and tax per rate or Natura, as the XML's DatiRiepilogo."""
    groups: dict[tuple[Decimal | None, str], Decimal] = {}
    for line in invoice.lines.all():
        key = (line.vat_rate, line.natura)
        groups[key] = groups.get(key, Decimal(0)) + line.total
    return [
        Summary(rate, natura, taxable, vat(taxable, rate or Decimal(0)))
        for (rate, natura), taxable in groups.items()
    ]


def courtesy_context(invoice: Invoice) -> dict[str, Any]:
    rows = summaries(invoice)
    tax = sum((row.tax for row in rows), Decimal(0))
    total = sum((row.taxable for row in rows), Decimal(0)) + tax
    return {
        "invoice": invoice,
        "org": invoice.organization,
        "summaries": rows,
        "tax": tax,
        "total": total,
        "due": total - tax if invoice.split_payment else total,
    }


def courtesy_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    html = render_to_string("contracts/invoice_pdf.html", courtesy_context(invoice))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
