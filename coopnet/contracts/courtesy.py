"""PDFs of the app (A4, WeasyPrint, one style in ``contracts/_pdf_style.html``): the courtesy
copy of an issued invoice (what the customer reads; the original is the XML file sent to the
SdI) and a contract's monthly statement (rendiconto)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from coopnet.fatturapa.model import vat

from .figures import Figures
from .interest import amounts
from .models import ContractStatement, Invoice


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


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    pdf: bytes = HTML(string=render_to_string(template, context)).write_pdf()
    return pdf


def courtesy_pdf(invoice: Invoice) -> bytes:
    return _pdf("contracts/invoice_pdf.html", courtesy_context(invoice))


def statement_pdf(
    statement: ContractStatement, figures: Figures, split: Decimal | None = None
) -> bytes:
    """The statement as the cooperative sends it to the public body; the hours of
    disadvantaged workers only when ``split`` was read through the vault."""
    context = {
        "statement": statement,
        "contract": statement.contract,
        "org": statement.organization,
        "figures": figures,
        "split": split,
        "others": None if split is None else figures.worked_hours - split,
    }
    return _pdf("contracts/statement_pdf.html", context)
