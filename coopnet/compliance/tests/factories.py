"""factory_boy factories for the rows the compliance rules count."""

import datetime as dt
from decimal import Decimal

import factory

from coopnet.core.tests.factories import OrganizationFactory
from coopnet.members.models import (
    MemberCategory,
    Membership,
    MembershipStatus,
    Person,
    PersonKind,
    ShareTransaction,
    ShareTransactionKind,
    Statute,
)
from coopnet.workforce.models import (
    ContractType,
    DisadvantageCategory,
    DisadvantagedStatus,
    Employment,
    Volunteer,
    VolunteerInsurance,
)

LONG_AGO = dt.date(2015, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    kind = PersonKind.NATURAL
    surname = factory.Sequence(lambda n: f"Cognome{n}")
    given_name = "Anna"


class PersonRowFactory(factory.django.DjangoModelFactory):
    """A row about a person of the same organization (member, worker, status, volunteer)."""

    class Meta:
        abstract = True

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))


class MembershipFactory(PersonRowFactory):
    """An active member since ``LONG_AGO``."""

    class Meta:
        model = Membership

    category = MemberCategory.LAVORATORE
    status = MembershipStatus.ACTIVE
    register_number = factory.Sequence(lambda n: n + 1)
    applied_on = LONG_AGO
    admitted_on = LONG_AGO


class StatuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statute

    organization = factory.SubFactory(OrganizationFactory)
    allowed_categories = factory.LazyFunction(lambda: [c.value for c in MemberCategory])
    share_nominal_value = Decimal("25.00")


class ShareTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShareTransaction

    membership = factory.SubFactory(MembershipFactory)
    organization = factory.SelfAttribute("membership.organization")
    kind = ShareTransactionKind.SUBSCRIPTION
    date = LONG_AGO
    subscribed_delta = Decimal("25.00")


class EmploymentFactory(PersonRowFactory):
    """A full-time permanent employee since ``LONG_AGO``."""

    class Meta:
        model = Employment

    contract_type = ContractType.PERMANENT
    weekly_hours = Decimal("38")
    start_date = LONG_AGO


class DisadvantagedStatusFactory(PersonRowFactory):
    """A documented status, valid with no end."""

    class Meta:
        model = DisadvantagedStatus

    category = DisadvantageCategory.PHYSICAL
    certifying_body = "INPS — commissione medica"
    document_type = "verbale di invalidità"
    document = "vault/2015/verbale.pdf"
    valid_from = LONG_AGO


class VolunteerFactory(PersonRowFactory):
    class Meta:
        model = Volunteer

    start_date = LONG_AGO


class VolunteerInsuranceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerInsurance

    volunteer = factory.SubFactory(VolunteerFactory)
    organization = factory.SelfAttribute("volunteer.organization")
    insurer = "INAIL"
    policy_number = factory.Sequence(lambda n: f"P{n}")
    valid_from = LONG_AGO
    valid_to = dt.date(2030, 12, 31)
