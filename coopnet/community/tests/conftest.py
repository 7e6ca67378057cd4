"""Fixtures of the community tests: a time bank with its rules, and accounts opened through
the service (without welcome hours unless a test asks, so balances start at zero)."""

from __future__ import annotations

import pytest

from coopnet.community import services
from coopnet.community.models import AccountKind, Category
from coopnet.members.models import Person
from coopnet.members.tests.factories import PersonFactory


@pytest.fixture
def bank(org):
    return services.timebank_save(
        actor=None,
        organization=org,
        data={
            "min_balance": -600,
            "max_balance": 1200,
            "over_limit": "blocca",
            "welcome_minutes": 0,
        },
    )


def open_account(org, *, surname="Rossi", kind=AccountKind.MEMBER, user=None, **fields):
    holder: Person = PersonFactory(  # type: ignore[assignment]
        organization=org, surname=surname, user=user, **fields
    )
    return services.account_open(
        actor=None, organization=org, person=holder, kind=kind, welcome=False
    )


def category(org, name="Spesa e commissioni"):
    return Category.objects.for_org(org).get(name=name)


@pytest.fixture
def accounts(bank, org):
    """Three members' accounts of ``org``: Anna, Bruno, Carla."""
    return [open_account(org, surname=s) for s in ("Anna", "Bruno", "Carla")]
