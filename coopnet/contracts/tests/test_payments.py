"""Payments against invoices and late-payment interest: the rule tables (interest by semester
across a boundary, a leap year, partial payments), refusals with their field, reversal, and
two payments at the same moment (PostgreSQL: truly overlapping transactions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.contracts import services
from coopnet.contracts.interest import late_interest
from coopnet.contracts.models import Invoice, Payment
from coopnet.contracts.selectors import late_interest_rate
from coopnet.contracts.services import payments as payment_services
from coopnet.core.audit import AuditEntry
from coopnet.core.tests.concurrency import Overlap, run_together

from .conftest import PAID_ON, billed, draft, issued, pay

DAY = dt.date(2026, 5, 4)  # split payment is a known rule on this day


# --- late-payment interest (D.Lgs. 231/2002 art. 5), rates from the parameter table ---------

D = dt.date
INTEREST_CASES = [
    # amount, due, payments, until, expected interest, days late
    # 10 days at 3.15 + 8 = 11.15 % (first half of 2025), then 10 at 2.15 + 8 = 10.15 %:
    # 1000 x 11.15% x 10/365 + 1000 x 10.15% x 10/365 = 3.0548 + 2.7808
    ("1000", D(2025, 6, 20), [], D(2025, 7, 10), "5.84", 20),
    # 2024 is a leap year: 21/2 to 1/3 is 10 days, at 4.50 + 8 = 12.50 %, over 366 days
    # (10000 x 12.5% x 10/366 = 34.153; over 365 it would be 34.25)
    ("10000", D(2024, 2, 20), [], D(2024, 3, 1), "34.15", 10),
    # a partial payment of 400 on 10/2: 1000 for 10 days, then 600 for 10 days, at 11.15 %
    ("1000", D(2025, 1, 31), [(D(2025, 2, 10), "400")], D(2025, 2, 20), "4.89", 20),
    # across the year: 5 days of 2024 at 4.25 + 8 (over 366), 5 of 2025 at 11.15 % (over 365)
    ("1000", D(2024, 12, 26), [], D(2025, 1, 5), "3.20", 10),
    # paid in full 3 days late: interest stops on the day of payment
    ("1000", D(2025, 3, 1), [(D(2025, 3, 4), "1000")], D(2025, 4, 1), "0.92", 31),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "due", "paid", "until", "expected", "days"), INTEREST_CASES)
def test_late_interest_by_semester_rate(amount, due, paid, until, expected, days):
    interest = late_interest(
        amount_due=Decimal(amount),
        due_date=due,
        settlements=[(d, Decimal(a)) for d, a in paid],
        until=until,
        rate=late_interest_rate(),
    )
    assert (interest.amount, interest.days_late, interest.unknown_from) == (
        Decimal(expected),
        days,
        None,
    )


@pytest.mark.django_db
def test_interest_stops_where_the_semester_rate_is_not_known():
    # 26-30/6/2026 at 2.15 + 8 %; the rate from 1/7/2026 is not in the table
    interest = late_interest(
        amount_due=Decimal(1000),
        due_date=dt.date(2026, 6, 25),
        settlements=[],
        until=dt.date(2026, 7, 5),
        rate=late_interest_rate(),
    )
    assert (interest.amount, interest.unknown_from) == (Decimal("1.39"), dt.date(2026, 7, 1))


@pytest.mark.django_db
def test_the_rate_is_the_reference_of_the_semester_plus_eight_points():
    rate = late_interest_rate()
    assert [rate(dt.date(y, m, 15)) for y, m in [(2024, 3), (2024, 9), (2025, 2), (2025, 8)]] == [
        Decimal("12.50"),
        Decimal("12.25"),
        Decimal("11.15"),
        Decimal("10.15"),
    ]
    assert rate(dt.date(2023, 12, 31)) is None


# --- amounts and due dates set at issue ------------------------------------------------------


@pytest.mark.django_db
def test_issue_sets_the_amount_due_without_vat_under_split_payment(org, comune, client_coop):
    billed(org, comune, client_coop)
    # 40 x 21.50 = 860 at 5 %: VAT 43.00
    public = issued(org, comune)
    assert (public.split_payment, public.total, public.amount_due) == (
        True,
        Decimal("903.00"),
        Decimal("860.00"),
    )
    assert public.due_date == DAY + dt.timedelta(days=30)  # pp.payment_days, no contract
    private = issued(org, client_coop, cig="")
    assert (private.total, private.amount_due) == (Decimal("903.00"), Decimal("903.00"))


# --- recording payments ----------------------------------------------------------------------


@pytest.mark.django_db
def test_partial_payments_up_to_the_amount_due_then_refused(org, comune):
    invoice = issued(org, comune)
    pay(invoice, "500")
    pay(invoice, "300", reference="TRN123")
    with pytest.raises(ValidationError) as error:
        pay(invoice, "60.01")  # 860 - 800 = 60 still open
    assert "supera quanto resta" in error.value.message_dict["amount"][0]
    last = pay(invoice, "60")
    assert last.cig == "000000000A"  # the invoice's CIG by default
    assert services.settled(invoice) == Decimal("860.00")


@pytest.mark.django_db
def test_split_payment_refuses_the_vat_part(org, comune):
    invoice = issued(org, comune)
    with pytest.raises(ValidationError) as error:
        pay(invoice, "903")
    assert "amount" in error.value.message_dict


@pytest.mark.django_db
def test_a_cig_other_than_the_invoices_is_refused(org, comune):
    invoice = issued(org, comune)
    with pytest.raises(ValidationError) as error:
        pay(invoice, "100", cig="999999999Z")
    assert "non è quello della fattura" in error.value.message_dict["cig"][0]
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_draft_a_rejected_invoice_and_a_credit_note_take_no_payment(org, comune):
    billed(org, comune)
    with pytest.raises(ValidationError) as error:
        pay(draft(org, comune), "10")
    assert "bozza" in error.value.message_dict["invoice"][0]
    invoice = services.invoice_issue(actor=None, invoice=draft(org, comune), on=DAY)
    Invoice.objects.filter(pk=invoice.pk).update(state="rejected")
    with pytest.raises(ValidationError) as error:
        pay(invoice, "10")
    assert "scartata" in error.value.message_dict["invoice"][0]
    Invoice.objects.filter(pk=invoice.pk).update(state="issued")
    note = services.invoice_issue(
        actor=None, invoice=services.invoice_credit_note(actor=None, invoice=invoice), on=DAY
    )
    with pytest.raises(ValidationError) as error:
        pay(note, "10")
    assert "nota di credito" in error.value.message_dict["invoice"][0]
    # the credit note settles the whole invoice: nothing left to pay
    with pytest.raises(ValidationError) as error:
        pay(invoice, "1")
    assert "amount" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "day", "field"),
    [("0", PAID_ON, "amount"), ("-5", PAID_ON, "amount"), ("5", dt.date(2026, 5, 3), "date")],
)
def test_bad_amounts_and_dates_name_the_field(org, comune, amount, day, field):
    invoice = issued(org, comune)
    with pytest.raises(ValidationError) as error:
        pay(invoice, amount, date=day)
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_a_payment_in_the_future_is_refused(org, comune):
    invoice = issued(org, comune)
    with pytest.raises(ValidationError) as error:
        pay(invoice, "5", date=dt.date(2100, 1, 1))
    assert "futuro" in error.value.message_dict["date"][0]


@pytest.mark.django_db
def test_a_reversed_payment_stays_audited_and_no_longer_counts(org, comune, admin_user):
    invoice = issued(org, comune)
    payment = pay(invoice, "860")
    with pytest.raises(ValidationError):
        services.payment_reverse(actor=admin_user, payment=payment, reason="  ")
    reversed_ = services.payment_reverse(
        actor=admin_user, payment=payment, reason="Bonifico di un'altra fattura"
    )
    assert reversed_.reversed_by == admin_user
    assert reversed_.reversed_at is not None
    assert Payment.objects.filter(pk=payment.pk).exists()
    assert services.settled(invoice) == Decimal(0)
    with pytest.raises(ValidationError):
        services.payment_reverse(actor=admin_user, payment=payment, reason="di nuovo")
    codes = list(
        AuditEntry.objects.filter(action__startswith="contracts.payment").values_list(
            "action", flat=True
        )
    )
    assert sorted(codes) == ["contracts.payment.create", "contracts.payment.reverse"]
    pay(invoice, "860")  # the amount is open again


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_payments_never_pay_more_than_is_due(org, comune, monkeypatch):
    # given an invoice of 860 to pay
    invoice = issued(org, comune)
    monkeypatch.setattr(payment_services, "settled", Overlap()(payment_services.settled))

    # when two payments of 500 are recorded at the same moment
    results = run_together(lambda: pay(invoice, "500"), lambda: pay(invoice, "500"))

    # then one is recorded, the other refused with the reason
    assert sorted(status for status, _value in results) == ["error", "ok"], results
    error = next(value for status, value in results if status == "error")
    assert isinstance(error, ValidationError)
    assert "amount" in error.message_dict
    assert Payment.objects.filter(invoice=invoice).count() == 1
