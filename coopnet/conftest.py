"""Fixtures shared by every app's tests: the three personas of a view test."""

import pytest

from coopnet.core.models import Role
from coopnet.core.tests.factories import (
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
    confirmed_device,
    current_code,
)


@pytest.fixture
def org(db):
    return OrganizationFactory(slug="la-ginestra", short_name="La Ginestra")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(slug="altra-coop", short_name="Altra Coop")


@pytest.fixture
def admin_user(org):
    """A cooperative administrator of ``org``."""
    return RoleAssignmentFactory(organization=org, role=Role.COOP_ADMIN).user


@pytest.fixture
def member_user(org):
    """A plain member of ``org``."""
    return RoleAssignmentFactory(organization=org, role=Role.MEMBER).user


@pytest.fixture
def outsider(other_org):
    """An administrator of another organization: must get 404 on ``org``'s pages."""
    return RoleAssignmentFactory(organization=other_org, role=Role.COOP_ADMIN).user


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def _italian_after_each_test():
    """Requests in English activate it for the whole thread; put the default back."""
    yield
    from django.utils import translation

    translation.activate("it")


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
