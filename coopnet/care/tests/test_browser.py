"""Browser tests of the care pages: a coordinator fills, optimises and applies a day; a carer
on a 360 px phone checks in and out.

Run with ``pytest -m browser``. As in coopnet/core/tests/test_browser.py, Playwright starts
Debian's /usr/bin/chromium against the live server, and all database work happens in the
fixtures before the browser starts (Django refuses ORM calls inside Playwright's event loop).
The test settings run background tasks at once, so a solve finishes within its request.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coopnet.care.models import CarePlanLine, Carer, VisitStatus
from coopnet.care.services import catalogue, visits
from coopnet.core.models import Comune, Parameter, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, log_in
from coopnet.core.tests.factories import OrganizationFactory

from .conftest import at
from .factories import LineFactory, PersonFactory, VisitFactory, paid_carer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLUG = "germoglio"
COORDINATOR = "coordinatrice@germoglio.example"
CARER = "operatrice@germoglio.example"


@dataclass(frozen=True)
class CareDay:
    """What the browser needs to know about the fixture's data (no model objects)."""

    today: dt.date
    beneficiary: str
    carer: str


@pytest.fixture
def care_day() -> CareDay:
    """A type A cooperative with a coordinator, an OSS carer who logs in, and a plan with a
    visit every day between 8 and 12."""
    assert Comune.objects.count() > 7000  # the serialized rollback restored the seed data
    assert Parameter.objects.exists()
    org = OrganizationFactory.create(slug=SLUG, short_name="Il Germoglio")
    coordinator = User.objects.create_user(COORDINATOR, PASSWORD, full_name="Carla Coordina")
    role_grant(actor=None, organization=org, user=coordinator, role=Role.COORDINATOR)
    user = User.objects.create_user(CARER, PASSWORD, full_name="Ada Operatrice")
    role_grant(actor=None, organization=org, user=user, role=Role.CARER)
    person = PersonFactory.create(
        organization=org, user=user, surname="Operatrice", given_name="Ada"
    )
    paid_carer(org, qualifications=("oss",), person=person)
    line = LineFactory.create(organization=org, plan__beneficiary__person__surname="Bianchi")
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"time_limit_seconds": 1}
    )
    return CareDay(
        today=timezone.localdate(),
        beneficiary=str(line.plan.beneficiary.person),
        carer=str(person),
    )


@pytest.fixture
def scheduled_today(care_day: CareDay) -> CareDay:
    """Today's visit already given to the carer at 9:00."""
    line = CarePlanLine.objects.get()
    visit = VisitFactory.create(line=line, date=care_day.today)
    visits.visit_assign(
        actor=None, visit=visit, carer=Carer.objects.get(), planned_start=at(care_day.today, 9)
    )
    assert visit.status == VisitStatus.PLANNED  # the service re-reads under a lock
    return care_day


@pytest.fixture
def page(care_day, new_page) -> Page:
    return new_page()


@pytest.fixture
def phone(scheduled_today, new_page) -> Page:
    return new_page(**PHONE)


def test_a_coordinator_generates_solves_and_applies_a_day(page: Page, care_day: CareDay) -> None:
    # given the coordinator on today's board, which has no visit yet
    log_in(page, COORDINATOR)
    page.goto(f"/o/{SLUG}/care/day/")
    expect(page.locator("main h1")).to_contain_text("Giornata")
    expect(page.locator("[data-testid=open-visits]")).to_contain_text("Nessuna visita")
    # when they create today's visits from the plans
    with page.expect_navigation():
        page.click("[data-testid=generate]")
    # then the visit waits for a carer
    expect(page.locator(".messages")).to_contain_text("Visite create: 1")
    expect(page.locator("[data-testid=open-visits]")).to_contain_text(care_day.beneficiary)
    # when they optimise the day
    with page.expect_navigation():
        page.click("[data-testid=solve]")
    # then the review shows the carer's route and the totals before and after
    expect(page).to_have_url(re.compile(r"/care/schedule/\d+/$"))
    expect(page.locator("[data-testid=route]")).to_have_count(1)
    expect(page.locator("[data-testid=route]")).to_contain_text(care_day.carer)
    expect(page.locator("[data-testid=route]")).to_contain_text(care_day.beneficiary)
    expect(page.locator("[data-testid=totals]")).to_contain_text("Visite assegnate")
    # and, in Italian too, the timeline draws the visit as a bar with plain coordinates
    bar = page.locator("svg.timeline rect").first
    assert all(float(bar.get_attribute(name) or "") >= 0 for name in ("x", "width")), (
        bar.get_attribute("x")
    )
    box = bar.bounding_box()
    assert box is not None
    assert box["width"] > 0
    # when they apply it
    with page.expect_navigation():
        page.click("[data-testid=apply]")
    # then the board shows the visit in the carer's day, assigned
    expect(page.locator(".messages")).to_contain_text("1 visite assegnate")
    expect(page.locator("[data-testid=open-visits]")).to_contain_text("Nessuna visita")
    carer_day = page.locator("section.carer-day", has_text=care_day.carer)
    expect(carer_day).to_contain_text(care_day.beneficiary)
    expect(carer_day).to_contain_text("Assegnata")


def test_a_carer_checks_in_and_out_on_a_phone(phone: Page, scheduled_today: CareDay) -> None:
    # given the carer logged in on a 360 px phone
    log_in(phone, CARER)
    phone.goto(f"/o/{SLUG}/care/today/")
    card = phone.locator("[data-testid=visit-card]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("09:00")
    expect(card).to_contain_text(scheduled_today.beneficiary)
    expect(card.locator("[data-testid=map-link]")).to_have_attribute(
        "href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat=44\.\d+&mlon=11\.\d+")
    )
    # and the page fits the phone without sideways scrolling
    assert int(phone.evaluate("document.documentElement.scrollWidth")) <= 360
    # when they tap "Sono arrivato"
    with phone.expect_navigation():
        phone.click("[data-testid=check-in]")
    # then the visit is in progress and offers the check-out with notes
    expect(phone.locator(".messages")).to_contain_text("Arrivo registrato")
    expect(card).to_contain_text("In corso")
    phone.fill("#id_tasks_done", "Igiene e colazione")
    phone.fill("#id_notes", "Tutto bene")
    with phone.expect_navigation():
        phone.click("[data-testid=check-out]")
    # then it is done, with both times shown
    expect(phone.locator(".messages")).to_contain_text("Uscita registrata")
    expect(card.locator("[data-testid=done]")).to_contain_text("Svolta")
    expect(card).not_to_contain_text("Sono arrivato")
    assert int(phone.evaluate("document.documentElement.scrollWidth")) <= 360


def test_a_carer_copies_the_calendar_address_on_a_phone(
    phone: Page, scheduled_today: CareDay
) -> None:
    # given the carer on the calendar page of their phone
    log_in(phone, CARER)
    phone.goto(f"/o/{SLUG}/care/today/calendar/")
    # when they create the address
    with phone.expect_navigation():
        phone.click("form.card button[type=submit]")
    # then they can subscribe with one tap, or copy it
    expect(phone.locator("[data-testid=webcal]")).to_have_attribute(
        "href", re.compile(r"^webcal://.+/care/ics/.+\.ics$")
    )
    copy = phone.locator("[data-copy=ics-url]")
    expect(copy).to_be_visible()
    copy.click()
    expect(phone.locator("[data-copy-status=ics-url]")).to_have_text("Indirizzo copiato.")
    assert int(phone.evaluate("document.documentElement.scrollWidth")) <= 360
