"""The courtesy copy of an issued invoice as PDF (A4, WeasyPrint): what the customer reads;
the original is the XML file sent to the SdI."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from coopnet.fatturapa.model import vat

from .interest import amounts
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
    sums = amounts(invoice.lines.all(), invoice.split_payment)
    return {
        "invoice": invoice,
        "org": invoice.organization,
        "summaries": summaries(invoice),
        "tax": sums.tax,
        "total": sums.total,
        "due": sums.due,
    }


def courtesy_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    html = render_to_string("contracts/invoice_pdf.html", courtesy_context(invoice))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
