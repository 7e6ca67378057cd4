"""Pages of the contracts app (``views.x`` in urls.py)."""

from .bids import bid_create, bid_detail, bid_outcome, checklist_add, checklist_toggle
from .contracts import contract_create, contract_detail, contract_list, network_bids
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
    "checklist_add",
    "checklist_toggle",
    "contract_create",
    "contract_detail",
    "contract_list",
    "document_add",
    "document_download",
    "lot_create",
    "network_bids",
    "tender_create",
    "tender_detail",
    "tender_list",
]
