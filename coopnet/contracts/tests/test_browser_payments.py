"""Browser test of payments on a 360 px phone: the administrator records a payment from the
invoice page (asked once) and reads the receivables page, which fits the phone.

Run with ``pytest -m browser``; all database work happens in the fixture, before the browser
starts (Django refuses ORM calls inside Playwright's event loop)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from coopnet.core.models import Comune, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, sign_in

from .conftest import issued

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADMIN = "amministrazione@ginestra.example"
SHOTS = os.environ.get("COOPNET_SCREENSHOTS")  # a folder: keep the screenshots to look at


@pytest.fixture
def invoice_url(org, comune) -> str:
    """An invoice of 860 (without VAT: split payment) issued to the comune in May 2026."""
    assert Comune.objects.count() > 7000  # the serialized rollback restored the seed data
    user = User.objects.create_user(ADMIN, PASSWORD, full_name="Anna Amministra")
    role_grant(actor=None, organization=org, user=user, role=Role.COOP_ADMIN)
    invoice = issued(org, comune)
    return f"/o/{org.slug}/contracts/invoices/{invoice.pk}/"


def _fits(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= 360


def test_a_payment_recorded_on_a_phone(invoice_url: str, new_page) -> None:
    phone = new_page(**PHONE)
    sign_in(phone, ADMIN)
    # given the invoice page, with what is still to be paid
    phone.goto(invoice_url)
    expect(phone.locator("[data-testid=invoice]")).to_contain_text("residuo 860,00 €")
    _fits(phone, "invoice")
    # when a payment of 500 is entered, then confirmed once
    phone.fill("#id_amount", "500")
    phone.fill("#id_date", "2026-06-01")
    phone.fill("#id_reference", "TRN0001")
    with phone.expect_navigation():
        phone.click("text=Continua")
    expect(phone.locator("[data-testid=consequences]")).to_contain_text("500,00 €")
    _fits(phone, "confirm")
    with phone.expect_navigation():
        phone.click("text=Conferma e registra")
    # then the invoice lists it and 360 remain
    expect(phone.locator(".messages")).to_contain_text("Incasso registrato")
    expect(phone.locator("[data-testid=payments]")).to_contain_text("TRN0001")
    expect(phone.locator("[data-testid=invoice]")).to_contain_text("residuo 360,00 €")
    # and the receivables page says it per customer, past due, with interest as information
    phone.click("text=Crediti")
    expect(phone.locator("[data-testid=receivables]")).to_contain_text("360,00 €")
    expect(phone.locator("[data-testid=overdue]")).to_contain_text("Comune di Prova")
    _fits(phone, "receivables")
