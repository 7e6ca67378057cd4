"""Browser test of the social report: on a 360 px phone, the office opens the report, writes a
section, sees the completeness change and downloads the PDF/A.

Run with ``pytest -m browser``. As in coopnet/core/tests/test_browser.py, Playwright starts
Debian's /usr/bin/chromium against the live server, and all database work happens in the
fixtures before the browser starts (Django refuses ORM calls inside Playwright's event loop).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coopnet.core.models import Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, log_in
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.reporting import services

from .fixtures import YEAR, workers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLUG = "la-rosa"
OFFICE = "ufficio@la-rosa.example"


@pytest.fixture
def report_pk() -> int:
    """A cooperative with its staff's figures computed and a report with no text yet."""
    org = OrganizationFactory.create(slug=SLUG, short_name="La Rosa")
    user = User.objects.create_user(OFFICE, PASSWORD, full_name="Olga Ufficio")
    role_grant(actor=None, organization=org, user=user, role=Role.COOP_ADMIN)
    workers(org)
    services.indicators_compute(actor=None, organization=org, year=YEAR)
    return services.report_create(actor=None, organization=org, year=YEAR).pk


@pytest.fixture
def phone(report_pk, new_page) -> Page:
    return new_page(**PHONE, accept_downloads=True)


def test_the_office_writes_a_section_and_exports_the_pdf_on_a_phone(
    phone: Page, report_pk: int, tmp_path: Path
) -> None:
    # given the office on the report, where no section is complete yet
    log_in(phone, OFFICE)
    phone.goto(f"/o/{SLUG}/reporting/reports/{report_pk}/")
    expect(phone.locator("[data-testid=completeness]")).to_contain_text("Sezioni complete: 0 di 8")
    # and the staff's charts are drawn on the page, each with its table
    expect(phone.locator("[data-testid=chart-s4-workers_by_age] svg")).to_be_visible()
    assert int(phone.evaluate("document.documentElement.scrollWidth")) <= 360
    # when they write the methodology
    with phone.expect_navigation():
        phone.locator("section", has=phone.locator("#section-1")).get_by_role(
            "link", name="Scrivi la sezione"
        ).click()
    phone.fill("#id_text", "Il bilancio segue le linee guida del DM 4 luglio 2019.")
    with phone.expect_navigation():
        phone.click("form.card button[type=submit]")
    # then section 1 is complete and the count says so
    expect(phone.locator(".messages")).to_contain_text("Sezione salvata")
    expect(phone.locator("[data-testid=completeness]")).to_contain_text("Sezioni complete: 1 di 8")
    card = phone.locator("section", has=phone.locator("#section-1"))
    expect(card.locator(".badge")).to_have_text("completa")
    # when they export the PDF
    with phone.expect_download() as download:
        phone.click("[data-testid=report-pdf]")
    # then a PDF/A of this version arrives
    assert download.value.suggested_filename == f"bilancio-sociale-la-rosa-{YEAR}-v1.pdf"
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF-")
    assert int(phone.evaluate("document.documentElement.scrollWidth")) <= 360
