"""API schemas of the members app (libro soci): separate input and output shapes.

A member shows what the register page shows: name, codice fiscale or partita IVA, category,
dates and shares. Never contacts, addresses or anything about disadvantage.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from ninja import Field, Schema

from coopnet.core.api import InputSchema

from . import selectors
from .models import (
    ExitCause,
    MemberCategory,
    Membership,
    MembershipEvent,
    MembershipEventKind,
    MembershipStatus,
    Person,
    PersonKind,
    ShareTransaction,
    ShareTransactionKind,
)
from .views.common import share_account


class RegisterStatus(StrEnum):
    """The status filters of the register page (``selectors.STATUS_FILTERS``)."""

    ACTIVE = "active"
    APPLIED = "applied"
    REFUSED = "refused"
    EXITED = "exited"
    ALL = "all"


class MemberFilter(InputSchema):
    status: RegisterStatus = Field(
        RegisterStatus.ACTIVE,
        description="active (di norma) | applied | refused | exited (usciti) | all",
    )
    category: MemberCategory | None = Field(None, description="Solo i soci di questa categoria.")
    q: str = Field(
        "",
        max_length=100,
        description="Cerca: ogni parola nel nome, nel codice fiscale o nella partita IVA; "
        "un numero fino a 4 cifre è un numero del libro soci.",
    )


class PersonOut(Schema):
    """The member as the register shows them: no contacts, no address, no birth data."""

    id: int
    name: str = Field(description="Cognome e nome, o denominazione.")
    kind: PersonKind = Field(description="fisica | giuridica")
    codice_fiscale: str = Field(description="Vuoto se assente.")
    partita_iva: str = Field(description="Vuota se assente.")

    @staticmethod
    def resolve_name(obj: Person) -> str:
        return obj.display_name


class MembershipOut(Schema):
    """One line of the libro soci, with its share capital totals."""

    id: int
    register_number: int | None = Field(description="Null finché la domanda non è accolta.")
    person: PersonOut
    category: MemberCategory
    status: MembershipStatus = Field(
        description="domanda | respinta | attivo | receduto | escluso | deceduto | cessato"
    )
    applied_on: dt.date
    admitted_on: dt.date | None
    ended_on: dt.date | None
    exit_cause: ExitCause | None = Field(
        description="recesso | esclusione | morte | trasferimento; null se non è uscito."
    )
    exit_reason: str = Field(description="Motivazione dell'uscita; vuota se assente.")
    shares: int = Field(description="Quote possedute.")
    capital_subscribed: Decimal = Field(description="Capitale sottoscritto (stringa decimale).")
    capital_paid: Decimal = Field(description="Capitale versato (stringa decimale).")

    @staticmethod
    def resolve_exit_cause(obj: Membership) -> str | None:
        return obj.exit_cause or None

    @staticmethod
    def resolve_shares(obj: Membership) -> int:
        account = share_account(obj)
        return account.shares if account else 0

    @staticmethod
    def resolve_capital_subscribed(obj: Membership) -> Decimal:
        account = share_account(obj)
        return account.subscribed if account else Decimal("0.00")

    @staticmethod
    def resolve_capital_paid(obj: Membership) -> Decimal:
        account = share_account(obj)
        return account.paid if account else Decimal("0.00")


class CounterpartyOut(Schema):
    """The other member of a transfer of shares."""

    id: int
    register_number: int | None
    name: str

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.person.display_name


class ShareLineOut(Schema):
    """One line of the share-capital ledger; deltas are signed."""

    id: int
    date: dt.date
    kind: ShareTransactionKind = Field(
        description="sottoscrizione | versamento | ristorno | cessione | acquisto | rimborso | "
        "storno"
    )
    shares_delta: int
    subscribed_delta: Decimal
    paid_delta: Decimal
    counterparty: CounterpartyOut | None
    reverses: int | None = Field(description="a storno: the id of the line it corrects")
    reference: str
    note: str

    @staticmethod
    def resolve_reverses(obj: ShareTransaction) -> int | None:
        return obj.reverses_id


class EventOut(Schema):
    """One step of the membership's history."""

    id: int
    date: dt.date
    kind: MembershipEventKind
    reference: str
    note: str


class MembershipDetailOut(MembershipOut):
    """A membership with its share-capital ledger and its history, oldest first."""

    ledger: list[ShareLineOut]
    events: list[EventOut]

    @staticmethod
    def resolve_ledger(obj: Membership) -> list[ShareTransaction]:
        return list(selectors.ledger(obj))

    @staticmethod
    def resolve_events(obj: Membership) -> list[MembershipEvent]:
        return list(selectors.events(obj))
