"""factory_boy factories for the workforce tests (persons come from the members model)."""

import datetime as dt
from decimal import Decimal
from typing import TypeVar

import factory
from codicefiscale import codicefiscale

from coopnet.core.tests.factories import OrganizationFactory
from coopnet.members.models import Person
from coopnet.workforce.models import (
    DisadvantagedStatus,
    Employment,
    Qualification,
    Volunteer,
    VolunteerInsurance,
)

SURNAMES = ("Rossi", "Bianchi", "Verdi", "Esposito", "Ferrari", "Russo", "Gallo", "Conti")


def _codice_fiscale(person) -> str:
    return codicefiscale.encode(
        lastname=person.surname,
        firstname=person.given_name,
        gender="F",
        birthdate=person.birth.strftime("%d/%m/%Y"),
        birthplace="Bologna",
    )


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        exclude = ("birth",)

    organization = factory.SubFactory(OrganizationFactory)
    kind = "fisica"
    surname = factory.Sequence(lambda n: SURNAMES[n % len(SURNAMES)])
    given_name = factory.Sequence(lambda n: f"Anna{'abcdefghij'[n % 10]}")
    birth = factory.Sequence(lambda n: dt.date(1970, 1, 1) + dt.timedelta(days=n))
    codice_fiscale = factory.LazyAttribute(_codice_fiscale)


T = TypeVar("T")


class PersonRowFactory(factory.django.DjangoModelFactory[T]):
    """A row about a person of the same organization."""

    class Meta:
        abstract = True

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))


class EmploymentFactory(PersonRowFactory[Employment]):
    class Meta:
        model = Employment

    contract_type = "dipendente_indeterminato"
    weekly_hours = Decimal("38")
    start_date = dt.date(2020, 1, 1)


class QualificationFactory(PersonRowFactory[Qualification]):
    class Meta:
        model = Qualification

    kind = "oss"


class VolunteerFactory(PersonRowFactory[Volunteer]):
    class Meta:
        model = Volunteer

    activities = "Accompagnamento"
    start_date = dt.date(2020, 1, 1)


class InsuranceFactory(factory.django.DjangoModelFactory[VolunteerInsurance]):
    class Meta:
        model = VolunteerInsurance

    volunteer = factory.SubFactory(VolunteerFactory)
    organization = factory.SelfAttribute("volunteer.organization")
    insurer = "INAIL"
    policy_number = factory.Sequence(lambda n: f"POL-{n}")
    valid_from = dt.date(2020, 1, 1)
    valid_to = dt.date(2099, 12, 31)


class DisadvantagedStatusFactory(PersonRowFactory[DisadvantagedStatus]):
    """Test data only: production code writes statuses through ``vault``."""

    class Meta:
        model = DisadvantagedStatus

    category = "disabile_fisico"
    certifying_body = "INPS"
    valid_from = dt.date(2020, 1, 1)
