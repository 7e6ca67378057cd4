"""Fixtures of the members tests: personas beyond the root ones, members, media, cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from coopnet.core.models import Affiliation, Organization, OrganizationKind, Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.members import services

from .factories import PersonFactory, member


@pytest.fixture
def coordinator(org):
    """A coordinator of ``org``: reads the register, cannot change it."""
    return RoleAssignmentFactory(organization=org, role=Role.COORDINATOR).user


@pytest.fixture
def consortium_staff(org):
    """Staff of a consortium ``org`` belongs to: sees aggregates, never the libro soci."""
    consortium = Organization.objects.create(
        slug="consorzio",
        short_name="Consorzio",
        legal_name="Consorzio di cooperative sociali",
        kind=OrganizationKind.CONSORTIUM,
    )
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    return RoleAssignmentFactory(organization=consortium, role=Role.CONSORTIUM_STAFF).user


@pytest.fixture
def statute(org):
    return services.statute_for(org)


@pytest.fixture
def member_person(org, member_user):
    """``member_user``'s person record in ``org``, an active member with two shares."""
    person = PersonFactory(organization=org, user=member_user, surname="Gallo", given_name="Ada")
    return member(org, person=person, shares=2).person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield cache
    cache.clear()
