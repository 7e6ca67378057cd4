"""Every write of the contracts app (``from coopnet.contracts import services``)."""

from .bids import (
    bid_create,
    bid_outcome,
    checklist_item_add,
    checklist_item_done,
    conflicts,
    eligibility_evidence,
)
from .billing import billing_profile_save
from .contracts import contract_create, revision_keys
from .execution import (
    approval_errors,
    invoice_header,
    plan_link,
    plan_unlink,
    price_save,
    statement_approve,
    statement_create,
    statement_invoice,
    worked_hours_save,
)
from .invoices import (
    Header,
    LineSpec,
    invoice_credit_note,
    invoice_draft_create,
    invoice_draft_update,
)
from .issue import invoice_issue
from .payments import payable_error, payment_record, payment_reverse, settled
from .sdi import Transport, export_zip, receipt_import, receive_all, send_issued
from .tenders import check_convention, convention_threshold, document_add, lot_create, tender_create

__all__ = [
    "Header",
    "LineSpec",
    "Transport",
    "approval_errors",
    "bid_create",
    "bid_outcome",
    "billing_profile_save",
    "check_convention",
    "checklist_item_add",
    "checklist_item_done",
    "conflicts",
    "contract_create",
    "convention_threshold",
    "document_add",
    "eligibility_evidence",
    "export_zip",
    "invoice_credit_note",
    "invoice_draft_create",
    "invoice_draft_update",
    "invoice_header",
    "invoice_issue",
    "lot_create",
    "payable_error",
    "payment_record",
    "payment_reverse",
    "plan_link",
    "plan_unlink",
    "price_save",
    "receipt_import",
    "receive_all",
    "revision_keys",
    "send_issued",
    "settled",
    "statement_approve",
    "statement_create",
    "statement_invoice",
    "tender_create",
    "worked_hours_save",
]
