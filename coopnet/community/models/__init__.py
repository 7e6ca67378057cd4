"""Models of the community app (``from coopnet.community.models import X``): the time bank
in ``timebank.py``."""

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
    "PERSONAL_KINDS",
    "Account",
    "AccountKind",
    "Category",
    "Offer",
    "OfferKind",
    "OverLimit",
    "Posting",
    "TimeBank",
    "Transfer",
    "TransferKind",
    "TransferState",
]
