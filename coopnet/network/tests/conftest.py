"""Fixtures of the network tests: a consortium member, an affiliation, comuni, org makers."""

import datetime as dt
from typing import cast

import pytest

from coopnet.core.models import Comune, Role, User
from coopnet.core.tests.factories import UserFactory, new_org, role_user_fixture
from coopnet.network import services

JOINED = dt.date(2020, 1, 15)


@pytest.fixture
def actor(db):
    """Who makes the changes of a test's set-up."""
    return cast(User, UserFactory(email="segreteria@example.org"))


@pytest.fixture
def bologna(db):
    return Comune.objects.select_related("province").get(istat_code="037006")


@pytest.fixture
def imola(db):
    return Comune.objects.select_related("province").get(istat_code="037032")


@pytest.fixture
def lecce(db):
    return Comune.objects.select_related("province").get(istat_code="075035")


# ``consortium`` and its ``consortium_staff`` are coopnet/conftest.py's
consortium_member = role_user_fixture(
    Role.MEMBER, "consortium", "A plain member of the consortium itself: no aggregates."
)


@pytest.fixture
def affiliation(org, consortium):
    """``org`` is a member of ``consortium`` since ``JOINED``."""
    return services.affiliation_create(
        actor=None, organization=org, group=consortium, start_date=JOINED
    )


@pytest.fixture
def make_orgs(db):
    """Create ``n`` organizations, optionally members of ``group`` (through the service)."""

    def make(n, *, group=None, prefix="serie", **fields):
        orgs = [
            new_org(slug=f"{prefix}-{i}", short_name=f"{prefix} {i:03d}", **fields)
            for i in range(n)
        ]
        if group is not None:
            for o in orgs:
                services.affiliation_create(
                    actor=None, organization=o, group=group, start_date=JOINED
                )
        return orgs

    return make
