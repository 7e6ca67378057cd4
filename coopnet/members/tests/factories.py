"""factory_boy factories and builders for the members app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from codicefiscale import codicefiscale as cf_encoder
from stdnum import luhn

from coopnet.core.models import Organization, User
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.members import services
from coopnet.members.models import MemberCategory, Membership, Person, PersonKind

SURNAMES = ["Rossi", "Bianchi", "Verdi", "Esposito", "Romano", "Colombo", "Ricci", "Marino"]
NAMES = ["Giulia", "Marco", "Sara", "Luca", "Anna", "Paolo", "Elena", "Davide"]


def codice_fiscale_for(surname: str, given_name: str, n: int) -> str:
    """A valid codice fiscale, different for every ``n``, born in Bologna."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n)
    sex = "F" if given_name.endswith("a") else "M"
    return str(
        cf_encoder.encode(
            lastname=surname,
            firstname=given_name,
            gender=sex,  # type: ignore[arg-type]
            birthdate=birth.strftime("%d/%m/%Y"),
            birthplace="Bologna",
        )
    )


def partita_iva_for(n: int) -> str:
    """A valid partita IVA (office code 037, Bologna), different for every ``n``."""
    base = f"{n + 1000:07d}037"
    return base + luhn.calc_check_digit(base)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    kind = PersonKind.NATURAL
    surname = factory.Sequence(lambda n: SURNAMES[n % len(SURNAMES)])
    given_name = factory.Sequence(lambda n: NAMES[(n // len(SURNAMES)) % len(NAMES)])
    codice_fiscale = factory.LazyAttributeSequence(
        lambda o, n: codice_fiscale_for(o.surname, o.given_name, n)
    )
    email = factory.LazyAttribute(lambda o: f"{o.codice_fiscale.lower()}@example.org")


class LegalPersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    kind = PersonKind.LEGAL
    denomination = factory.Sequence(lambda n: f"Fondazione Esempio {n}")
    partita_iva = factory.Sequence(lambda n: partita_iva_for(n))
    email = "ente@example.org"


def applicant(
    organization: Organization,
    *,
    category: str = MemberCategory.LAVORATORE,
    applied_on: dt.date = dt.date(2024, 1, 10),
    person: Any = None,  # a Person, or a factory's result
    actor: User | None = None,
) -> Membership:
    """An application recorded through the service."""
    if person is None:
        person = PersonFactory(organization=organization)
    return services.membership_apply(
        actor=actor,
        organization=organization,
        person=person,
        category=category,
        applied_on=applied_on,
    )


def member(
    organization: Organization,
    *,
    category: str = MemberCategory.LAVORATORE,
    applied_on: dt.date = dt.date(2024, 1, 10),
    admitted_on: dt.date = dt.date(2024, 2, 1),
    shares: int = 0,
    paid: Decimal | None = None,
    person: Any = None,  # a Person, or a factory's result
    actor: User | None = None,
) -> Membership:
    """An active member admitted through the services, with ``shares`` subscribed and paid."""
    membership = applicant(
        organization, category=category, applied_on=applied_on, person=person, actor=actor
    )
    membership = services.membership_admit(
        actor=actor, membership=membership, admitted_on=admitted_on, decision_ref="CdA 1/2024"
    )
    if shares:
        line = services.shares_subscribe(
            actor=actor, membership=membership, shares=shares, date=admitted_on
        )
        amount = line.subscribed_delta if paid is None else paid
        if amount:
            services.shares_pay(actor=actor, membership=membership, amount=amount, date=admitted_on)
    return membership
