"""Fixtures of the care services tests: personas, a small day of care, clock helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.services.models import Carer

from .factories import PersonFactory, paid_carer

DAY = dt.date(2025, 6, 2)  # a Monday


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime in Europe/Rome."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def coordinator(org):
    return RoleAssignmentFactory.create(organization=org, role=Role.COORDINATOR).user


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
