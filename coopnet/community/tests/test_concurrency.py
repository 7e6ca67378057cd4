"""Transfers at the same moment, each in its own thread and connection.

On PostgreSQL the transactions really overlap: the first to lock its accounts keeps its
transaction open until the other is seen waiting for the lock (``Overlap``). SQLite cannot
wait for a lock between connections, so there the threads take turns; the invariants asserted
are the same: no balance beyond a limit, every balance the sum of its postings.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopnet.community import selectors, services
from coopnet.community.models import Account, Transfer
from coopnet.community.services import ledger
from coopnet.core.tests.concurrency import Overlap, run_together

from .conftest import category

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _give(org, helped, helper, minutes, key=""):
    return lambda: services.transfer_create(
        actor=None,
        organization=org,
        debits=[(helped, minutes)],
        credits=[(helper, minutes)],
        category=category(org),
        idempotency_key=key,
    )


def _balance(account):
    return Account.objects.get(pk=account.pk).balance


def test_two_transfers_at_once_never_take_an_account_below_its_limit(org, accounts, monkeypatch):
    # given Anna at zero with a limit of -600 minutes
    anna, bruno, carla = accounts
    monkeypatch.setattr(ledger, "lock_accounts", Overlap()(ledger.lock_accounts))
    # when she pays 400 minutes to Bruno and 400 to Carla at the same moment
    results = run_together(_give(org, anna, bruno, 400), _give(org, anna, carla, 400))
    monkeypatch.undo()
    # then one is written and the other refused with the reason
    assert sorted(status for status, _value in results) == ["error", "ok"], results
    error = next(value for status, value in results if status == "error")
    assert isinstance(error, ValidationError)
    assert "sotto il minimo" in " ".join(error.messages)
    assert _balance(anna) == -400
    assert _balance(bruno) + _balance(carla) == 400
    assert selectors.ledger_check(org).ok


def test_opposite_transfers_at_once_both_land(org, accounts, monkeypatch):
    anna, bruno, _carla = accounts
    monkeypatch.setattr(ledger, "lock_accounts", Overlap()(ledger.lock_accounts))
    results = run_together(_give(org, anna, bruno, 90), _give(org, bruno, anna, 30))
    monkeypatch.undo()
    assert [status for status, _value in results] == ["ok", "ok"], results
    assert (_balance(anna), _balance(bruno)) == (-60, 60)
    assert selectors.ledger_check(org).ok


def test_the_same_key_at_once_writes_one_transfer(org, accounts, monkeypatch):
    anna, bruno, _carla = accounts
    monkeypatch.setattr(ledger, "lock_accounts", Overlap()(ledger.lock_accounts))
    same = _give(org, anna, bruno, 45, key="doppio-clic")
    results = run_together(same, same)
    monkeypatch.undo()
    assert [status for status, _value in results] == ["ok", "ok"], results
    assert results[0][1] == results[1][1]
    assert Transfer.objects.filter(idempotency_key="doppio-clic").count() == 1
    assert (_balance(anna), _balance(bruno)) == (-45, 45)
    assert selectors.ledger_check(org).ok
