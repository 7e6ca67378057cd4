"""Models of the community app (``from coopnet.community.models import X``): the time bank
in ``timebank.py``, the commons register in ``commons.py``, residents' sign-ups in
``signups.py``."""

from .commons import (
    ASSET_FIELDS,
    PICTURE_EXTENSIONS,
    Asset,
    AssetEvent,
    AssetFile,
    AssetFileKind,
    AssetKind,
    AssetState,
)
from .signups import Signup
from .timebank import (
    PERSONAL_KINDS,
    Account,
    AccountKind,
    Category,
    Offer,
    OfferKind,
    OverLimit,
    Posting,
    TimeBank,
    Transfer,
    TransferKind,
    TransferState,
)

__all__ = [
    "ASSET_FIELDS",
    "PERSONAL_KINDS",
    "PICTURE_EXTENSIONS",
    "Account",
    "AccountKind",
    "Asset",
    "AssetEvent",
    "AssetFile",
    "AssetFileKind",
    "AssetKind",
    "AssetState",
    "Category",
    "Offer",
    "OfferKind",
    "OverLimit",
    "Posting",
    "Signup",
    "TimeBank",
    "Transfer",
    "TransferKind",
    "TransferState",
]
