"""API schemas of the contracts app (read-only): tenders with lots, bids with members and
eligibility evidence, contracts with their clauses and shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from . import selectors
from .figures import Figures
from .models import (
    BidForm,
    ContractStatement,
    MemberRole,
    Outcome,
    Procedure,
    StatementState,
    Subject,
)


class LotOut(Schema):
    id: int
    number: int
    title: str
    cig: str = Field(description="Codice identificativo di gara (10 caratteri).")
    cup: str = Field(description="Codice unico di progetto; vuoto se assente.")
    base_value: Decimal = Field(description="Importo a base di gara, euro, IVA esclusa.")


class TenderOut(Schema):
    id: int
    title: str
    reference: str
    authority_id: int = Field(description="L'ente pubblico (organizzazione di tipo public_body).")
    authority: str
    procedure: Procedure
    subject: Subject
    health_body: bool
    published_on: dt.date
    questions_deadline: dt.date | None
    bid_deadline: dt.date
    lots: list[LotOut]

    @staticmethod
    def resolve_authority(obj: Any) -> str:
        return str(obj.authority)

    @staticmethod
    def resolve_lots(obj: Any) -> list[Any]:
        return list(obj.lots.all())


class MemberOut(Schema):
    organization_id: int
    organization: str
    role: MemberRole
    share: Decimal = Field(description="Quota in percentuale.")
    parts: str

    @staticmethod
    def resolve_organization_id(obj: Any) -> int:
        return int(obj.member_id)

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return str(obj.member)


class BidOut(Schema):
    id: int
    tender_id: int
    form: BidForm
    bid_date: dt.date
    amount: Decimal | None
    outcome: Outcome
    outcome_on: dt.date | None
    lot_ids: list[int]
    members: list[MemberOut]
    eligibility: dict[str, Any] | None = Field(
        description="R-381-4b di ogni esecutrice alla data dell'offerta (gare riservate e "
        "convenzioni art. 5); null per le altre procedure."
    )

    @staticmethod
    def resolve_lot_ids(obj: Any) -> list[int]:
        return [lot.pk for lot in obj.lots.all()]

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())


class ShareOut(Schema):
    executor_id: int
    executor: str
    share: Decimal
    parts: str

    @staticmethod
    def resolve_executor(obj: Any) -> str:
        return str(obj.executor)


class ContractOut(Schema):
    id: int
    bid_id: int
    lot_ids: list[int]
    value: Decimal
    start_date: dt.date
    end_date: dt.date
    revision_threshold: Decimal = Field(description="R-PP-60: soglia (0.05 = 5%).")
    revision_share: Decimal = Field(description="R-PP-60: quota della parte eccedente (0.80).")
    payment_days: int
    iban: str
    shares: list[ShareOut]

    @staticmethod
    def resolve_lot_ids(obj: Any) -> list[int]:
        return [lot.pk for lot in obj.lots.all()]

    @staticmethod
    def resolve_shares(obj: Any) -> list[Any]:
        return list(obj.shares.all())


class InvoiceLineOut(Schema):
    position: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal | None = Field(description="Aliquota IVA in %; null con una natura.")
    natura: str = Field(
        description="Natura dell'operazione senza IVA (N4, N6.7); vuota con aliquota."
    )
    building_service: bool = Field(
        description="Pulizia, demolizione, installazione o completamento di edifici (R-VAT-RC)."
    )
    cig: str = Field(description="CIG del lotto della riga; vuoto: quello della fattura.")
    cup: str
    total: Decimal
    vat_rule: str = Field(description="La regola che ammette l'aliquota (R-VAT-1 ...).")


class InvoiceOut(Schema):
    id: int
    customer_id: int
    customer: str
    contract_id: int | None
    document_type: str = Field(description="TD01 fattura, TD04 nota di credito.")
    credited_id: int | None
    cig: str
    cup: str
    order_id: str
    order_date: dt.date | None
    nso_endpoint: str
    state: str = Field(description="draft, issued, rejected (scartata dallo SdI).")
    year: int | None
    number: int | None
    issue_date: dt.date | None
    split_payment: bool = Field(description="Scissione dei pagamenti (R-VAT-2).")
    stamp_duty: Decimal | None = Field(description="Imposta di bollo (R-VAT-3).")
    file_name: str = Field(description="IT<partita IVA>_<progressivo>.xml; vuoto in bozza.")
    sdi_state: str
    total: Decimal | None = Field(description="Totale documento; null in bozza.")
    amount_due: Decimal | None = Field(
        description="Da incassare: il totale, senza IVA con la scissione dei pagamenti."
    )
    due_date: dt.date | None = Field(
        description="Scadenza: data più i giorni di pagamento del contratto (o 30)."
    )
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_customer(obj: Any) -> str:
        return str(obj.customer)


class PaymentOut(Schema):
    id: int
    invoice_id: int
    date: dt.date
    amount: Decimal
    cig: str = Field(description="Il CIG del pagamento (quello della fattura se ne ha uno).")
    reference: str = Field(description="CRO o TRN del bonifico.")
    note: str
    reversed: bool = Field(description="Stornato: resta nello storico ma non conta.")
    reversed_at: dt.datetime | None
    reversal_reason: str

    @staticmethod
    def resolve_reversed(obj: Any) -> bool:
        return obj.reversed_at is not None


class InvoiceLineIn(Schema):
    description: str = Field(min_length=1, max_length=1000)
    quantity: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    unit_price: Decimal = Field(ge=0, max_digits=14, decimal_places=4)
    vat_rate: Decimal | None = Field(None, description="Aliquota in %: 5 o 22.")
    natura: str = Field(
        "",
        description="Al posto dell'aliquota: N4 (esente art. 10) o N6.7 (inversione contabile).",
    )
    building_service: bool = Field(
        False,
        description=(
            "Pulizia, demolizione, installazione impianti o completamento di edifici: a "
            "un'impresa con partita IVA va con natura N6.7 (R-VAT-RC)."
        ),
    )
    cig: str = Field(
        "", max_length=10, description="CIG del lotto della riga, se non è quello della fattura."
    )
    cup: str = Field("", max_length=15)


class InvoiceIn(Schema):
    customer_id: int = Field(
        description="Un cliente di cui l'organizzazione ha i dati di fatturazione."
    )
    contract_id: int | None = None
    cig: str = Field("", max_length=10)
    cup: str = Field("", max_length=15)
    order_id: str = Field("", max_length=20, description="Ordine d'acquisto (NSO per la sanità).")
    order_date: dt.date | None = None
    nso_endpoint: str = Field("", max_length=60)
    lines: list[InvoiceLineIn] = Field(min_length=1, max_length=200)


class StatementServiceOut(Schema):
    service_type_id: int
    name: str
    visits: int
    paid_hours: Decimal = Field(description="Ore retribuite (arrivo-uscita reali).")
    volunteer_hours: Decimal = Field(description="Ore di volontari: mai addebitate.")
    price_per_hour: Decimal | None
    vat: str = Field(description="5, 22 o N4; vuoto senza prezzo.")
    amount: Decimal | None = Field(description="Ore retribuite x prezzo orario, al centesimo.")


class StatementOut(Schema):
    """A monthly statement; a draft's figures are computed at the time of the request, an
    approved one's are those stored at approval. The hours of disadvantaged workers are
    special-category data: not in the API."""

    id: int
    contract_id: int
    month: dt.date = Field(description="Il primo giorno del mese.")
    state: StatementState
    approved_at: dt.datetime | None
    invoice_id: int | None
    services: list[StatementServiceOut]
    worked_hours: Decimal = Field(description="Ore lavorate sul contratto (tipo B).")
    amount: Decimal

    @staticmethod
    def resolve_services(obj: Any) -> list[Any]:
        return list(_figures(obj).services)

    @staticmethod
    def resolve_worked_hours(obj: Any) -> Decimal:
        return _figures(obj).worked_hours

    @staticmethod
    def resolve_amount(obj: Any) -> Decimal:
        return _figures(obj).amount


def _figures(statement: ContractStatement) -> Figures:
    """The statement's figures, computed once per statement and response."""
    cached: Figures | None = getattr(statement, "_api_figures", None)
    if cached is None:
        cached = selectors.statement_figures(statement)
        statement._api_figures = cached  # type: ignore[attr-defined]
    return cached
