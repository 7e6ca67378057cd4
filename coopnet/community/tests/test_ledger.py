"""The ledger's invariants: postings sum to zero, a balance is the sum of its posted
postings, limits hold, mistakes are reversed and never edited, a key is written once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from coopnet.community import selectors, services
from coopnet.community.models import Posting, Transfer, TransferKind, TransferState
from coopnet.core.models import AuditEntry

from .conftest import category, open_account


def give(org, helped, helper, minutes, **extra):
    """``helper`` gave ``minutes`` of help to ``helped``."""
    return services.transfer_create(
        actor=None,
        organization=org,
        debits=[(helped, minutes)],
        credits=[(helper, minutes)],
        category=category(org),
        **extra,
    )


def balances(*accounts):
    return [a.__class__.objects.get(pk=a.pk).balance for a in accounts]


def test_a_transfer_moves_minutes_and_its_postings_sum_to_zero(org, accounts):
    anna, bruno, _carla = accounts
    transfer = give(org, anna, bruno, 90)
    assert sorted(transfer.postings.values_list("minutes", flat=True)) == [-90, 90]
    assert balances(anna, bruno) == [-90, 90]
    assert selectors.ledger_check(org).ok
    entry = AuditEntry.objects.get(action="community.transfer.create")
    assert entry.after is not None
    assert entry.after["postings"] == [[anna.pk, -90], [bruno.pk, 90]]


def test_one_to_many_and_many_to_one(org, accounts):
    anna, bruno, carla = accounts
    # a lesson of Anna to Bruno and Carla (one-to-many)
    services.transfer_create(
        actor=None,
        organization=org,
        debits=[(bruno, 60), (carla, 60)],
        credits=[(anna, 120)],
        category=category(org),
    )
    # Bruno and Carla clean Anna's garden together (many-to-one)
    services.transfer_create(
        actor=None,
        organization=org,
        debits=[(anna, 150)],
        credits=[(bruno, 90), (carla, 60)],
        category=category(org, "Cura del verde"),
    )
    assert balances(anna, bruno, carla) == [-30, 30, 0]
    check = selectors.ledger_check(org)
    assert check.ok
    assert check.accounts == 4


@pytest.mark.parametrize(
    ("debits", "credits", "field"),
    [
        ([0], [0], "minutes"),
        ([-30], [-30], "minutes"),
        ([60], [30], "minutes"),
    ],
)
def test_zero_negative_or_unequal_minutes_are_refused(org, accounts, debits, credits, field):
    anna, bruno, _carla = accounts
    with pytest.raises(ValidationError) as refused:
        services.transfer_create(
            actor=None,
            organization=org,
            debits=[(anna, debits[0])],
            credits=[(bruno, credits[0])],
            category=category(org),
        )
    assert field in refused.value.message_dict
    assert balances(anna, bruno) == [0, 0]
    assert not Transfer.objects.exists()


def test_a_transfer_to_itself_is_refused(org, accounts):
    anna = accounts[0]
    with pytest.raises(ValidationError) as refused:
        give(org, anna, anna, 30)
    assert "se stesso" in refused.value.message_dict["account"][0]
    assert balances(anna) == [0]


def test_a_closed_account_neither_gives_nor_receives(org, accounts):
    anna, bruno, _carla = accounts
    services.account_close(actor=None, account=bruno)
    for helped, helper in ((anna, bruno), (bruno, anna)):
        with pytest.raises(ValidationError) as refused:
            give(org, helped, helper, 30)
        assert "Conto chiuso" in refused.value.message_dict["account"][0]
    assert balances(anna, bruno) == [0, 0]


def test_an_account_of_another_bank_is_refused(org, other_org, accounts):
    services.timebank_save(actor=None, organization=other_org, data={})
    stranger = open_account(other_org, surname="Estranei")
    with pytest.raises(ValidationError) as refused:
        give(org, accounts[0], stranger, 30)
    assert "account" in refused.value.message_dict


def test_a_future_exchange_is_refused(org, accounts):
    with pytest.raises(ValidationError) as refused:
        give(
            org,
            accounts[0],
            accounts[1],
            30,
            performed_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert "performed_on" in refused.value.message_dict


def test_beyond_the_limits_a_transfer_is_blocked(org, accounts):
    # limits of the bank fixture: -600 and +1200 minutes
    anna, bruno, _carla = accounts
    with pytest.raises(ValidationError) as refused:
        give(org, anna, bruno, 601)
    assert "sotto il minimo di -10 h" in refused.value.message_dict["minutes"][0]
    give(org, anna, bruno, 600)  # exactly at the limit is fine
    assert balances(anna, bruno) == [-600, 600]
    carla = accounts[2]
    give(org, carla, bruno, 600)
    with pytest.raises(ValidationError) as refused:
        give(org, carla, bruno, 1)
    messages = refused.value.message_dict["minutes"]
    assert any("sopra il massimo di 20 h" in m for m in messages)
    assert any("sotto il minimo" in m for m in messages)
    assert balances(anna, bruno, carla) == [-600, 1200, -600]


def test_beyond_the_limits_a_transfer_waits_for_a_manager(org, bank, accounts, admin_user):
    anna, bruno, _carla = accounts
    services.timebank_save(
        actor=None, organization=org, data={**_rules(bank), "over_limit": "approva"}
    )
    waiting = give(org, anna, bruno, 700)
    assert waiting.state == TransferState.PENDING
    assert balances(anna, bruno) == [0, 0]
    assert selectors.ledger_check(org).ok  # pending postings do not count
    approved = services.transfer_approve(actor=admin_user, transfer=waiting)
    assert approved.state == TransferState.POSTED
    assert approved.decided_by == admin_user
    assert balances(anna, bruno) == [-700, 700]
    with pytest.raises(ValidationError):
        services.transfer_approve(actor=admin_user, transfer=waiting)
    refused = services.transfer_refuse(actor=admin_user, transfer=give(org, anna, bruno, 30))
    assert refused.state == TransferState.REFUSED
    assert balances(anna, bruno) == [-700, 700]
    assert selectors.ledger_check(org).ok


def _rules(bank):
    return {
        f: getattr(bank, f) for f in ("min_balance", "max_balance", "over_limit", "welcome_minutes")
    }


def test_a_reversal_is_a_new_transfer_with_opposite_postings(org, accounts):
    anna, bruno, _carla = accounts
    mistake = give(org, anna, bruno, 45)
    reversal = services.transfer_reverse(actor=None, transfer=mistake)
    assert reversal.kind == TransferKind.REVERSAL
    assert reversal.reverses == mistake
    assert sorted(reversal.postings.values_list("account_id", "minutes")) == sorted(
        [(anna.pk, 45), (bruno.pk, -45)]
    )
    assert balances(anna, bruno) == [0, 0]
    # the mistake is still there, untouched
    assert sorted(mistake.postings.values_list("minutes", flat=True)) == [-45, 45]
    # reversing again answers with the same reversal; a reversal is not reversed
    assert services.transfer_reverse(actor=None, transfer=mistake) == reversal
    with pytest.raises(ValidationError):
        services.transfer_reverse(actor=None, transfer=reversal)
    assert Transfer.objects.count() == 2
    assert selectors.ledger_check(org).ok


def test_postings_cannot_be_edited_or_deleted(org, accounts):
    posting = give(org, accounts[0], accounts[1], 30).postings.first()
    posting.minutes = 3000
    with pytest.raises(PermissionError):
        posting.save()
    with pytest.raises(PermissionError):
        Posting.objects.filter(pk=posting.pk).update(minutes=1)
    with pytest.raises(PermissionError):
        Posting.objects.filter(pk=posting.pk).delete()


def test_the_same_key_returns_the_transfer_already_written(org, accounts):
    anna, bruno, _carla = accounts
    first = give(org, anna, bruno, 30, idempotency_key="modulo-123")
    again = give(org, anna, bruno, 30, idempotency_key="modulo-123")
    assert again == first
    assert balances(anna, bruno) == [-30, 30]
    assert AuditEntry.objects.filter(action="community.transfer.create").count() == 1
    # the same key for a different transfer is refused with the reason
    with pytest.raises(ValidationError) as refused:
        give(org, anna, bruno, 60, idempotency_key="modulo-123")
    assert "già usata" in refused.value.message_dict["idempotency_key"][0]
    assert balances(anna, bruno) == [-30, 30]


def test_welcome_hours_come_from_the_grants_account_once(org, bank):
    services.timebank_save(
        actor=None, organization=org, data={**_rules(bank), "welcome_minutes": 180}
    )
    newcomer = open_account(org, surname="Nuova")
    services.grant_welcome(actor=None, account=newcomer)
    services.grant_welcome(actor=None, account=newcomer)
    grants = selectors.accounts(org).get(kind="fondo")
    assert balances(newcomer, grants) == [180, -180]
    # an account opened with its welcome
    person = open_account(org, surname="Altra").person
    services.account_close(actor=None, account=selectors.accounts(org).get(person=person))
    welcomed = services.account_open(
        actor=None,
        organization=org,
        person=open_account(org, surname="Terza").person.__class__.objects.create(
            organization=org, kind="fisica", surname="Quarta"
        ),
        kind="residente",
    )
    assert balances(welcomed) == [180]
    assert Transfer.objects.filter(kind=TransferKind.GRANT).count() == 2
    assert selectors.ledger_check(org).ok


def test_the_check_finds_a_cached_balance_that_drifted(org, accounts):
    anna, bruno, _carla = accounts
    give(org, anna, bruno, 30)
    type(anna).objects.filter(pk=anna.pk).update(balance=999)
    check = selectors.ledger_check(org)
    assert check.mismatched == [(anna.pk, 999, -30)]


def test_the_database_refuses_an_unbalanced_transfer(org, accounts):
    """On PostgreSQL a deferred trigger refuses the commit; on SQLite (no deferred checks)
    the ledger's check names the transfer."""
    anna, _bruno, _carla = accounts
    transfer = Transfer.objects.create(
        organization=org, category=category(org), performed_on=timezone.localdate(),
        idempotency_key="a-mano",
    )  # fmt: skip
    if connection.vendor == "postgresql":
        with transaction.atomic():
            Posting.objects.create(organization=org, transfer=transfer, account=anna, minutes=30)
            with connection.cursor() as cursor, pytest.raises(IntegrityError):
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            transaction.set_rollback(True)
        assert not Posting.objects.exists()
    else:
        Posting.objects.create(organization=org, transfer=transfer, account=anna, minutes=30)
        assert selectors.ledger_check(org).unbalanced == [transfer.pk]


def test_balances_equal_the_sum_of_postings_after_many_transfers(org, accounts):
    anna, bruno, carla = accounts
    pattern = [(anna, bruno, 30), (bruno, carla, 45), (carla, anna, 15), (anna, carla, 60)]
    for helped, helper, minutes in pattern * 5:
        give(org, helped, helper, minutes)
    for account in accounts:
        total = Posting.objects.filter(account=account).aggregate(t=Sum("minutes"))["t"]
        assert balances(account) == [total]
    assert balances(anna, bruno, carla) == [5 * (-30 + 15 - 60), 5 * (30 - 45), 5 * (45 - 15 + 60)]
