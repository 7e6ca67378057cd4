"""Fixtures of the care services tests: personas, a small day of care, clock helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coopnet.care.models import Carer
from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory

from .factories import PersonFactory, paid_carer

DAY = dt.date(2025, 6, 2)  # a Monday


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime in Europe/Rome."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def carer_user(org):
    """A user with the carer role, linked to a paid OSS carer of ``org``."""
    user = RoleAssignmentFactory.create(organization=org, role=Role.CARER).user
    person = PersonFactory.create(
        organization=org, user=user, surname="Operatrice", given_name="Ada"
    )
    paid_carer(org, qualifications=("oss",), person=person)
    return user


@pytest.fixture
def carer(carer_user, org):
    return Carer.objects.get(organization=org, person__user=carer_user)
