"""API schemas of the practices app (read-only): public calls, practices and stories, an applicant's
submissions (the decision only once released), a reviewer's assignments (no applicant on a
blind call), the replication requests of a practice's owner and organizer."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from coopnet.core.api import InputSchema
from coopnet.core.models import OrganizationKind

from .models import (
    Decision,
    Eligibility,
    Licence,
    ReplicationState,
    Sdg,
    SubmissionState,
    Theme,
    codes_list,
)


class CallOut(Schema):
    id: int
    title: str
    text: str
    organizer: str
    themes: list[Theme]
    eligibility: Eligibility
    opens_on: dt.date
    closes_at: dt.datetime
    reviews_due_on: dt.date
    blind: bool
    release_on: dt.date | None = Field(description="Il giorno in cui gli esiti diventano visibili.")

    @staticmethod
    def resolve_organizer(obj: Any) -> str:
        return str(obj.organizer_name)

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return codes_list(obj.themes)


class PracticeFilters(InputSchema):
    q: str = Field("", max_length=200, description="Parole da cercare (accenti ignorati).")
    tema: Theme | None = None
    sdg: Sdg | None = None
    regione: str | None = Field(None, pattern=r"^\d{2}$", description="Codice ISTAT.")
    provincia: str | None = Field(None, pattern=r"^\d{3}$", description="Codice ISTAT.")
    settore: str | None = Field(None, pattern=r"^[0-9.]{1,8}$", description="Codice ATECO.")
    tipo: OrganizationKind | None = None
    anno: int | None = Field(None, ge=1900, le=2100)
    bando: int | None = Field(None, ge=1, le=2_147_483_647)


class PracticeOut(Schema):
    id: int
    title: str
    summary: str
    problem: str
    actions: str
    results: str
    people_involved: int | None
    owner: str = Field(
        description="Chi ha proposto la pratica: l'organizzazione, o la persona (il nome che ha "
        "indicato come referente)."
    )
    comune: str = Field(description="Codice ISTAT del comune in cui la pratica è collocata.")
    comune_name: str
    province: str = Field(description="Sigla della provincia.")
    region: str
    sector: str
    organization_kind: OrganizationKind | None = Field(
        description="Assente quando l'ha proposta una persona senza organizzazione."
    )
    themes: list[Theme]
    sdgs: list[Sdg]
    licence: Licence
    published_on: dt.date
    call_id: int
    reviewed_on: dt.date = Field(description="L'ultima approvazione o conferma del testo.")
    out_of_date: bool = Field(description="Non verificata da un anno: forse non aggiornata.")

    @staticmethod
    def resolve_out_of_date(obj: Any) -> bool:
        return bool(obj.out_of_date())

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.proposed_by)

    @staticmethod
    def resolve_organization_kind(obj: Any) -> str | None:
        return obj.organization_kind or None

    @staticmethod
    def resolve_comune(obj: Any) -> str:
        return str(obj.comune_id)

    @staticmethod
    def resolve_comune_name(obj: Any) -> str:
        return str(obj.comune.name)

    @staticmethod
    def resolve_province(obj: Any) -> str:
        return str(obj.comune.province.abbreviation)

    @staticmethod
    def resolve_region(obj: Any) -> str:
        return str(obj.comune.province.region.name)

    @staticmethod
    def resolve_themes(obj: Any) -> list[str]:
        return codes_list(obj.themes)

    @staticmethod
    def resolve_sdgs(obj: Any) -> list[str]:
        return codes_list(obj.sdgs)


class StoryOut(Schema):
    id: int
    title: str
    text: str
    organizer: str
    published_on: dt.date
    practice_id: int | None = Field(description="La pratica di cui parla (se pubblica).")
    call_id: int | None
    picture: str | None = Field(description="L'indirizzo della foto.")

    @staticmethod
    def resolve_organizer(obj: Any) -> str:
        return str(obj.organizer_name)

    @staticmethod
    def resolve_practice_id(obj: Any) -> int | None:
        return obj.practice_id if obj.practice and obj.practice.is_public() else None

    @staticmethod
    def resolve_picture(obj: Any) -> str | None:
        return reverse("practices:story_picture", args=[obj.pk]) if obj.picture else None


class MentoringOut(Schema):
    mentor: str
    mentee: str
    start_date: dt.date
    notes: str

    @staticmethod
    def resolve_mentor(obj: Any) -> str:
        return str(obj.mentor)


class ReplicationOut(Schema):
    id: int
    practice_id: int
    practice_title: str
    requester: str | None = Field(description="La cooperativa che chiede (vuoto: una persona).")
    name: str
    email: str
    message: str
    state: ReplicationState
    answer: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    incubated: str | None = Field(description="La nuova cooperativa incubata, se collegata.")
    mentorings: list[MentoringOut]

    @staticmethod
    def resolve_practice_title(obj: Any) -> str:
        return str(obj.practice.title)

    @staticmethod
    def resolve_requester(obj: Any) -> str | None:
        return str(obj.requester) if obj.requester else None

    @staticmethod
    def resolve_incubated(obj: Any) -> str | None:
        return str(obj.incubation.child) if obj.incubation else None

    @staticmethod
    def resolve_mentorings(obj: Any) -> list[Any]:
        return list(obj.mentorings.all())


class SubmissionOut(Schema):
    id: int
    call_id: int
    call_title: str
    title: str
    state: SubmissionState
    submitted_at: dt.datetime | None
    decision: Decision | None = Field(description="Solo dal giorno di pubblicazione degli esiti.")
    feedback: str | None = Field(description="Solo dal giorno di pubblicazione degli esiti.")

    @staticmethod
    def resolve_call_title(obj: Any) -> str:
        return str(obj.call.title)

    @staticmethod
    def resolve_decision(obj: Any) -> str | None:
        return (obj.decision or None) if obj.call.released() else None

    @staticmethod
    def resolve_feedback(obj: Any) -> str | None:
        return str(obj.feedback) if obj.call.released() else None


class AssignmentOut(Schema):
    id: int
    submission_id: int
    title: str
    call_title: str
    applicant: str | None = Field(description="Assente nei bandi a valutazione anonima.")
    reviews_due_on: dt.date
    declared: bool
    conflict: bool
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.submission.title)

    @staticmethod
    def resolve_call_title(obj: Any) -> str:
        return str(obj.submission.call.title)

    @staticmethod
    def resolve_applicant(obj: Any) -> str | None:
        return None if obj.submission.call.blind else obj.submission.applicant_name

    @staticmethod
    def resolve_reviews_due_on(obj: Any) -> dt.date:
        value: dt.date = obj.submission.call.reviews_due_on
        return value

    @staticmethod
    def resolve_declared(obj: Any) -> bool:
        return obj.declared_at is not None


class PointOut(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(description="Longitudine e latitudine (WGS 84).")


class PlaceOut(Schema):
    id: int
    name: str
    url: str = Field(description="La pagina pubblica della pratica.")
    summary: str
    owner: str
    comune: str = Field(description="Codice ISTAT del comune in cui la pratica è collocata.")
    comune_name: str
    province: str = Field(description="Sigla della provincia.")
    region: str
    themes: list[Theme]
    sdgs: list[Sdg]
    published_on: dt.date
    approximate: bool = Field(description="Il comune è collocato alla media della sua provincia.")


class FeatureOut(Schema):
    type: Literal["Feature"]
    geometry: PointOut
    properties: PlaceOut


class FeatureCollectionOut(Schema):
    """The catalogue as GeoJSON (RFC 7946): ``practices.geo``."""

    type: Literal["FeatureCollection"]
    features: list[FeatureOut]
