"""API schemas of the care services app: separate input and output shapes.

A visit shows its beneficiary by name only: never the health notes, needs or contacts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from coopnet.core.api import MAX_ID, InputSchema, LocalTime, PlausibleDate

from .models import Beneficiary, Carer, ReviewFlag, ServiceType, Visit, VisitStatus


class VisitFilter(Schema):
    date_from: PlausibleDate | None = Field(
        None, description="Dal giorno (compreso); di norma date_to se c'è, altrimenti oggi."
    )
    date_to: PlausibleDate | None = Field(
        None, description="Al giorno (compreso); di norma uguale a date_from. Al massimo 92 giorni."
    )
    status: VisitStatus | None = Field(None, description="Solo le visite in questo stato.")
    carer: int | None = Field(None, ge=1, le=MAX_ID, description="Solo le visite dell'operatore.")


class ServiceRef(Schema):
    code: str
    name: str


class PersonRef(Schema):
    """A beneficiary or a carer by name: nothing about health, needs or contacts."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Beneficiary | Carer) -> str:
        return obj.person.display_name


class VisitOut(Schema):
    id: int
    date: dt.date
    window_start: LocalTime = Field(description="Inizio della fascia oraria concordata.")
    window_end: LocalTime = Field(description="Fine della fascia oraria concordata.")
    duration: int = Field(description="Durata prevista in minuti.")
    service: ServiceRef
    beneficiary: PersonRef
    carer: PersonRef | None = Field(description="L'operatore assegnato; null se da assegnare.")
    planned_start: dt.datetime | None
    status: VisitStatus = Field(
        description="planned | scheduled | in_progress | done | missed | cancelled"
    )
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    needs_review: bool = Field(
        description="true: i minuti non contano nelle ore finché un coordinatore non la conferma."
    )
    review_flags: list[ReviewFlag] = Field(
        description="Perché va verificata: far_check_in (arrivo lontano dall'orario previsto), "
        "overlap (arrivo mentre un'altra visita era in corso), zero_minutes."
    )

    @staticmethod
    def resolve_service(obj: Visit) -> ServiceType:
        return obj.service_type


class CheckOutIn(InputSchema):
    """What the carer writes on leaving; both optional."""

    notes: str = Field(default="", max_length=2000, description="Note per il coordinatore.")
    tasks_done: str = Field(default="", max_length=2000, description="Attività svolte.")


class HoursFilter(Schema):
    month: str | None = Field(
        None,
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        description="Mese nel formato AAAA-MM; di norma il mese in corso.",
    )


class CarerHoursOut(Schema):
    carer: str = Field(description="Cognome e nome dell'operatore.")
    paid_hours: Decimal = Field(description="Ore retribuite (stringa decimale, 2 cifre).")
    volunteer_hours: Decimal = Field(description="Ore di volontariato (stringa decimale).")
    total_hours: Decimal


class HoursOut(Schema):
    """Hours of the visits done in the month, by carer; decimals are JSON strings (exact)."""

    month: str = Field(description="AAAA-MM")
    date_from: dt.date
    date_to: dt.date
    carers: list[CarerHoursOut]
    paid_hours: Decimal
    volunteer_hours: Decimal
    total_hours: Decimal
