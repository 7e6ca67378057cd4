"""Pages of the contracts app (``views.x`` in urls.py)."""

from .bids import bid_create, bid_detail, bid_outcome, checklist_add, checklist_toggle
from .contracts import contract_create, contract_detail, contract_list, network_bids
from .invoices import (
    billing_edit,
    invoice_create,
    invoice_credit,
    invoice_detail,
    invoice_edit,
    invoice_export,
    invoice_issue,
    invoice_list,
    invoice_pdf,
    invoice_xml,
    receipt_upload,
)
from .receivables import network_receivables, payment_create, payment_reverse, receivables
from .tenders import (
    document_add,
    document_download,
    lot_create,
    tender_create,
    tender_detail,
    tender_list,
)

__all__ = [
    "bid_create",
    "bid_detail",
    "bid_outcome",
    "billing_edit",
    "checklist_add",
    "checklist_toggle",
    "contract_create",
    "contract_detail",
    "contract_list",
    "document_add",
    "document_download",
    "invoice_create",
    "invoice_credit",
    "invoice_detail",
    "invoice_edit",
    "invoice_export",
    "invoice_issue",
    "invoice_list",
    "invoice_pdf",
    "invoice_xml",
    "lot_create",
    "network_bids",
    "network_receivables",
    "payment_create",
    "payment_reverse",
    "receipt_upload",
    "receivables",
    "tender_create",
    "tender_detail",
    "tender_list",
]
