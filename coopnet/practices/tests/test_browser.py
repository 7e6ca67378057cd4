"""Browser test on a phone (Playwright, Debian's chromium): the whole path of a good practice.
A cooperative submits to a consortium's call, the consortium's office assigns a reviewer after
the deadline, the reviewer declares no conflict and scores, the office decides and releases
the decisions, and anyone, without logging in, finds the practice on the public map.

Run with ``pytest -m browser``. The database is written in the fixture, before the browser
starts, and once more to move the call's deadline into the past (tests have no clock to move);
everything else is done and checked through the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.db import connections
from django.test import Client
from playwright.sync_api import Page, expect

from coopnet.core.models import Organization, OrganizationKind, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, sign_in
from coopnet.practices.models import Call

from .conftest import close, make_call

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICE = "bandi@aurora.example"
REVIEWER = "rita@aurora.example"
APPLICANT = "anna@borgo.example"
TITLE = "La bottega di comunità di Pievepelago"


@dataclass(frozen=True)
class Path:
    consortium: str
    applicant: str
    call: Call


@pytest.fixture
def path() -> Path:
    """A consortium with its office and a reviewer, a published call with two criteria, and a
    community cooperative with its administrator."""
    consortium = Organization.objects.create(
        kind=OrganizationKind.CONSORTIUM, slug="aurora", short_name="Consorzio Aurora",
        legal_name="Consorzio Aurora società cooperativa sociale",
    )  # fmt: skip
    applicant = Organization.objects.create(
        kind=OrganizationKind.COMMUNITY_COOP, slug="borgo", short_name="Borgo Vivo",
        legal_name="Borgo Vivo cooperativa di comunità",
    )  # fmt: skip
    for organization, email, role in (
        (consortium, OFFICE, Role.CONSORTIUM_STAFF),
        (consortium, REVIEWER, Role.MEMBER),
        (applicant, APPLICANT, Role.COOP_ADMIN),
    ):
        user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
        role_grant(actor=None, organization=organization, user=user, role=role)
    call = make_call(consortium)
    # warm the live server (same process): on a loaded machine the first page's templates and
    # translations take longer than the browser's timeout
    for url in ("/accounts/login/", "/practices/mappa/"):
        Client().get(url)
    return Path(consortium.slug, applicant.slug, call)


def _outside_the_browsers_loop(work: Callable[[], object]) -> None:
    """Playwright's sync API runs an event loop in the test's thread, where Django refuses the
    ORM: the one write after the fixture runs in a thread of its own."""

    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def _click(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _submit(page: Page, path: Path) -> None:
    page.goto(f"/o/{path.applicant}/practices/")
    page.get_by_test_id("open-calls").get_by_role("link").first.click()
    page.get_by_label("Titolo della pratica").fill(TITLE)
    _click(page, "Crea la bozza")
    for field, value in (
        ("summary", "Un emporio che riapre i servizi di un paese di montagna."),
        ("problem", "Il paese aveva perso l'ultimo negozio."),
        ("actions", "I residenti hanno riaperto la bottega."),
        ("results", "120 famiglie servite, 3 posti di lavoro."),
        ("comuni", "Pievepelago (MO)"),
    ):
        page.locator(f"#id_{field}").fill(value)
    page.get_by_label("Welfare di comunità", exact=True).check()
    page.locator("#id_organization_kind").select_option("community_coop")
    page.locator("#id_licence").select_option("cc-by-4.0")
    _click(page, "Salva e presenta")
    expect(page.get_by_test_id("state")).to_have_text("Presentata")


def _review(page: Page, path: Path) -> None:
    page.goto(f"/o/{path.consortium}/practices/reviews/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Dichiaro di non avere conflitti").check()
    _click(page, "Dichiara")
    page.get_by_label("Impatto").fill("9")
    page.get_by_label("Replicabilità").fill("4")
    for comment in page.get_by_label("Commento").all():
        comment.fill("Un modello chiaro.")
    _click(page, "Salva la valutazione")


def test_submit_review_decide_release_and_find_it_on_the_map(path: Path, new_page) -> None:
    # given the cooperative's administrator on her phone, who submits before the deadline
    applicant: Page = new_page(**PHONE)
    sign_in(applicant, APPLICANT)
    _submit(applicant, path)

    # when the deadline passes, the office assigns the reviewer
    _outside_the_browsers_loop(lambda: close(path.call))
    office: Page = new_page(**PHONE)
    sign_in(office, OFFICE)
    call_page = f"/o/{path.consortium}/practices/calls/{path.call.pk}/"
    office.goto(call_page)
    office.get_by_role("link", name="Assegna i valutatori").click()
    office.get_by_label("Rita").check()
    office.get_by_label("Valutatori per candidatura").fill("1")
    _click(office, "Salva")

    # and the reviewer declares no conflict and scores it
    reviewer: Page = new_page(**PHONE)
    sign_in(reviewer, REVIEWER)
    _review(reviewer, path)

    # and the office accepts it and releases the decisions today
    office.goto(call_page)
    office.get_by_test_id("received").get_by_role("link", name=TITLE).click()
    office.get_by_label("Esito").select_option("accolta")
    office.get_by_label("Motivazione per chi propone").fill("Replicabile in ogni valle.")
    _click(office, "Salva")
    office.goto(call_page)
    office.get_by_role("link", name="Pubblica gli esiti").click()
    _click(office, "Conferma")
    expect(office.get_by_test_id("release")).to_be_visible()

    # then the applicant sees the decision
    applicant.goto(f"/o/{path.applicant}/practices/")
    expect(applicant.get_by_test_id("own-submissions")).to_contain_text("Accolta")

    # and anyone finds the practice on the public map, with no sideways scrolling
    public: Page = new_page(**PHONE)
    public.goto("/practices/mappa/")
    public.get_by_label("Cerca").fill("bottega comunita")
    _click(public, "Cerca")
    expect(public.locator("[data-map]")).to_have_attribute("data-markers", "1")
    public.locator(".leaflet-marker-icon").click()
    public.locator(".leaflet-popup").get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.locator("main")).to_contain_text("Pievepelago")
    assert public.evaluate("document.documentElement.scrollWidth") <= 360
