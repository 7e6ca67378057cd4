"""Exchanges between two allied time banks, and a retry of one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopnet.community import selectors, services
from coopnet.community.models import Account, Transfer

from .conftest import category, open_account


@pytest.fixture
def allied(org, other_org, bank):
    services.timebank_save(actor=None, organization=other_org, data={})
    services.alliance_open(actor=None, organization=org, partner=other_org)
    services.alliance_open(actor=None, organization=other_org, partner=org)
    return open_account(org, surname="Anna"), open_account(other_org, surname="Olga")


def _exchange(helper, receiver, minutes=60, key="scambio-1"):
    return services.interbank_exchange(
        actor=None,
        helper=helper,
        receiver=receiver,
        minutes=minutes,
        category=category(helper.organization),
        idempotency_key=key,
    )


def _balance(account):
    return Account.objects.get(pk=account.pk).balance


def test_each_bank_writes_its_side_through_its_clearing_account(org, other_org, allied):
    anna, olga = allied
    given, received = _exchange(anna, olga)
    assert given.organization == org
    assert received.organization == other_org
    assert given.idempotency_key == received.idempotency_key == "scambio-1"
    clearing_here = selectors.allies(org).get()
    clearing_there = selectors.allies(other_org).get()
    assert (_balance(anna), _balance(clearing_here)) == (60, -60)
    assert (_balance(olga), _balance(clearing_there)) == (-60, 60)
    assert selectors.ledger_check(org).ok
    assert selectors.ledger_check(other_org).ok


def test_a_retry_with_the_same_key_writes_nothing(org, allied):
    anna, olga = allied
    first = _exchange(anna, olga)
    again = _exchange(anna, olga)
    assert again == first
    assert Transfer.objects.count() == 2
    assert (_balance(anna), _balance(olga)) == (60, -60)


def test_a_retry_after_a_failure_writes_both_sides_once(org, other_org, allied):
    anna, olga = allied
    services.account_close(actor=None, account=olga)
    with pytest.raises(ValidationError):
        _exchange(anna, olga)
    assert not Transfer.objects.exists()  # the helper's side was rolled back too
    assert _balance(anna) == 0
    Account.objects.filter(pk=olga.pk).update(is_open=True)  # reopened (as a fix would)
    assert len(_exchange(anna, olga)) == 2
    assert Transfer.objects.count() == 2
    assert (_balance(anna), _balance(olga)) == (60, -60)


def test_banks_that_are_not_allied_cannot_exchange(org, other_org, bank):
    services.timebank_save(actor=None, organization=other_org, data={})
    services.alliance_open(actor=None, organization=org, partner=other_org)  # one side only
    anna, olga = open_account(org, surname="Anna"), open_account(other_org, surname="Olga")
    with pytest.raises(ValidationError) as refused:
        _exchange(anna, olga)
    assert "non sono alleate" in refused.value.message_dict["partner"][0]
    assert not Transfer.objects.exists()


def test_an_exchange_beyond_a_limit_is_refused_on_both_sides(org, allied):
    anna, olga = allied
    with pytest.raises(ValidationError) as refused:
        _exchange(anna, olga, minutes=1300)  # above org's maximum of 1,200
    assert "sopra il massimo" in refused.value.message_dict["minutes"][0]
    assert not Transfer.objects.exists()
