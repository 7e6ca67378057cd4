"""Fixtures of the workforce tests: roles, a mixed A+B cooperative, second-factor logins."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coopnet.core.models import OrganizationKind, Role
from coopnet.core.tests.factories import OrganizationFactory, RoleAssignmentFactory

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


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="telefono", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def otp_login(client):
    """Log ``user`` in with password and with the second factor, through the verify page."""

    def login(user):
        client.force_login(user)
        device = confirmed_device(user)
        response = client.post(
            "/accounts/otp/verify/", {"token": current_code(device), "next": "/"}
        )
        assert response.status_code == 302, response.content
        return client

    return login
