"""Concurrent admissions and payments, each in its own thread and database connection.

On PostgreSQL the two transactions really overlap: a barrier starts them together and the first
to hold the lock keeps its transaction open until the other is seen waiting for it
(``Overlap``).
SQLite (in memory, shared cache) cannot wait for a lock between connections, so there the two
threads take turns; the invariants asserted are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.core.tests.concurrency import Overlap, run_together
from coopnet.members import services
from coopnet.members.models import Membership, ShareAccount, ShareTransaction
from coopnet.members.services import lifecycle, shares

from .factories import applicant, member


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_admissions_get_different_register_numbers(org, monkeypatch):
    # given two applications and an organization that already admitted one member
    member(org)
    first, second = applicant(org), applicant(org)
    monkeypatch.setattr(
        lifecycle, "_next_register_number", Overlap()(lifecycle._next_register_number)
    )

    # when the board admits both at the same moment from two connections
    def admit(membership: Membership) -> Callable[[], Membership]:
        return lambda: services.membership_admit(
            actor=None, membership=membership, admitted_on=membership.applied_on, decision_ref="CdA"
        )

    results = run_together(admit(first), admit(second))

    # then both are admitted, with the next two numbers and no clash
    assert [status for status, _value in results] == ["ok", "ok"], results
    numbers = Membership.objects.filter(pk__in=[first.pk, second.pk]).values_list(
        "register_number", flat=True
    )
    assert sorted(n or 0 for n in numbers) == [2, 3]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_payments_never_overdraw_the_subscription(org, monkeypatch):
    # given a member who subscribed 4 shares (100 euro) and paid nothing
    membership = member(org, shares=4, paid=Decimal("0"))
    paid_on = membership.admitted_on
    assert paid_on is not None
    monkeypatch.setattr(shares, "_locked_account", Overlap()(shares._locked_account))

    # when two payments of 60 euro arrive at the same moment
    def pay() -> ShareTransaction:
        return services.shares_pay(
            actor=None, membership=membership, amount=Decimal("60"), date=paid_on
        )

    results = run_together(pay, pay)

    # then exactly one is recorded; the other is refused with the reason, not a crash
    statuses = sorted(status for status, _value in results)
    assert statuses == ["error", "ok"], results
    error = next(value for status, value in results if status == "error")
    assert isinstance(error, ValidationError)
    assert "supera il capitale sottoscritto" in " ".join(error.messages)
    account = ShareAccount.objects.get(membership=membership)
    assert (account.subscribed, account.paid) == (Decimal("100.00"), Decimal("60.00"))
    assert ShareTransaction.objects.filter(membership=membership, kind="versamento").count() == 1
