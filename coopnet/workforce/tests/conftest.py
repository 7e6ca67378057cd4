"""Fixtures of the workforce tests: roles, a mixed A+B cooperative, second-factor logins."""

import datetime as dt

import pytest
from django.utils import timezone

from coopnet.core.models import OrganizationKind
from coopnet.core.tests.factories import (
    OrganizationFactory,
    last_email_code,
)

from .factories import (
    DisadvantagedStatusFactory,
    EmploymentFactory,
    InsuranceFactory,
    PersonFactory,
    QualificationFactory,
    VolunteerFactory,
)


@pytest.fixture
def mixed_org(db):
    return OrganizationFactory(
        slug="arcobaleno", short_name="Arcobaleno", kind=OrganizationKind.SOCIAL_COOP_AB
    )


@pytest.fixture
def person(org):
    return PersonFactory(organization=org, surname="Rossi", given_name="Maria")


@pytest.fixture
def objects(org, person):
    """One of everything, so that every page has something to show."""
    today = timezone.localdate()
    employment = EmploymentFactory.create(organization=org, person=person)
    volunteer = VolunteerFactory.create(organization=org, person=person)
    InsuranceFactory.create(volunteer=volunteer)
    QualificationFactory.create(
        organization=org, person=person, expires_on=today + dt.timedelta(10)
    )
    status = DisadvantagedStatusFactory.create(
        organization=org, person=person, category="alcolista", valid_to=today + dt.timedelta(20)
    )
    return {"employment": employment, "volunteer": volunteer, "person": person, "status": status}


def pass_enrolment_email(client):
    """The e-mail step of the enrolment: ask for the code, type the one received."""
    client.post("/accounts/otp/setup/", {"send": "1"})
    code = last_email_code()
    response = client.post("/accounts/otp/setup/", {"token": code})
    assert response.status_code == 302, response.content
    return response
