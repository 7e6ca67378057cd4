"""FatturaPA: build, validate and read the files of the Italian e-invoice and its SdI cycle.

A pure Python library (no Django, no other coopnet app): the contracts app builds an
:class:`Invoice`, turns it into XML with :func:`build_xml`, checks it with :func:`validate`
and reads the SdI's answers with :func:`parse_receipt`. See docs/fatturapa.md.
"""

from coopnet.fatturapa.build import build_xml
from coopnet.fatturapa.model import (
    Address,
    CreditedInvoice,
    Customer,
    DocumentType,
    Invoice,
    InvoiceError,
    Line,
    Reference,
    ReferenceKind,
    Seller,
    nso_order,
    progressive,
)
from coopnet.fatturapa.receipts import (
    Outcome,
    Receipt,
    ReceiptError,
    ReceiptKind,
    SdiError,
    parse_receipt,
)
from coopnet.fatturapa.validate import Problem, validate

__all__ = [
    "Address",
    "CreditedInvoice",
    "Customer",
    "DocumentType",
    "Invoice",
    "InvoiceError",
    "Line",
    "Outcome",
    "Problem",
    "Receipt",
    "ReceiptError",
    "ReceiptKind",
    "Reference",
    "ReferenceKind",
    "SdiError",
    "Seller",
    "build_xml",
    "nso_order",
    "parse_receipt",
    "progressive",
    "validate",
]
