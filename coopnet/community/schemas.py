"""API schemas of the time bank (read-only): the board, accounts and transfers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .models import AccountKind, OfferKind, TransferKind, TransferState


class OfferOut(Schema):
    id: int
    kind: OfferKind
    category: str
    title: str
    description: str
    author: str = Field(description="Il titolare del conto che ha pubblicato l'annuncio.")
    created_at: dt.datetime

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category)

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return str(obj.account)


class AccountOut(Schema):
    id: int = Field(description="Il numero del conto.")
    kind: AccountKind
    holder: str
    balance: int = Field(description="Saldo in minuti (negativo: ore ricevute più che date).")
    is_open: bool

    @staticmethod
    def resolve_holder(obj: Any) -> str:
        return str(obj)


class PostingOut(Schema):
    account_id: int
    minutes: int = Field(description="Minuti entrati (+) o usciti (-) dal conto.")


class TransferOut(Schema):
    id: int
    kind: TransferKind
    state: TransferState
    category: str
    performed_on: dt.date
    note: str
    reverses_id: int | None
    postings: list[PostingOut]

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category)

    @staticmethod
    def resolve_postings(obj: Any) -> list[Any]:
        return list(obj.postings.all())
