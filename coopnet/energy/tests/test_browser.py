"""Browser test of the energy community's office on a phone (Playwright, Debian's chromium):
the community's files uploaded one by one, a day settled, a member's statement opened.

Run with ``pytest -m browser``. The database is written only in the fixture, before the
browser starts; everything after is done and checked through the pages. The test server
runs jobs with the immediate task backend, so each confirmed import is done when its page
answers. The figures are the hand-computed DST day of test_settle.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from coopnet.core.models import Organization, OrganizationKind, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, sign_in

from .conftest import (
    CONFIGURATIONS,
    MEMBERS,
    METER_HEADER,
    PLANTS,
    PRICE_HEADER,
    meter_lines,
    price_lines,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "ufficio@sole-comune.example"
# In the order the upload page asks for them: the register, then prices, then readings
FILES = [
    ("Configurazioni", "configurazioni.csv", CONFIGURATIONS),
    ("Membri e punti di prelievo", "membri.csv", MEMBERS),
    ("Impianti", "impianti.csv", PLANTS),
    ("Prezzi zonali", "prezzi.csv", PRICE_HEADER + "\n".join(price_lines()) + "\n"),
    ("Letture dei contatori", "letture.csv", METER_HEADER + "\n".join(meter_lines()) + "\n"),
]


@pytest.fixture
def community(media) -> str:
    """A community cooperative constituted in 2025, with nothing registered, and its office."""
    coop = Organization.objects.create(
        kind=OrganizationKind.COMMUNITY_COOP,
        slug="sole-comune",
        short_name="Sole Comune",
        legal_name="Sole Comune cooperativa di comunità",
        founded_on=dt.date(2025, 1, 1),
    )
    user = User.objects.create_user(EMAIL, PASSWORD, full_name="Anna Ufficio")
    role_grant(actor=None, organization=coop, user=user, role=Role.COOP_ADMIN)
    return coop.slug


def _submit(page: Page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_import_settle_and_open_a_member_statement_on_a_phone(community: str, new_page) -> None:
    base = f"/o/{community}/energy/"
    # given the office of the community, logged in on a phone
    page: Page = new_page(**PHONE)
    sign_in(page, EMAIL)

    # when it uploads each file, reads the check and confirms the import
    for label, name, text in FILES:
        page.goto(f"{base}import/")
        _no_sideways_scroll(page)
        page.get_by_label("Contenuto del file").select_option(label=label)
        page.get_by_label("File CSV").set_input_files(
            {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
        )
        _submit(page, "Controlla il file")
        report = page.get_by_test_id("import-report")
        expect(report).to_contain_text("Risultato del controllo")
        expect(report).to_contain_text(name)
        _no_sideways_scroll(page)
        _submit(page, "Conferma importazione")
        expect(report).to_contain_text("Importazione completata")

    # then the community lists its configuration and its plant
    page.goto(base)
    expect(page.get_by_test_id("configurations")).to_contain_text("CP-NORD")
    expect(page.get_by_test_id("plants")).to_contain_text("150 kW")

    # when it settles the day of the spring change
    page.get_by_role("link", name="Calcola una ripartizione").click()
    page.locator("#id_first_day").fill("2026-03-29")
    page.locator("#id_last_day").fill("2026-03-29")
    _submit(page, "Calcola")

    # then the settlement is final, with the premium and the members
    expect(page.get_by_role("heading", level=1)).to_contain_text("29/03/2026")
    expect(page.get_by_text("Definitiva: ogni ora")).to_be_visible()
    expect(page.locator("main")).to_contain_text("0,44")
    _no_sideways_scroll(page)

    # when it opens the statement of Mario Rossi, a natural person
    with page.expect_navigation():
        page.get_by_test_id("members").get_by_role("link", name="Mario Rossi").click()

    # then the statement has his energy, his shares, the total and the chart of his day
    statement = page.get_by_test_id("statement")
    expect(statement).to_contain_text("13,500 kWh")  # withdrawn
    expect(statement).to_contain_text("1,667 kWh")  # his part of the 4 kWh shared
    expect(statement).to_contain_text("4,000 kWh condivisi")
    expect(statement).to_contain_text("0,21")  # premium
    expect(statement).to_contain_text("0,23")  # total
    expect(page.locator("main svg")).to_have_count(1)
    expect(page.get_by_role("link", name="Scarica il PDF")).to_be_visible()
    _no_sideways_scroll(page)
