"""factory_boy factories and builders for the care services tests.

Workers and volunteers come from the workforce registers (through their factories), so a
carer is schedulable only when the registers say so, as in production.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from coopnet.care.models import (
    Beneficiary,
    CarePlan,
    CarePlanLine,
    Carer,
    ScheduleRun,
    ServiceType,
    Visit,
)
from coopnet.core.models import Job, JobState, Organization
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.members.models import Person
from coopnet.workforce.tests.factories import (
    EmploymentFactory,
    InsuranceFactory,
    QualificationFactory,
    VolunteerFactory,
)

# Bologna, around Piazza Maggiore: a few hundred metres apart.
CENTRE = (Decimal("44.493700"), Decimal("11.343000"))
SURNAMES = ("Rossi", "Bianchi", "Verdi", "Neri", "Gallo", "Conti", "Marino", "Greco")


def near(n: int) -> tuple[Decimal, Decimal]:
    """A point ``n`` hundred metres north-east of the centre."""
    step = Decimal("0.000900") * n
    return (CENTRE[0] + step, CENTRE[1] + step)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    kind = "fisica"
    surname = factory.Sequence(lambda n: f"{SURNAMES[n % len(SURNAMES)]}{n}")
    given_name = factory.Sequence(lambda n: f"Anna{n}")


class ServiceTypeFactory(factory.django.DjangoModelFactory[ServiceType]):
    class Meta:
        model = ServiceType

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Servizio {n}")
    code = factory.Sequence(lambda n: f"servizio-{n}")
    required_qualification = ""
    default_duration = 60
    volunteer_allowed = True


class BeneficiaryFactory(factory.django.DjangoModelFactory[Beneficiary]):
    class Meta:
        model = Beneficiary

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    address = factory.Sequence(lambda n: f"Via Roma {n + 1}")
    latitude = factory.Sequence(lambda n: near(n % 20 + 1)[0])
    longitude = factory.Sequence(lambda n: near(n % 20 + 1)[1])


class CarerFactory(factory.django.DjangoModelFactory[Carer]):
    """A carer row only; use ``paid_carer`` / ``volunteer_carer`` for one the registers back."""

    class Meta:
        model = Carer

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    kind = "retribuito"
    start_latitude = CENTRE[0]
    start_longitude = CENTRE[1]
    working_days = "1234567"
    shift_start = dt.time(7, 0)
    shift_end = dt.time(20, 0)
    max_minutes_day = 600
    max_minutes_week = 3000


def paid_carer(
    organization: Organization,
    *,
    qualifications: tuple[str, ...] = (),
    expires_on: dt.date | None = None,
    **extra: Any,
) -> Carer:
    """A worker with an employment since 2020 and the given qualifications."""
    carer = CarerFactory.create(organization=organization, kind="retribuito", **extra)
    EmploymentFactory.create(organization=organization, person=carer.person)
    for kind in qualifications:
        QualificationFactory.create(
            organization=organization, person=carer.person, kind=kind, expires_on=expires_on
        )
    return carer


def volunteer_carer(organization: Organization, *, insured: bool = True, **extra: Any) -> Carer:
    """A volunteer in the register since 2020, insured until 2099 unless ``insured`` is False."""
    carer = CarerFactory.create(organization=organization, kind="volontario", **extra)
    volunteer = VolunteerFactory.create(organization=organization, person=carer.person)
    if insured:
        InsuranceFactory.create(volunteer=volunteer, organization=organization)
    return carer


class PlanFactory(factory.django.DjangoModelFactory[CarePlan]):
    class Meta:
        model = CarePlan

    organization = factory.SubFactory(OrganizationFactory)
    beneficiary = factory.SubFactory(
        BeneficiaryFactory, organization=factory.SelfAttribute("..organization")
    )
    start_date = dt.date(2020, 1, 1)


class LineFactory(factory.django.DjangoModelFactory[CarePlanLine]):
    class Meta:
        model = CarePlanLine

    organization = factory.SubFactory(OrganizationFactory)
    plan = factory.SubFactory(PlanFactory, organization=factory.SelfAttribute("..organization"))
    service_type = factory.SubFactory(
        ServiceTypeFactory, organization=factory.SelfAttribute("..organization")
    )
    weekdays = "1234567"
    window_start = dt.time(8, 0)
    window_end = dt.time(12, 0)
    duration = 60


class VisitFactory(factory.django.DjangoModelFactory[Visit]):
    """A visit as generation would make it (for tests that do not exercise generation)."""

    class Meta:
        model = Visit

    line = factory.SubFactory(LineFactory)
    organization = factory.SelfAttribute("line.organization")
    beneficiary = factory.SelfAttribute("line.plan.beneficiary")
    service_type = factory.SelfAttribute("line.service_type")
    date = dt.date(2025, 6, 2)
    window_start = factory.SelfAttribute("line.window_start")
    window_end = factory.SelfAttribute("line.window_end")
    duration = factory.SelfAttribute("line.duration")


def schedule_run(
    organization: Organization, *, state: str = JobState.SUCCEEDED, **fields: Any
) -> ScheduleRun:
    """A solver run of one day with its job in ``state`` (a finished solve by default)."""
    job = Job.objects.create(
        organization=organization, kind="care.schedule", state=state, progress_total=100
    )
    fields.setdefault("time_limit", 1)
    return ScheduleRun.objects.create(organization=organization, job=job, **fields)
