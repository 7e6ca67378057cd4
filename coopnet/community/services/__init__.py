"""Every write of the community app (``from coopnet.community import services``)."""

from .accounts import (
    account_close,
    account_open,
    alliance_open,
    category_create,
    grant_welcome,
    timebank_save,
)
from .agreements import (
    agreement_create,
    agreement_renew,
    agreement_update,
    duty_add,
    pact_volunteer_save,
    party_add,
)
from .board import exchange_from_offer, offer_close, offer_create
from .commons import asset_create, asset_file_add, asset_note, asset_update
from .imports import transfers_import
from .interbank import interbank_exchange
from .ledger import transfer_approve, transfer_create, transfer_refuse, transfer_reverse
from .reports import report_create, report_picture_add
from .signups import signup_create

__all__ = [
    "account_close",
    "account_open",
    "agreement_create",
    "agreement_renew",
    "agreement_update",
    "alliance_open",
    "asset_create",
    "asset_file_add",
    "asset_note",
    "asset_update",
    "category_create",
    "duty_add",
    "exchange_from_offer",
    "grant_welcome",
    "interbank_exchange",
    "offer_close",
    "offer_create",
    "pact_volunteer_save",
    "party_add",
    "report_create",
    "report_picture_add",
    "signup_create",
    "timebank_save",
    "transfer_approve",
    "transfer_create",
    "transfer_refuse",
    "transfer_reverse",
    "transfers_import",
]
