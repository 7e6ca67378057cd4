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
from .public import (
    asset_page,
    asset_picture,
    commons_geojson,
    commons_map,
    region_geojson,
    region_map,
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
    "asset_page",
    "asset_picture",
    "bank_settings",
    "board",
    "commons_geojson",
    "commons_map",
    "interbank",
    "mine",
    "offer_close",
    "offer_create",
    "offer_detail",
    "own_data",
    "region_geojson",
    "region_map",
    "reports",
    "transfer_create",
    "transfer_detail",
    "transfer_import",
    "transfer_list",
]
