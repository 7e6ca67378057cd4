"""Every write of the contracts app (``from coopnet.contracts import services``)."""

from .bids import (
    bid_create,
    bid_outcome,
    checklist_item_add,
    checklist_item_done,
    conflicts,
    eligibility_evidence,
)
from .contracts import contract_create, revision_keys
from .invoices import LineSpec, invoice_draft_create, invoice_issue
from .tenders import check_convention, convention_threshold, document_add, lot_create, tender_create

__all__ = [
    "LineSpec",
    "bid_create",
    "bid_outcome",
    "check_convention",
    "checklist_item_add",
    "checklist_item_done",
    "conflicts",
    "contract_create",
    "convention_threshold",
    "document_add",
    "eligibility_evidence",
    "invoice_draft_create",
    "invoice_issue",
    "lot_create",
    "revision_keys",
    "tender_create",
]
