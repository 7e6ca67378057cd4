"""Receivables: sums by customer and DSO (the formula of docs/contracts.md), the overdue list
and its export, the payment and reversal pages (asked once), the consortium's aggregates of
its members only, outsiders, and a query count that does not grow with invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopnet.contracts import selectors, services
from coopnet.contracts.models import Payment
from coopnet.core.tests.factories import RoleAssignmentFactory

from .conftest import ISSUED_ON, affiliate, billed, draft, issued, pay

pytestmark = pytest.mark.django_db
TODAY = ISSUED_ON + dt.timedelta(days=90)  # 2/8/2026; due dates are 3/6/2026 (30 days)


def url(name, org, *args):
    return reverse(f"contracts:{name}", args=(org.slug, *args))


def test_sums_by_customer_with_the_weighted_days_outstanding(org, comune, client_coop):
    billed(org, comune, client_coop)
    # given two invoices of 860 (without VAT: split payment) to the comune, one paid in full
    # 28 days after its date, the other with 400 paid after 60 days
    first, second = issued(org, comune), issued(org, comune)
    pay(first, "860", date=ISSUED_ON + dt.timedelta(days=28))
    pay(second, "400", date=ISSUED_ON + dt.timedelta(days=60))
    # and an invoice of 903 to a private customer, credited in full the same day
    private = issued(org, client_coop, cig="")
    services.invoice_issue(
        actor=None, invoice=services.invoice_credit_note(actor=None, invoice=private), on=ISSUED_ON
    )

    rows = {r.customer.pk: r for r in selectors.receivables(org, TODAY)}

    body = rows[comune.pk]
    assert (body.invoices, body.invoiced, body.paid, body.credited) == (
        2,
        Decimal("1720.00"),
        Decimal("1260.00"),
        Decimal(0),
    )
    assert (body.outstanding, body.overdue) == (Decimal("460.00"), Decimal("460.00"))
    # (860 x 28 + 400 x 60 + 460 x 90) / 1720 = 89480 / 1720 = 52.02
    assert body.dso == 52
    other = rows[client_coop.pk]
    assert (other.invoiced, other.credited, other.outstanding, other.overdue, other.dso) == (
        Decimal("903.00"),
        Decimal("903.00"),
        Decimal(0),
        Decimal(0),
        0,
    )


def test_a_reversed_payment_and_a_draft_do_not_count(org, comune):
    invoice = issued(org, comune)
    services.payment_reverse(actor=None, payment=pay(invoice, "860"), reason="errore")
    draft(org, comune)
    [row] = selectors.receivables(org, TODAY)
    assert (row.invoices, row.paid, row.outstanding) == (1, Decimal(0), Decimal("860.00"))


def test_the_overdue_list_has_the_unpaid_part_days_late_and_interest(org, comune, client_coop):
    billed(org, comune, client_coop)
    invoice = issued(org, comune)
    pay(invoice, "360", date=dt.date(2026, 6, 13))
    not_due = issued(org, client_coop, on=TODAY - dt.timedelta(days=5), cig="")
    # 4/6 to 13/6: 10 days on 860, then 14/6 to 30/6: 17 days on 500 at 2.15 + 8 = 10.15 %
    # (860 x 10 + 500 x 17) x 10.15% / 365 = 4.755; from 1/7/2026 the rate is not known
    [row] = selectors.overdue(org, TODAY)
    assert row.invoice == invoice
    assert row.invoice != not_due
    assert (row.unpaid, row.interest.days_late) == (Decimal("500.00"), 60)
    assert row.interest.amount == Decimal("4.76")
    assert row.interest.unknown_from == dt.date(2026, 7, 1)
    assert row.until == dt.date(2026, 6, 30)


def test_payment_asked_once_then_recorded(client, admin_user, org, comune):
    invoice = issued(org, comune)
    client.force_login(admin_user)
    page = client.get(url("invoice", org, invoice.pk))
    assert b"Registra un incasso" in page.content
    form = {"date": "2026-06-01", "amount": "500", "cig": "", "reference": "TRN1", "note": ""}
    # the first post shows what will be recorded and records nothing
    asked = client.post(url("payment_create", org, invoice.pk), form)
    assert asked.status_code == 200
    assert b"Conferma e registra" in asked.content
    assert not Payment.objects.exists()
    # confirmed: recorded with the invoice's CIG
    done = client.post(url("payment_create", org, invoice.pk), {**form, "confirmed": "1"})
    assert done.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount, payment.cig, payment.reference) == (
        Decimal("500.00"),
        "000000000A",
        "TRN1",
    )


def test_a_refused_payment_comes_back_with_the_field(client, admin_user, org, comune):
    invoice = issued(org, comune)
    client.force_login(admin_user)
    form = {"date": "2026-06-01", "amount": "500", "cig": "999999999Z", "confirmed": "1"}
    page = client.post(url("payment_create", org, invoice.pk), form)
    assert page.status_code == 200
    assert page.context["form"].errors["cig"]
    too_much = client.post(
        url("payment_create", org, invoice.pk), {**form, "cig": "", "amount": "9999"}
    )
    assert too_much.context["form"].errors["amount"]
    bad = client.post(url("payment_create", org, invoice.pk), {**form, "amount": "abc"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["amount"]
    assert not Payment.objects.exists()


def test_reversal_page_asks_then_reverses(client, admin_user, org, comune):
    invoice = issued(org, comune)
    payment = pay(invoice, "100")
    client.force_login(admin_user)
    target = url("payment_reverse", org, invoice.pk, payment.pk)
    assert b"resta nello storico" in client.get(target).content
    assert client.post(target, {"reason": ""}).status_code == 200
    assert client.post(target, {"reason": "bonifico di un'altra fattura"}).status_code == 302
    payment.refresh_from_db()
    assert payment.reversal_reason == "bonifico di un'altra fattura"
    assert client.get(target).status_code == 404  # already reversed


def test_outsiders_get_404(client, org, other_org, comune):
    invoice = issued(org, comune)
    payment = pay(invoice, "100")
    client.force_login(RoleAssignmentFactory(organization=other_org, role="coop_admin").user)
    for target in [
        url("receivables", org),
        url("payment_create", org, invoice.pk),
        url("payment_reverse", org, invoice.pk, payment.pk),
        url("payment_create", other_org, invoice.pk),  # another tenant's invoice by its id
        url("network_receivables", other_org),  # a cooperative has no members' page
    ]:
        assert client.get(target).status_code == 404, target
        assert client.post(target, {"reason": "x", "amount": "1"}).status_code == 404, target
    assert Payment.objects.filter(reversed_at__isnull=True).count() == 1


def test_the_consortium_sees_sums_of_its_members_only(
    client, staff, consortium, org, other_org, comune
):
    # given a member (org) and a cooperative that is not a member (other_org), both
    # invoicing the comune
    affiliate(org, consortium)
    member_invoice = issued(org, comune)
    pay(member_invoice, "100")
    issued(other_org, comune)
    issued(other_org, comune)
    client.force_login(staff)

    page = client.get(url("network_receivables", consortium))

    assert page.status_code == 200
    [row] = page.context["rows"]
    assert (row.customer, row.organizations, row.invoices, row.invoiced, row.paid) == (
        comune,
        1,
        1,
        Decimal("860.00"),
        Decimal("100.00"),
    )
    # aggregates only: no link to a member's invoice
    assert url("invoice", org, member_invoice.pk).encode() not in page.content
    assert b"860,00" in page.content


def test_the_export_has_the_overdue_list(client, admin_user, org, comune):
    issued(org, comune, on=dt.date(2025, 1, 2))
    client.force_login(admin_user)
    response = client.get(url("receivables", org) + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "Interessi di mora (informativi)" in text
    assert "000000000A" in text


def _page_queries(client, target):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["receivables", "network_receivables"])
def test_the_pages_read_a_fixed_number_of_queries(
    client, django_assert_num_queries, staff, consortium, org, other_org, comune, page
):
    # given one overdue invoice with a payment, for the cooperative and for a member
    affiliate(org, consortium)
    affiliate(other_org, consortium)
    pay(issued(org, comune), "10")
    viewer = staff if page == "network_receivables" else None
    if viewer is None:
        viewer = RoleAssignmentFactory(organization=org, role="coop_admin").user
    client.force_login(viewer)
    target = url(page, consortium if page == "network_receivables" else org)
    one = _page_queries(client, target)
    # when there are many more invoices, customers, payments and a second member
    billed(other_org, comune)
    for _ in range(4):
        pay(issued(org, comune), "10")
        pay(issued(other_org, comune), "20")
    # then the page reads as many queries as before
    with django_assert_num_queries(one):
        assert client.get(target).status_code == 200
