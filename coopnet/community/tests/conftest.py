"""Fixtures of the community tests: a time bank with its rules, and accounts opened through
the service (without welcome hours unless a test asks, so balances start at zero); a comune,
its municipality, an asset of the commons register, an agreement on it and a report's data
(dates relative to today)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from coopnet.community import services
from coopnet.community.models import AccountKind, AssetState, Category
from coopnet.core.models import Comune, OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory
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


@pytest.fixture
def comune(db):
    return Comune.objects.get(name="Pievepelago")


@pytest.fixture
def municipality(db):
    return OrganizationFactory(
        slug="comune-pievepelago",
        short_name="Comune di Pievepelago",
        kind=OrganizationKind.PUBLIC_BODY,
    )


def asset_of(org, place, municipality, **data):
    """The abandoned station of ``place``, owned by ``municipality``, registered by ``org``."""
    fields = {
        "name": "Stazione di Pievepelago",
        "kind": "stazione",
        "state": AssetState.ABANDONED,
        "owner_body": municipality,
        "owner_name": "",
        "comune": place,
        "address": "Via della Stazione 1",
        "latitude": Decimal("44.204300"),
        "longitude": Decimal("10.616600"),
        "description": "Chiusa dal 1990.",
        **data,
    }
    return services.asset_create(actor=None, organization=org, data=fields)


def days(n: int) -> dt.date:
    """``n`` days from today when the test runs: a constant taken at collection goes stale at
    midnight."""
    return timezone.localdate() + dt.timedelta(days=n)


def pact_of(asset, *, start=-100, end=265, **data):
    fields = {
        "kind": "patto_semplice",
        "title": "Cura della stazione",
        "start_date": days(start),
        "end_date": days(end),
        "activities": "Pulizia, apertura della sala d'attesa, feste di paese.",
        "support_materials": "Attrezzi e vernici",
        **data,
    }
    return services.agreement_create(actor=None, asset=asset, data=fields)


def report_data(**data):
    return {
        "period_start": days(-90),
        "period_end": days(-1),
        "activities": "Pulizia dei binari",
        "volunteer_hours": Decimal("120.5"),
        "worker_hours": Decimal("30"),
        "participants": 14,
        "results": "La sala d'attesa è aperta la domenica.",
        **data,
    }
