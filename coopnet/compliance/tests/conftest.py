"""Fixtures of the compliance tests: cooperatives of each kind and helpers that staff them."""

import datetime as dt

import pytest

from coopnet.core.models import OrganizationKind, Role
from coopnet.core.tests.factories import new_org, role_user_fixture

from .factories import DisadvantagedStatusFactory, EmploymentFactory, MembershipFactory

AS_OF = dt.date(2025, 6, 30)  # the 365-day window runs from 01/07/2024 to 30/06/2025


@pytest.fixture
def coop_b(db):
    return new_org(slug="coop-b", short_name="Il Sentiero", kind=OrganizationKind.SOCIAL_COOP_B)


coop_b_admin = role_user_fixture(Role.COOP_ADMIN, "coop_b", "The administrator of ``coop_b``.")


@pytest.fixture
def coop_ab(db):
    return new_org(slug="coop-ab", short_name="Il Ponte", kind=OrganizationKind.SOCIAL_COOP_AB)


def staff(org, workers, disadvantaged=0, **employment):
    """``workers`` employees, the first ``disadvantaged`` of them with a valid status."""
    jobs = EmploymentFactory.create_batch(workers, organization=org, **employment)
    for job in jobs[:disadvantaged]:
        DisadvantagedStatusFactory(organization=org, person=job.person)
    return jobs


def members(org, count, **fields):
    return MembershipFactory.create_batch(count, organization=org, **fields)
