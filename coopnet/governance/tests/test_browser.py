"""Browser test of an assembly, from the notice to the minutes (Playwright, Debian's chromium).

Run with ``pytest -m browser``. All database work happens in the fixture, before the browser
starts (Playwright's sync API runs an event loop in this thread and Django refuses ORM calls
inside one); everything after is checked through the pages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopnet.core.models import Organization, OrganizationKind, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, sign_in
from coopnet.members.tests.factories import member

from .factories import meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADMIN_EMAIL = "presidente@ginestra.example"


@dataclass(frozen=True)
class Assembly:
    slug: str
    pk: int
    numbers: list[int]


@pytest.fixture
def assembly() -> Assembly:
    """A cooperative with four members and a draft ordinary assembly a month from now."""
    org = Organization.objects.create(
        kind=OrganizationKind.SOCIAL_COOP_A,
        slug="ginestra",
        short_name="La Ginestra",
        legal_name="La Ginestra cooperativa sociale",
    )
    admin = User.objects.create_user(ADMIN_EMAIL, PASSWORD, full_name="Ada Presidente")
    role_grant(actor=None, organization=org, user=admin, role=Role.COOP_ADMIN)
    people = [member(org) for _ in range(4)]
    start = timezone.localtime() + dt.timedelta(days=30)
    first = start.replace(hour=18, minute=0, second=0, microsecond=0)
    draft = meeting(org, first_call_at=first, second_call_at=first + dt.timedelta(days=1))
    return Assembly(org.slug, draft.pk, [m.register_number or 0 for m in people])


@pytest.fixture
def page(assembly, new_page) -> Page:
    return new_page(accept_downloads=True)


def _submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def test_convene_check_in_proxy_vote_close_and_download_the_minutes(
    page: Page, assembly: Assembly, tmp_path: Path
) -> None:
    base = f"/o/{assembly.slug}/meetings/{assembly.pk}"
    one, two, three, _four = assembly.numbers
    # given the cooperative's administrator, logged in
    sign_in(page, ADMIN_EMAIL)

    # when they convene the assembly (the notice date is today: in time)
    page.goto(f"{base}/")
    _submit(page, "[data-testid=convene] form")
    # then they are told who gets the notice and confirm once
    expect(page.locator("[data-testid=convene-audience]")).to_contain_text("4 soci su 4")
    _submit(page, "[data-testid=convene-confirm] form")
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("Convocata")

    # and open the session from the chair's screen
    page.click("text=Presidenza: presenze e voti")
    page.fill("[data-testid=open-form] #id_chair_name", "Ada Presidente")
    page.fill("[data-testid=open-form] #id_secretary_name", "Bruno Segretario")
    _submit(page, "[data-testid=open-form]")
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("In corso")

    # and check in two members and record a proxy from a third to the first
    for number in (one, two):
        page.fill("[data-testid=checkin-form] #id_number", str(number))
        _submit(page, "[data-testid=checkin-form]")
    page.fill("[data-testid=proxy-form] #id_grantor", str(three))
    page.fill("[data-testid=proxy-form] #id_delegate", str(one))
    _submit(page, "[data-testid=proxy-form]")
    expect(page.locator(f"[data-testid=proxy-of-{three}]")).to_contain_text("delega a")
    # then the live quorum shows two in the room and one by proxy: 3 of 4 votes
    expect(page.locator("[data-testid=in-person]")).to_have_text("2")
    expect(page.locator("[data-testid=represented]")).to_have_text("1")
    expect(page.locator("[data-testid=quorum-status]")).to_contain_text("Quorum raggiunto")

    # when they vote the point by show of hands, member two against, and close the vote
    with page.expect_navigation():
        page.click("[data-testid=chair-agenda] >> text=Bilancio 2025")
    _submit(page, "[data-testid=ballot-open-form]")
    expect(page.locator("[data-testid=turnout]")).to_contain_text("Hanno votato 0 soci")
    page.fill("[data-testid=hands-form] #id_against", str(two))
    _submit(page, "[data-testid=hands-form]")
    expect(page.locator("[data-testid=turnout]")).to_contain_text("Hanno votato 3 soci")
    _submit(page, "[data-testid=ballot-close]")
    # then the result is shown: 2 in favour (one by proxy) of 3 present
    expect(page.locator("[data-testid=result]")).to_contain_text("Approvata")
    expect(page.locator("[data-testid=votes]")).to_contain_text("(delega)")

    # when they close the meeting
    page.goto(f"{base}/chair/")
    _submit(page, "[data-testid=close-meeting]")
    expect(page).to_have_url(re.compile(rf"{base}/$"))
    expect(page.locator("[data-testid=meeting-status]")).to_have_text("Chiusa")
    # then the minutes download as a PDF
    with page.expect_download() as download:
        page.click("[data-testid=download-minutes]")
    saved = tmp_path / "verbale.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("verbale-1-")
