"""Pages of the community app (``views.x`` in urls.py)."""

from .board import board, mine, offer_close, offer_create, offer_detail, own_data
from .commons import asset_create, asset_detail, asset_edit, asset_file, asset_list
from .office import (
    account_detail,
    account_list,
    account_open,
    allies,
    bank_settings,
    interbank,
    reports,
    transfer_create,
    transfer_detail,
    transfer_import,
    transfer_list,
)

__all__ = [
    "account_detail",
    "account_list",
    "account_open",
    "allies",
    "asset_create",
    "asset_detail",
    "asset_edit",
    "asset_file",
    "asset_list",
    "bank_settings",
    "board",
    "interbank",
    "mine",
    "offer_close",
    "offer_create",
    "offer_detail",
    "own_data",
    "reports",
    "transfer_create",
    "transfer_detail",
    "transfer_import",
    "transfer_list",
]
