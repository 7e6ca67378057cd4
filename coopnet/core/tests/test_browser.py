"""Browser smoke tests: Playwright drives Debian's chromium against the live test server.

Run with ``pytest -m browser`` (``make browser``); the normal runs deselect them. Playwright
never downloads a browser here: it starts /usr/bin/chromium (``bin/ensure-system`` installs it).

The live server needs a transactional database, which is emptied after each test; the
serialized rollback puts the migration-seeded comuni and parameters back for the next one.
All database work happens in fixtures before the browser starts, because Playwright's sync
API runs an event loop in this thread and Django refuses ORM calls inside one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from coopnet.core.models import Comune, Organization, OrganizationKind, Parameter, Role, User
from coopnet.core.services import role_grant
from coopnet.network.services import organization_create

from .browser import PASSWORD, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STAFF_EMAIL = "staff@consorzio.example"
COOP_ADMIN_EMAIL = "admin@germoglio.example"


# slug, name, kind, seat comune (ISTAT): Bologna, Torino, Napoli, Firenze
COOPS = [
    ("germoglio", "Il Germoglio", OrganizationKind.SOCIAL_COOP_A, "037006"),
    ("officina-verde", "Officina Verde", OrganizationKind.SOCIAL_COOP_B, "001272"),
    ("rete-solidale", "Rete Solidale", OrganizationKind.SOCIAL_COOP_B, "063049"),
    ("terra-comune", "Terra Comune", OrganizationKind.SOCIAL_COOP_AB, "048017"),
]


@dataclass(frozen=True)
class Network:
    consortium: Organization
    coops: dict[str, Organization]


def _coop(slug: str, name: str, kind: str, comune: str, consortium: Organization) -> Organization:
    return organization_create(
        actor=None,
        data={
            "kind": kind,
            "slug": slug,
            "short_name": name,
            "legal_name": f"{name} cooperativa sociale",
            "seat_comune": Comune.objects.get(istat_code=comune),
        },
        served_comuni=[comune],
        consortium=consortium,
        joined_on=dt.date(2020, 1, 1),
    )


@pytest.fixture
def network() -> Network:
    """A consortium in Bologna with four cooperatives in four regions, and two users."""
    # the serialized rollback must have restored what the migrations seeded
    assert Comune.objects.count() > 7000
    assert Parameter.objects.exists()
    consortium = organization_create(
        actor=None,
        data={
            "kind": OrganizationKind.CONSORTIUM,
            "slug": "arcobaleno",
            "short_name": "Consorzio Arcobaleno",
            "legal_name": "Consorzio Arcobaleno società cooperativa sociale",
            "seat_comune": Comune.objects.get(istat_code="037006"),
        },
    )
    coops = {
        slug: _coop(slug, name, kind, comune, consortium) for slug, name, kind, comune in COOPS
    }
    staff = User.objects.create_user(STAFF_EMAIL, PASSWORD, full_name="Giulia Staff")
    role_grant(actor=None, organization=consortium, user=staff, role=Role.CONSORTIUM_STAFF)
    coop_admin = User.objects.create_user(COOP_ADMIN_EMAIL, PASSWORD, full_name="Marco Admin")
    role_grant(actor=None, organization=coops["germoglio"], user=coop_admin, role=Role.COOP_ADMIN)
    return Network(consortium=consortium, coops=coops)


@pytest.fixture
def page(network, new_page) -> Page:
    return new_page()


@pytest.fixture
def phone(network, new_page) -> Page:
    return new_page(**PHONE)


def result_names(page: Page) -> list[str]:
    return sorted(page.locator("#directory-results td.col-name a").all_inner_texts())


def test_staff_logs_in_filters_the_directory_opens_a_profile_and_switches_to_english(
    page: Page,
) -> None:
    # given consortium staff logged in through the form
    log_in(page, STAFF_EMAIL)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    # when they open the directory from the navigation
    page.click("nav.mainnav >> text=Rete")
    expect(page).to_have_url(re.compile(r"/network/$"))
    # then they see the consortium and all its member cooperatives
    expect(page.locator("#directory-results td.col-name a")).to_have_count(5)
    # when they filter by kind (type B)
    page.select_option("select#id_kind", OrganizationKind.SOCIAL_COOP_B.value)
    page.click("form.filters button[type=submit]")
    # then only the two type B cooperatives are listed, and the URL keeps the filter
    expect(page.locator("#directory-results td.col-name a")).to_have_count(2)
    assert result_names(page) == ["Officina Verde", "Rete Solidale"]
    expect(page).to_have_url(re.compile(r"kind=social_coop_b"))
    # when they search by comune inside that filter
    page.fill("#id_q", "Napoli")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#directory-results td.col-name a")).to_have_count(1)
    # and open the profile
    with page.expect_navigation():
        page.click("#directory-results >> text=Rete Solidale")
    expect(page).to_have_url(re.compile(r"/o/rete-solidale/$"))
    expect(page.locator("h1")).to_have_text("Rete Solidale")
    expect(page.locator("main")).to_contain_text("Rete Solidale cooperativa sociale")
    expect(page.locator("main")).to_contain_text("Napoli")
    # when they switch the language to English with the header's selector
    # (choosing submits the form through coopnet.js; without scripts the button does)
    expect(page.locator("button[data-testid=set-language]")).to_have_text("Cambia lingua")
    with page.expect_navigation():
        page.select_option("select#language", "en")
    # then the page comes back in English, on the same profile
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/o/rete-solidale/$"))
    expect(page.locator("nav.mainnav a[href='/network/']")).to_have_text("Network")
    expect(page.locator("button[data-testid=set-language]")).to_have_text("Change language")
    expect(page.locator("header .tools button[type=submit].link")).to_have_text("Log out")
    # and the choice sticks on the next page
    page.goto("/network/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_coop_admin_sees_only_their_cooperative_and_logs_out(page: Page) -> None:
    # given a cooperative administrator logged in
    log_in(page, COOP_ADMIN_EMAIL)
    # then they land on their cooperative's libro soci, with its administration links
    expect(page).to_have_url(re.compile(r"/o/germoglio/members/$"))
    expect(page.locator("nav.mainnav")).to_contain_text("Registro attività")
    # and the directory lists only the organizations they may see
    page.goto("/network/")
    expect(page.locator("#directory-results td.col-name a")).to_have_count(1)
    assert result_names(page) == ["Il Germoglio"]
    # another cooperative's profile is "not found"
    response = page.goto("/o/officina-verde/")
    assert response is not None
    assert response.status == 404
    # when they log out with the header's button
    page.goto("/network/")
    with page.expect_navigation():
        page.click("header .tools button[type=submit].link")
    # then they are back at the login form and the directory asks them to log in again
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/network/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/network/"))


def _page_overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_directory_and_profile_fit_a_phone(phone: Page) -> None:
    # given a 360 px wide phone
    log_in(phone, STAFF_EMAIL)
    for url in ("/network/", "/o/arcobaleno/", "/o/terra-comune/"):
        # when a page is shown
        phone.goto(url)
        expect(phone.locator("main h1")).to_be_visible()
        # then the page itself does not scroll sideways (wide tables scroll in .table-wrap)
        assert _page_overflow(phone) <= 360, url
        for box in phone.locator(".table-wrap").all():
            assert int(box.evaluate("el => el.getBoundingClientRect().right")) <= 360, url
