"""Person records: natural and legal persons known to one organization."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from codicefiscale import codicefiscale as cf_decoder
from codicefiscale.data import get_indexed_data
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.it import codicefiscale, iva

from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

from ..models import Person, PersonKind

PERSON_FIELDS = (
    "kind",
    "surname",
    "given_name",
    "denomination",
    "codice_fiscale",
    "partita_iva",
    "linked_organization",
    "address",
    "comune",
    "email",
    "pec",
    "phone",
    "privacy_consent_on",
)


# Omocodia replaces digits with these letters; months are coded by letter (DM 23/12/1976).
OMOCODIA = str.maketrans("LMNPQRSTUV", "0123456789")
MONTHS = "ABCDEHLMPRST"
BirthFacts = tuple[dt.date, str, str]  # birth date, sex, birthplace


def _decode_codice_fiscale(person: Person) -> None:
    """Fill birth date, sex and birthplace from a natural person's codice fiscale."""
    if person.kind != PersonKind.NATURAL or len(person.codice_fiscale) != 16:
        return
    facts = _birth_facts(person.codice_fiscale) or _library_birth_facts(person.codice_fiscale)
    if facts is not None:
        person.birth_date, person.sex, person.birthplace = facts


def _library_birth_facts(code: str) -> BirthFacts | None:
    try:
        decoded = cf_decoder.decode(code)
    except ValueError:
        return None  # stdnum already validated it; an unknown birthplace code is not an error
    place = decoded.get("birthplace") or {}
    return decoded["birthdate"].date(), decoded["gender"], _place_name(place) if place else ""


def _place_name(place: Mapping[str, Any]) -> str:
    province = place.get("province") or ""
    name = place.get("name") or ""
    return f"{name} ({province})" if province and province != "EE" else name


def _birth_facts(code: str) -> BirthFacts | None:
    """What ``cf_decoder.decode`` finds in the usual case, about 50 times faster (it also
    computes the 128 omocodes and parses dates with dateutil), for imports of thousands of
    rows; None when the case is unusual (the library then decides)."""
    try:
        year = int(code[6:8].translate(OMOCODIA))
        month = MONTHS.index(code[8]) + 1
        day = int(code[9:11].translate(OMOCODIA))
    except ValueError:
        return None
    sex = "F" if day > 40 else "M"
    this_year = timezone.localdate().year
    year += this_year // 100 * 100
    if year > this_year:
        year -= 100
    try:
        born = dt.date(year, month, day - 40 if day > 40 else day)
    except ValueError:
        return None
    place_code = code[11] + code[12:15].translate(OMOCODIA)
    for valid_from, valid_to, place in _birthplaces().get(place_code, []):
        if valid_from <= born <= valid_to:
            return born, sex, place
    return None


@functools.cache
def _birthplaces() -> dict[str, list[tuple[dt.date, dt.date, str]]]:
    """Comuni and countries by cadastral code, with their validity, from the data of
    python-codicefiscale (the same data ``decode`` uses); loaded once per process."""

    def day(text: str, default: dt.date) -> dt.date:
        return dt.date.fromisoformat(text[:10]) if text else default

    return {
        code: [
            (
                day(o["date_created"], dt.date.min),
                day(o["date_deleted"], dt.date.max),
                _place_name(o),
            )
            for o in options
        ]
        for code, options in get_indexed_data()["codes"].items()
    }


def _clean_person(person: Person) -> None:
    person.codice_fiscale = codicefiscale.compact(person.codice_fiscale or "")
    person.partita_iva = iva.compact(person.partita_iva or "")
    if person.kind == PersonKind.NATURAL:
        person.denomination = ""
        if not person.surname.strip():
            raise ValidationError({"surname": _("Scrivi il cognome.")})
    elif not person.denomination.strip():
        raise ValidationError({"denomination": _("Scrivi la denominazione.")})
    _check_unique_identifiers(person)
    person.full_clean()
    _decode_codice_fiscale(person)


def _check_unique_identifiers(person: Person) -> None:
    """One record per codice fiscale and per partita IVA in an organization."""
    others = Person.objects.for_org(person.organization_id).exclude(pk=person.pk)
    if person.codice_fiscale and others.filter(codice_fiscale=person.codice_fiscale).exists():
        raise ValidationError(
            {"codice_fiscale": _("C'è già una persona con questo codice fiscale.")}
        )
    if person.partita_iva and others.filter(partita_iva=person.partita_iva).exists():
        raise ValidationError({"partita_iva": _("C'è già una persona con questa partita IVA.")})


def _known_person(organization: Organization, data: Mapping[str, Any]) -> Person | None:
    """The organization's record of the person ``data`` describes, found by their identifiers."""
    persons = Person.objects.for_org(organization)
    cf = codicefiscale.compact(data.get("codice_fiscale") or "")
    piva = iva.compact(data.get("partita_iva") or "")
    if cf:
        return persons.filter(codice_fiscale=cf).first()
    if piva:
        return persons.filter(partita_iva=piva).first()
    return None


@transaction.atomic
def person_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Person:
    """Record a natural or legal person in ``organization``."""
    return save_audited(
        actor=actor,
        instance=Person(organization=organization),
        data=data,
        fields=PERSON_FIELDS,
        clean=_clean_person,
        action="members.person.create",
    )


@transaction.atomic
def person_update(*, actor: User | None, person: Person, data: Mapping[str, Any]) -> Person:
    """Change a person's record (contacts, address, identity corrections)."""
    return save_audited(
        actor=actor,
        instance=person,
        data=data,
        fields=PERSON_FIELDS,
        clean=_clean_person,
        action="members.person.update",
    )


@transaction.atomic
def person_link_user(*, actor: User | None, person: Person, user: User | None) -> Person:
    """Link a person record to the login of the person it describes (the member portal uses
    it); ``None`` removes the link."""
    return save_audited(
        actor=actor,
        instance=person,
        data={"user": user},
        fields=("user",),
        clean=_check_user_free,
        action="members.person.link_user",
        audited=("user",),
    )


def _check_user_free(person: Person) -> None:
    """A login describes one person of the cooperative."""
    taken = Person.objects.for_org(person.organization_id).filter(user=person.user_id)
    if person.user_id is not None and taken.exclude(pk=person.pk).exists():
        raise ValidationError(
            {"email": _("Questo account è già collegato a un'altra persona della cooperativa.")}
        )
