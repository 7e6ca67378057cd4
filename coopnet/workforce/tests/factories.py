"""factory_boy factories for the workforce tests (persons come from the members model)."""

import datetime as dt
from decimal import Decimal

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


class EmploymentFactory(factory.django.DjangoModelFactory[Employment]):
    class Meta:
        model = Employment

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    contract_type = "dipendente_indeterminato"
    weekly_hours = Decimal("38")
    start_date = dt.date(2020, 1, 1)


class QualificationFactory(factory.django.DjangoModelFactory[Qualification]):
    class Meta:
        model = Qualification

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    kind = "oss"


class VolunteerFactory(factory.django.DjangoModelFactory[Volunteer]):
    class Meta:
        model = Volunteer

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
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


class DisadvantagedStatusFactory(factory.django.DjangoModelFactory[DisadvantagedStatus]):
    """Test data only: production code writes statuses through ``vault``."""

    class Meta:
        model = DisadvantagedStatus

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    category = "disabile_fisico"
    certifying_body = "INPS"
    valid_from = dt.date(2020, 1, 1)
