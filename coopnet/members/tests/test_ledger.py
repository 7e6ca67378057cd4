"""The share-capital ledger: totals derivable from the lines, caps, transfers and refunds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from coopnet.core.models import AuditEntry
from coopnet.members import services
from coopnet.members.models import (
    MemberCategory,
    ShareAccount,
    ShareTransaction,
    ShareTransactionKind,
)

from .factories import LegalPersonFactory, member

D = dt.date
AFTER_DM_2024 = D(2024, 10, 18)
BEFORE_DM_2024 = D(2024, 10, 17)


def _totals_from_ledger(membership):
    sums = ShareTransaction.objects.filter(membership=membership).aggregate(
        shares=Sum("shares_delta"), subscribed=Sum("subscribed_delta"), paid=Sum("paid_delta")
    )
    return sums["shares"] or 0, sums["subscribed"] or Decimal(0), sums["paid"] or Decimal(0)


def _account(membership):
    return ShareAccount.objects.get(membership=membership)


def transfer(actor, seller, buyer, shares, on, approval):
    return services.shares_transfer(
        actor=actor,
        source=seller,
        target=buyer,
        shares=shares,
        date=on,
        board_approval_ref=approval,
    )


def test_account_totals_equal_the_ledger_after_a_mix_of_operations(org, admin_user):
    # given two members
    seller = member(org, admitted_on=D(2025, 1, 1), applied_on=D(2024, 12, 1))
    buyer = member(org, admitted_on=D(2025, 1, 1), applied_on=D(2024, 12, 1))
    # when shares are subscribed, partly paid, paid up, a ristorno capitalised and two shares
    # transferred, and the buyer subscribes and pays a part
    services.shares_subscribe(actor=admin_user, membership=seller, shares=10, date=D(2025, 1, 2))
    services.shares_pay(
        actor=admin_user, membership=seller, amount=Decimal("100"), date=D(2025, 1, 3)
    )
    services.shares_pay(
        actor=admin_user, membership=seller, amount=Decimal("150"), date=D(2025, 2, 3)
    )
    services.shares_capitalise_ristorno(
        actor=admin_user,
        membership=seller,
        amount=Decimal("50"),
        date=D(2025, 5, 1),
        reference="Ass.",
    )
    services.shares_subscribe(actor=admin_user, membership=buyer, shares=4, date=D(2025, 1, 2))
    services.shares_pay(
        actor=admin_user, membership=buyer, amount=Decimal("40.50"), date=D(2025, 1, 5)
    )
    transfer(admin_user, seller, buyer, 2, D(2025, 6, 1), "CdA 7")
    # then for both, the account is exactly the sum of the ledger lines
    for membership in (seller, buyer):
        account = _account(membership)
        shares, subscribed, paid = _totals_from_ledger(membership)
        assert (account.shares, account.subscribed, account.paid) == (shares, subscribed, paid)
        assert account.outstanding == subscribed - paid
    seller_account, buyer_account = _account(seller), _account(buyer)
    assert (seller_account.shares, seller_account.subscribed) == (8, Decimal("240.00"))
    assert seller_account.outstanding == 0
    assert (buyer_account.shares, buyer_account.subscribed) == (6, Decimal("160.00"))
    assert buyer_account.paid == Decimal("100.50")
    assert buyer_account.outstanding == Decimal("59.50")
    # and every line wrote one audit entry
    assert AuditEntry.objects.filter(object_type="members.sharetransaction").count() == 8


def test_partial_payments_then_a_payment_above_the_subscription_is_refused(org, admin_user):
    membership = member(org)
    services.shares_subscribe(actor=admin_user, membership=membership, shares=4, date=D(2024, 3, 1))
    services.shares_pay(
        actor=admin_user, membership=membership, amount=Decimal("60"), date=D(2024, 3, 2)
    )
    services.shares_pay(
        actor=admin_user, membership=membership, amount=Decimal("30"), date=D(2024, 4, 2)
    )
    with pytest.raises(ValidationError) as error:
        services.shares_pay(
            actor=admin_user, membership=membership, amount=Decimal("10.01"), date=D(2024, 5, 2)
        )
    assert "amount" in error.value.error_dict
    assert "10,00" in " ".join(error.value.messages) or "10.00" in " ".join(error.value.messages)
    assert _account(membership).paid == Decimal("90.00")
    assert ShareTransaction.objects.filter(membership=membership).count() == 3
    services.shares_pay(
        actor=admin_user, membership=membership, amount=Decimal("10"), date=D(2024, 5, 2)
    )
    assert _account(membership).outstanding == 0


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_a_payment_must_be_positive(org, admin_user, amount):
    membership = member(org, shares=1, paid=Decimal("0"))
    with pytest.raises(ValidationError):
        services.shares_pay(
            actor=admin_user, membership=membership, amount=amount, date=D(2024, 3, 1)
        )


def test_the_database_forbids_paid_above_subscribed_and_negative_balances(org):
    membership = member(org, shares=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareAccount.objects.filter(membership=membership).update(paid=Decimal("26"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareAccount.objects.filter(membership=membership).update(shares=-1)


@pytest.mark.parametrize(
    ("on", "shares", "ok"),
    [
        (AFTER_DM_2024, 5752, True),  # 5,752 x 25 = 143,800: exactly the cap
        (AFTER_DM_2024, 5753, False),  # 143,825
        (BEFORE_DM_2024, 4000, True),  # 100,000 before the DM of 8/8/2024 took effect
        (BEFORE_DM_2024, 4001, False),  # 100,025
    ],
)
def test_holding_cap(org, admin_user, on, shares, ok):
    membership = member(org, applied_on=D(2024, 1, 1), admitted_on=D(2024, 1, 2))
    if ok:
        services.shares_subscribe(actor=admin_user, membership=membership, shares=shares, date=on)
        assert _account(membership).subscribed == Decimal(25 * shares)
    else:
        with pytest.raises(ValidationError) as error:
            services.shares_subscribe(
                actor=admin_user, membership=membership, shares=shares, date=on
            )
        assert "R-CC-2525" in " ".join(error.value.messages)
        assert not ShareTransaction.objects.filter(membership=membership).exists()


def test_the_cap_counts_earlier_subscriptions_but_not_ristorni(org, admin_user):
    membership = member(org, applied_on=D(2024, 1, 1), admitted_on=D(2024, 1, 2))
    services.shares_subscribe(
        actor=admin_user, membership=membership, shares=5000, date=AFTER_DM_2024
    )
    services.shares_pay(
        actor=admin_user, membership=membership, amount=Decimal("125000"), date=AFTER_DM_2024
    )
    services.shares_capitalise_ristorno(
        actor=admin_user,
        membership=membership,
        amount=Decimal("50000"),
        date=AFTER_DM_2024,
        reference="Ass.",
    )
    services.shares_subscribe(
        actor=admin_user, membership=membership, shares=752, date=AFTER_DM_2024
    )
    with pytest.raises(ValidationError):
        services.shares_subscribe(
            actor=admin_user, membership=membership, shares=1, date=AFTER_DM_2024
        )


def test_a_legal_person_is_not_capped(org, admin_user):
    person = LegalPersonFactory(organization=org)
    membership = member(org, person=person, category=MemberCategory.PERSONA_GIURIDICA)
    services.shares_subscribe(
        actor=admin_user, membership=membership, shares=10000, date=AFTER_DM_2024
    )
    assert _account(membership).subscribed == Decimal("250000.00")


def test_a_nominal_value_below_25_is_refused(org, admin_user):
    membership = member(org)
    with pytest.raises(ValidationError) as error:
        services.shares_subscribe(
            actor=admin_user,
            membership=membership,
            shares=1,
            date=D(2025, 1, 1),
            nominal_value=Decimal("24.99"),
        )
    assert "R-CC-2525" in " ".join(error.value.messages)


def test_the_first_subscription_respects_the_statute_minimum(org, admin_user):
    services.statute_update(actor=admin_user, organization=org, data={"min_shares": 4})
    membership = member(org)
    with pytest.raises(ValidationError):
        services.shares_subscribe(
            actor=admin_user, membership=membership, shares=3, date=D(2025, 1, 1)
        )
    services.shares_subscribe(actor=admin_user, membership=membership, shares=4, date=D(2025, 1, 1))
    services.shares_subscribe(actor=admin_user, membership=membership, shares=1, date=D(2025, 2, 1))
    assert _account(membership).shares == 5


def test_subscribing_needs_an_active_member(org, admin_user):
    membership = member(org)
    services.membership_record_death(actor=admin_user, membership=membership, died_on=D(2025, 1, 1))
    membership.refresh_from_db()
    with pytest.raises(ValidationError):
        services.shares_subscribe(
            actor=admin_user, membership=membership, shares=1, date=D(2025, 2, 1)
        )


def test_a_transfer_needs_the_boards_approval(org, admin_user):
    seller, buyer = member(org, shares=4), member(org)
    with pytest.raises(ValidationError) as error:
        transfer(admin_user, seller, buyer, 1, D(2025, 1, 1), " ")
    assert "board_approval_ref" in error.value.error_dict


def test_only_paid_up_shares_can_be_transferred(org, admin_user):
    seller, buyer = member(org, shares=4, paid=Decimal("50")), member(org)
    with pytest.raises(ValidationError) as error:
        transfer(admin_user, seller, buyer, 1, D(2025, 1, 1), "CdA")
    assert "interamente versate" in " ".join(error.value.messages)
    assert not ShareTransaction.objects.filter(kind=ShareTransactionKind.TRANSFER_OUT).exists()


def test_a_transfer_cannot_exceed_the_shares_held_or_go_to_a_former_member(org, admin_user):
    seller, buyer = member(org, shares=2), member(org)
    with pytest.raises(ValidationError):
        transfer(admin_user, seller, buyer, 3, D(2025, 1, 1), "CdA")
    services.membership_record_death(actor=admin_user, membership=buyer, died_on=D(2025, 1, 1))
    buyer.refresh_from_db()
    with pytest.raises(ValidationError):
        transfer(admin_user, seller, buyer, 1, D(2025, 2, 1), "CdA")


def test_refund_only_after_exit_and_only_once(org, admin_user):
    membership = member(org, shares=4, paid=Decimal("60"))
    # an active member is not refunded
    with pytest.raises(ValidationError):
        services.shares_refund(actor=admin_user, membership=membership, date=D(2025, 1, 1))
    # after the exit the paid capital is refunded and the account closed
    services.membership_exclude(
        actor=admin_user, membership=membership, decided_on=D(2025, 1, 1), reason="x", reference="y"
    )
    membership.refresh_from_db()
    line = services.shares_refund(actor=admin_user, membership=membership, date=D(2025, 7, 1))
    assert line.paid_delta == Decimal("-60.00")
    assert line.subscribed_delta == Decimal("-100.00")
    account = _account(membership)
    assert (account.shares, account.subscribed, account.paid) == (0, 0, 0)
    assert _totals_from_ledger(membership) == (0, Decimal(0), Decimal(0))
    with pytest.raises(ValidationError):
        services.shares_refund(actor=admin_user, membership=membership, date=D(2025, 8, 1))
