"""Fixtures shared by every app's tests: the personas of a view test."""

import pytest

from coopnet.core.models import OrganizationKind, Role
from coopnet.core.tests.factories import (
    OrganizationFactory,
    UserFactory,
    confirmed_device,
    current_code,
    role_user_fixture,
)


@pytest.fixture
def org(db):
    return OrganizationFactory(slug="la-ginestra", short_name="La Ginestra")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(slug="altra-coop", short_name="Altra Coop")


@pytest.fixture
def consortium(db):
    return OrganizationFactory(
        slug="consorzio-aurora",
        short_name="Consorzio Aurora",
        legal_name="Consorzio Aurora società cooperativa sociale",
        kind=OrganizationKind.CONSORTIUM,
    )


admin_user = role_user_fixture(Role.COOP_ADMIN, doc="A cooperative administrator of ``org``.")
member_user = role_user_fixture(Role.MEMBER, doc="A plain member of ``org``.")
outsider = role_user_fixture(
    Role.COOP_ADMIN,
    "other_org",
    "An administrator of another organization: must get 404 on ``org``'s pages.",
)
hr_user = role_user_fixture(
    Role.HR_TUTOR, doc="HR and insertion tutor: staff, import and the vault (with a second factor)."
)
coordinator = role_user_fixture(
    Role.COORDINATOR, doc="Reads staff and volunteers, never the vault."
)
consortium_staff = role_user_fixture(
    Role.CONSORTIUM_STAFF,
    "consortium",
    "Staff of ``consortium``: sees its affiliated cooperatives' data, never edits them.",
)


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
