"""Fixtures of the workforce tests: roles, a mixed A+B cooperative, second-factor logins."""

import pytest

from coopnet.core.models import OrganizationKind, Role
from coopnet.core.tests.factories import (
    OrganizationFactory,
    RoleAssignmentFactory,
    last_email_code,
)

from .factories import PersonFactory


@pytest.fixture
def hr_user(org):
    """HR and insertion tutor: staff, import and the vault (with a second factor)."""
    return RoleAssignmentFactory(organization=org, role=Role.HR_TUTOR).user


@pytest.fixture
def coordinator(org):
    """Reads staff and volunteers, never the vault."""
    return RoleAssignmentFactory(organization=org, role=Role.COORDINATOR).user


@pytest.fixture
def mixed_org(db):
    return OrganizationFactory(
        slug="arcobaleno", short_name="Arcobaleno", kind=OrganizationKind.SOCIAL_COOP_AB
    )


@pytest.fixture
def person(org):
    return PersonFactory(organization=org, surname="Rossi", given_name="Maria")


def pass_enrolment_email(client):
    """The e-mail step of the enrolment: ask for the code, type the one received."""
    client.post("/accounts/otp/setup/", {"send": "1"})
    code = last_email_code()
    response = client.post("/accounts/otp/setup/", {"token": code})
    assert response.status_code == 302, response.content
    return response
