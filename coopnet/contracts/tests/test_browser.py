"""Browser test of the chain a cooperative's office walks, from a tender to an issued invoice
(Playwright, Debian's chromium, on a phone).

Run with ``pytest -m browser``. The database is written only in the fixture, before the
browser starts; everything after is done and checked through the pages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopnet.contracts import services
from coopnet.core.models import Organization, OrganizationKind, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "ufficio.gare@ontano.example"
CIG = "9A1B2C3D4E"


@dataclass(frozen=True)
class Office:
    slug: str
    authority_pk: int


@pytest.fixture
def office() -> Office:
    """A type A cooperative with its billing data and a municipality's, and its office."""
    coop = Organization.objects.create(
        kind=OrganizationKind.SOCIAL_COOP_A,
        slug="ontano",
        short_name="L'Ontano",
        legal_name="L'Ontano cooperativa sociale",
        partita_iva="02345678901",
    )
    comune = Organization.objects.create(
        kind=OrganizationKind.PUBLIC_BODY,
        slug="comune-di-pievepelago",
        short_name="Comune di Pievepelago",
        legal_name="Comune di Pievepelago",
        codice_fiscale="80012345678",
    )
    address = {"street": "Via Roma 1", "postcode": "41027", "city": "Pievepelago"}
    for party, code in ((coop, ""), (comune, "UFK2QX")):
        services.billing_profile_save(
            actor=None,
            organization=coop,
            party=party,
            data={**address, "province": "MO", "recipient_code": code},
        )
    user = User.objects.create_user(EMAIL, PASSWORD, full_name="Ilaria Gare")
    role_grant(actor=None, organization=coop, user=user, role=Role.COOP_ADMIN)
    return Office(coop.slug, comune.pk)


def _submit(page: Page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_from_tender_to_an_issued_invoice_on_a_phone(office: Office, new_page) -> None:
    page: Page = new_page(**PHONE)
    today = timezone.localdate()
    base = f"/o/{office.slug}/contracts/"
    # given the cooperative's office, logged in on a phone
    sign_in(page, EMAIL)

    # when it records a reserved tender of the municipality with one lot
    page.goto(f"{base}tenders/new/")
    page.select_option("#id_authority", str(office.authority_pk))
    page.fill("#id_title", "Assistenza domiciliare anziani")
    page.select_option("#id_procedure", "reserved")
    page.fill("#id_published_on", (today - dt.timedelta(days=40)).isoformat())
    page.fill("#id_bid_deadline", (today - dt.timedelta(days=10)).isoformat())
    _submit(page, "Salva")
    expect(page.locator("h1")).to_have_text("Assistenza domiciliare anziani")
    page.get_by_role("link", name="Aggiungi un lotto").click()
    page.fill("#id_number", "1")
    page.fill("#id_cig", CIG.lower())
    page.fill("#id_base_value", "120000")
    _submit(page, "Salva")
    # then the lot is listed with its CIG in capitals
    expect(page.get_by_test_id("lots")).to_contain_text(CIG)

    # when it bids alone on the lot, and the bid is awarded (the page says what that means)
    page.get_by_role("link", name="Nuova offerta").click()
    page.select_option("#id_form", "alone")
    page.fill("#id_bid_date", (today - dt.timedelta(days=12)).isoformat())
    page.fill("#id_amount", "118000")
    page.get_by_label(re.compile(CIG)).check()
    _submit(page, "Registra l'offerta")
    page.get_by_role("link", name="Registra l'esito").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("non si può cambiare")
    page.select_option("#id_outcome", "awarded")
    page.fill("#id_outcome_on", (today - dt.timedelta(days=5)).isoformat())
    _submit(page, "Conferma l'esito")

    # and records the contract with its dedicated account
    page.get_by_role("link", name="Registra il contratto").click()
    page.fill("#id_start_date", (today - dt.timedelta(days=3)).isoformat())
    page.fill("#id_end_date", (today + dt.timedelta(days=362)).isoformat())
    page.fill("#id_iban", "it60 x054 2811 1010 0000 0123 456")
    _submit(page, "Salva")
    expect(page.locator("main")).to_contain_text("IT60X0542811101000000123456")

    # when it drafts an invoice on the contract, first with a line whose VAT is missing
    page.goto(f"{base}invoices/new/")
    page.select_option("#id_customer", str(office.authority_pk))
    page.select_option("#id_contract", index=1)
    page.fill("#id_cig", CIG)
    page.fill("#id_lines-0-description", "Assistenza domiciliare · novembre")
    page.fill("#id_lines-0-quantity", "120")
    page.fill("#id_lines-0-unit_price", "21.50")
    _submit(page, "Salva la bozza")
    # then the line's field says what is missing, and nothing is saved
    expect(page.locator(".has-error").first).to_contain_text("Obbligatorio")
    page.select_option("#id_lines-0-vat", "N4")
    _submit(page, "Salva la bozza")
    expect(page.get_by_test_id("invoice")).to_contain_text("Bozza")

    # when it issues the draft (the page lists the consequences, and asks once)
    page.get_by_role("link", name="Emetti").click()
    expect(page.get_by_test_id("consequences")).to_contain_text("numero successivo")
    _submit(page, "Conferma ed emetti")

    # then the invoice has its number, the stamp duty, and a FatturaPA file named by the rule
    invoice = page.get_by_test_id("invoice")
    expect(invoice).to_contain_text("Emessa")
    expect(invoice).to_contain_text("2,00")
    expect(invoice).to_contain_text(re.compile(r"IT02345678901_\w{5}\.xml"))
    expect(page.get_by_test_id("lines")).to_contain_text("2.580,00")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\.xml$")).click()
    assert download.value.suggested_filename.startswith("IT02345678901_")
