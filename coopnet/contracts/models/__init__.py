"""Models of the contracts app (``from coopnet.contracts.models import X``): tenders, bids and
contracts in ``tenders.py``, invoices in ``invoices.py``,
payments in ``payments.py``."""

from .invoices import (
    BillingProfile,
    DocumentType,
    FileCounter,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoiceState,
    Rejection,
    SdiState,
)
from .payments import Payment
from .tenders import (
    Bid,
    BidChecklistItem,
    BidForm,
    BidMember,
    Contract,
    ContractShare,
    Lot,
    MemberRole,
    Outcome,
    Procedure,
    Subject,
    Tender,
    TenderDocument,
)

__all__ = [
    "Bid",
    "BidChecklistItem",
    "BidForm",
    "BidMember",
    "BillingProfile",
    "Contract",
    "ContractShare",
    "DocumentType",
    "FileCounter",
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "InvoiceState",
    "Lot",
    "MemberRole",
    "Outcome",
    "Payment",
    "Procedure",
    "Rejection",
    "SdiState",
    "Subject",
    "Tender",
    "TenderDocument",
]
