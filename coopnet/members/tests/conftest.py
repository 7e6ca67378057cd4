"""Fixtures of the members tests: personas beyond the root ones, members, media, cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from coopnet.core.models import Affiliation
from coopnet.members import services

from .factories import PersonFactory, member


@pytest.fixture
def consortium_staff(consortium_staff, org, consortium):
    """Staff of a consortium ``org`` belongs to: sees aggregates, never the libro soci."""
    Affiliation.objects.create(organization=org, group=consortium, start_date=dt.date(2020, 1, 1))
    return consortium_staff


@pytest.fixture
def statute(org):
    return services.statute_for(org)


@pytest.fixture
def member_person(org, member_user):
    """``member_user``'s person record in ``org``, an active member with two shares."""
    person = PersonFactory(organization=org, user=member_user, surname="Gallo", given_name="Ada")
    return member(org, person=person, shares=2).person


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield cache
    cache.clear()
