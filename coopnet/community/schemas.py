"""API schemas of the community app (read-only): the time bank's board, accounts and
transfers; the commons register's assets; agreements (their public parts only: never a
resident's name or contacts, never volunteers or their insurance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from coopnet.core.api import MAX_ID, InputSchema

from .models import (
    AccountKind,
    AgreementKind,
    AssetKind,
    AssetState,
    OfferKind,
    PartyRole,
    TransferKind,
    TransferState,
)


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


class AssetOut(Schema):
    id: int
    name: str
    kind: AssetKind
    state: AssetState
    owner: str = Field(description="L'ente pubblico proprietario o l'altro proprietario.")
    comune: str
    comune_istat: str = Field(description="Codice ISTAT del comune.")
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    description: str

    @staticmethod
    def resolve_comune(obj: Any) -> str:
        return str(obj.comune)

    @staticmethod
    def resolve_comune_istat(obj: Any) -> str:
        return str(obj.comune.istat_code)


class PartyOut(Schema):
    role: PartyRole
    name: str | None = Field(
        description="L'organizzazione o la parte; null per un residente (mai nominato)."
    )
    duties: str

    @staticmethod
    def resolve_name(obj: Any) -> str | None:
        return obj.public_name or None


class AgreementOut(Schema):
    id: int
    asset: int = Field(description="Il bene comune (vedi /commons/assets/{id}).")
    asset_name: str
    kind: AgreementKind
    title: str
    start_date: dt.date
    end_date: dt.date
    activities: str
    support_materials: str
    support_premises: str
    renews: int | None = Field(description="L'accordo di cui questo è il rinnovo.")
    parties: list[PartyOut]

    @staticmethod
    def resolve_asset(obj: Any) -> int:
        return int(obj.asset_id)

    @staticmethod
    def resolve_asset_name(obj: Any) -> str:
        return str(obj.asset.name)

    @staticmethod
    def resolve_renews(obj: Any) -> int | None:
        return obj.previous_id

    @staticmethod
    def resolve_parties(obj: Any) -> list[Any]:
        return list(obj.parties.all())


class AgreementFilter(InputSchema):
    asset: int | None = Field(None, ge=1, le=MAX_ID, description="Solo gli accordi di questo bene.")
    current: bool = Field(False, description="Solo gli accordi in corso oggi.")
