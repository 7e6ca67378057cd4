"""What the libro soci refuses (steps dated in the future) and how a wrong ledger line is
corrected: a reversal (storno) that the member's page offers, never an edit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import AuditEntry
from coopnet.members import services
from coopnet.members.models import ShareTransaction, ShareTransactionKind

from .factories import applicant, member

pytestmark = pytest.mark.django_db
YEAR_9999 = dt.date(9999, 12, 31)


def tomorrow() -> dt.date:
    """Tomorrow when the test runs: a constant taken at collection goes stale at midnight."""
    return timezone.localdate() + dt.timedelta(days=1)


# --- dates in the future -------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", [pytest.param(None, id="tomorrow"), pytest.param(YEAR_9999, id="year-9999")]
)
@pytest.mark.parametrize("step", ["subscribe", "pay", "ristorno", "refund"])
def test_a_ledger_line_in_the_future_is_refused(org, admin_user, step, day):
    day = day or tomorrow()
    # given an active member with two shares subscribed, half paid
    membership = member(org, shares=2, paid=Decimal("25"))
    if step == "refund":
        services.membership_record_death(
            actor=admin_user, membership=membership, died_on=dt.date(2025, 1, 1)
        )
    calls = {
        "subscribe": lambda: services.shares_subscribe(
            actor=admin_user, membership=membership, shares=1, date=day
        ),
        "pay": lambda: services.shares_pay(
            actor=admin_user, membership=membership, amount=Decimal("10"), date=day
        ),
        "ristorno": lambda: services.shares_capitalise_ristorno(
            actor=admin_user, membership=membership, amount=Decimal("10"), date=day, reference="A"
        ),
        "refund": lambda: services.shares_refund(actor=admin_user, membership=membership, date=day),
    }
    before = ShareTransaction.objects.count()
    # when the line is dated after today
    with pytest.raises(ValidationError) as caught:
        calls[step]()
    # then it is refused on its date field and nothing is written
    assert "nel futuro" in caught.value.message_dict["date"][0]
    assert ShareTransaction.objects.count() == before


def test_a_death_or_an_exclusion_in_the_future_is_refused(org, admin_user):
    membership = member(org)
    with pytest.raises(ValidationError) as death:
        services.membership_record_death(
            actor=admin_user, membership=membership, died_on=tomorrow()
        )
    with pytest.raises(ValidationError) as exclusion:
        services.membership_exclude(
            actor=admin_user,
            membership=membership,
            decided_on=YEAR_9999,
            reason="Morosità",
            reference="CdA 3",
        )
    assert "died_on" in death.value.message_dict
    assert "decided_on" in exclusion.value.message_dict


def test_an_admission_in_the_future_is_refused(org, admin_user):
    membership = applicant(org)
    with pytest.raises(ValidationError) as caught:
        services.membership_admit(
            actor=admin_user, membership=membership, admitted_on=tomorrow(), decision_ref="CdA"
        )
    assert "admitted_on" in caught.value.message_dict


def test_the_page_shows_a_future_payment_as_a_form_error_not_a_crash(client, org, admin_user):
    membership = member(org, shares=2, paid=Decimal("0"))
    client.force_login(admin_user)
    response = client.post(
        reverse("members:action", args=[org.slug, membership.pk, "pay"]),
        {"pay-amount": "10", "pay-date": f"{tomorrow():%d/%m/%Y}", "pay-reference": ""},
    )
    assert response.status_code == 200
    assert "nel futuro" in response.content.decode()
    # a year no register holds is refused by the form's bounds, before the service
    response = client.post(
        reverse("members:action", args=[org.slug, membership.pk, "pay"]),
        {"pay-amount": "10", "pay-date": "31/12/9999", "pay-reference": ""},
    )
    assert response.status_code == 200
    assert "La data deve essere compresa tra" in response.content.decode()
    assert not membership.share_transactions.filter(kind=ShareTransactionKind.PAYMENT).exists()


# --- reversals -----------------------------------------------------------------------------


def test_a_wrong_payment_is_reversed_by_a_new_line_and_the_original_stays(org, admin_user):
    # given a member who paid 50 by mistake (their share is 25)
    membership = member(org, shares=2, paid=Decimal("0"))
    wrong = services.shares_pay(
        actor=admin_user, membership=membership, amount=Decimal("50"), date=dt.date(2025, 3, 1)
    )
    # when the line is reversed
    storno = services.shares_reverse(
        actor=admin_user, line=wrong, date=dt.date(2025, 3, 5), reason="Importo sbagliato"
    )
    # then a reversal line with the opposite amounts points to it, the original is unchanged
    assert (storno.kind, storno.paid_delta, storno.reverses_id) == (
        ShareTransactionKind.REVERSAL,
        Decimal("-50.00"),
        wrong.pk,
    )
    wrong.refresh_from_db()
    assert wrong.paid_delta == Decimal("50.00")
    membership.share_account.refresh_from_db()
    assert membership.share_account.paid == Decimal("0")
    assert AuditEntry.objects.filter(action="members.shares.storno").count() == 1
    # and the line cannot be reversed twice, nor the reversal itself
    with pytest.raises(ValidationError, match="già stata stornata"):
        services.shares_reverse(actor=admin_user, line=wrong, date=dt.date(2025, 3, 6), reason="x")
    with pytest.raises(ValidationError, match="non si storna"):
        services.shares_reverse(actor=admin_user, line=storno, date=dt.date(2025, 3, 6), reason="x")


def test_a_subscription_with_payments_asks_to_reverse_the_payments_first(org, admin_user):
    membership = member(org, shares=2)
    subscription = membership.share_transactions.get(kind=ShareTransactionKind.SUBSCRIPTION)
    with pytest.raises(ValidationError, match="Storna prima i versamenti"):
        services.shares_reverse(
            actor=admin_user, line=subscription, date=dt.date(2025, 3, 6), reason="Doppia"
        )


def test_the_database_links_each_reversal_to_one_line(org):
    membership = member(org, shares=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareTransaction.objects.create(
            organization=org,
            membership=membership,
            kind=ShareTransactionKind.REVERSAL,
            date=dt.date(2025, 1, 1),
        )


def test_the_ledger_line_offers_a_reversal_that_says_what_it_will_record(client, org, admin_user):
    # given a member with a wrong payment of 30
    membership = member(org, shares=2, paid=Decimal("0"))
    wrong = services.shares_pay(
        actor=admin_user, membership=membership, amount=Decimal("30"), date=dt.date(2025, 3, 1)
    )
    client.force_login(admin_user)
    detail = client.get(reverse("members:detail", args=[org.slug, membership.pk]))
    reverse_url = reverse("members:ledger_reverse", args=[org.slug, membership.pk, wrong.pk])
    # then the ledger line has its button
    assert reverse_url in detail.content.decode()
    # when it is followed, the page names the line and the opposite amounts before asking
    page = client.get(reverse_url).content.decode()
    assert "Versamento" in page
    assert "01/03/2025" in page
    assert "-30.00" in page or "-30,00" in page
    assert ShareTransaction.objects.filter(kind=ShareTransactionKind.REVERSAL).count() == 0
    # and confirming records the reversal once
    response = client.post(reverse_url, {"date": "05/03/2025", "reason": "Bonifico non arrivato"})
    assert response.status_code == 302
    storno = ShareTransaction.objects.get(kind=ShareTransactionKind.REVERSAL)
    assert (storno.reverses_id, storno.note) == (wrong.pk, "Bonifico non arrivato")
    detail = client.get(reverse("members:detail", args=[org.slug, membership.pk])).content
    assert "stornata il 05/03/2025" in detail.decode()


@pytest.mark.parametrize("persona", ["outsider", "coordinator"])
def test_only_who_writes_shares_may_reverse_and_outsiders_get_404(
    client, request, org, admin_user, persona
):
    membership = member(org, shares=1)
    line = membership.share_transactions.get(kind=ShareTransactionKind.SUBSCRIPTION)
    client.force_login(request.getfixturevalue(persona))
    reverse_url = reverse("members:ledger_reverse", args=[org.slug, membership.pk, line.pk])
    assert client.get(reverse_url).status_code == 404
    assert client.post(reverse_url, {"date": "05/03/2025", "reason": "x"}).status_code == 404
    assert not ShareTransaction.objects.filter(kind=ShareTransactionKind.REVERSAL).exists()


def test_a_reversed_ristorno_does_not_count_against_the_holding_cap(org, admin_user):
    # given a member whose capitalised ristorno was reversed (ristorni are outside the cap)
    membership = member(org, shares=4)
    ristorno = services.shares_capitalise_ristorno(
        actor=admin_user,
        membership=membership,
        amount=Decimal("5000"),
        date=dt.date(2025, 3, 1),
        reference="Assemblea 2025",
    )
    services.shares_reverse(
        actor=admin_user, line=ristorno, date=dt.date(2025, 3, 2), reason="Importo sbagliato"
    )
    # when they subscribe up to the cap
    cap_shares = (Decimal("143800") - Decimal("100")) / Decimal("25")
    services.shares_subscribe(
        actor=admin_user, membership=membership, shares=int(cap_shares), date=dt.date(2025, 3, 3)
    )
    # then one more share is refused: the reversal did not make room under the cap
    with pytest.raises(ValidationError, match="R-CC-2525"):
        services.shares_subscribe(
            actor=admin_user, membership=membership, shares=1, date=dt.date(2025, 3, 3)
        )
