"""API schemas of the network app: separate input and output shapes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils import timezone
from ninja import Field, FilterSchema, Schema
from ninja.filter_schema import FilterLookup

from coopnet.core.api import InputSchema, PlausibleDate
from coopnet.core.models import Affiliation, Comune, Organization, OrganizationKind

from .models import Incubation


class ComuneOut(Schema):
    istat_code: str
    name: str
    province: str = Field(description="Sigla della provincia.")

    @staticmethod
    def resolve_province(obj: Comune) -> str:
        return obj.province.abbreviation


class OrganizationOut(Schema):
    slug: str
    kind: str
    legal_name: str
    short_name: str
    codice_fiscale: str
    partita_iva: str
    legal_form: str
    albo_number: str
    albo_section: str
    rea_number: str
    founded_on: dt.date | None
    address: str
    seat_comune: ComuneOut | None
    sectors: list[str] = Field(description="Codici ATECO; il primo è il settore principale.")
    served_comuni: list[str] = Field(description="Codici ISTAT dei comuni serviti.")
    email: str
    pec: str
    phone: str
    website: str

    @staticmethod
    def resolve_sectors(obj: Organization) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_served_comuni(obj: Organization) -> list[str]:
        return sorted(served.comune_id for served in obj.served_comuni.all())


class OrganizationFilter(InputSchema, FilterSchema):
    kind: Annotated[OrganizationKind | None, FilterLookup("kind")] = None
    region: Annotated[
        str | None,
        FilterLookup("seat_comune__province__region_id"),
        Field(description="Codice ISTAT della regione della sede.", pattern=r"^[0-9]{2}$"),
    ] = None
    province: Annotated[
        str | None,
        FilterLookup("seat_comune__province__abbreviation__iexact"),
        Field(description="Sigla della provincia della sede.", pattern=r"^[A-Za-z]{2}$"),
    ] = None
    q: Annotated[
        str | None,
        FilterLookup(["legal_name__icontains", "short_name__icontains"]),
        Field(description="Cerca nella ragione sociale e nel nome breve.", max_length=100),
    ] = None


class OrganizationIn(InputSchema):
    """A new organization. Codes are ISTAT codes (comuni) and ATECO codes (sectors)."""

    kind: OrganizationKind
    legal_name: str
    short_name: str
    slug: str
    codice_fiscale: str = ""
    partita_iva: str = ""
    legal_form: str = ""
    albo_number: str = ""
    albo_section: str = ""
    rea_number: str = ""
    founded_on: PlausibleDate | None = None
    address: str = ""
    seat_comune: str | None = Field(None, description="Codice ISTAT del comune della sede.")
    email: str = ""
    pec: str = ""
    phone: str = ""
    website: str = ""
    sectors: list[str] = Field(default_factory=list, description="Codici ATECO.")
    served_comuni: list[str] = Field(default_factory=list, description="Codici ISTAT.")
    consortium: str | None = Field(None, description="Consorzio o federazione (slug).")
    joined_on: PlausibleDate | None = Field(None, description="Data di adesione al consorzio.")


class OrganizationRef(Schema):
    """The other side of a link: registry facts only."""

    slug: str
    short_name: str
    kind: str


class AffiliationOut(Schema):
    member: OrganizationRef
    group: OrganizationRef
    start_date: dt.date
    end_date: dt.date | None
    active: bool

    @staticmethod
    def resolve_member(obj: Affiliation) -> Organization:
        return obj.organization

    @staticmethod
    def resolve_active(obj: Affiliation) -> bool:
        today = timezone.localdate()
        return obj.start_date <= today and (obj.end_date is None or obj.end_date >= today)


class AffiliationsOut(Schema):
    member_of: list[AffiliationOut] = Field(description="Consorzi e federazioni a cui aderisce.")
    members: list[AffiliationOut] = Field(description="Organizzazioni aderenti (per un gruppo).")


class IncubationOut(Schema):
    incubator: OrganizationRef
    incubated: OrganizationRef
    start_date: dt.date
    support_people: bool
    support_back_office: bool
    support_capital: bool
    support_contracts: bool

    @staticmethod
    def resolve_incubator(obj: Incubation) -> Organization:
        return obj.organization

    @staticmethod
    def resolve_incubated(obj: Incubation) -> Organization:
        return obj.child


class IncubationsOut(Schema):
    incubated_by: list[IncubationOut] = Field(description="Chi ha incubato l'organizzazione.")
    incubated: list[IncubationOut] = Field(description="Le organizzazioni che ha incubato.")
