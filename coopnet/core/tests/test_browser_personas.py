"""Each demo persona logs in, lands where their work is, and does their main task.

Run with ``pytest -m browser``. The demo network is seeded once per test by ``seed_demo``
(before the browser starts: Django refuses ORM calls inside Playwright's event loop), and the
browser walks the personas of the README's demo table one after the other. The carer uses a
phone, where the header folds into a menu.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from coopnet.core.management.commands.demo_logins import DEMO_PASSWORD
from coopnet.core.models import Comune

from .browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COOP = "la-quercia"
CONSORTIUM = "consorzio-il-melograno"
PHONE = {"width": 390, "height": 844}
NewPage = Callable[..., Page]


@pytest.fixture
def demo() -> None:
    assert Comune.objects.count() > 7000  # the serialized rollback restored the seed data
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


@pytest.fixture
def new_context(demo: None, new_page: NewPage) -> NewPage:
    """Open pages in fresh browser contexts (one per persona) once the demo is seeded."""
    return new_page


def log_in(page: Page, local_part: str) -> None:
    """Log in as a demo account and follow the redirect to its landing page."""
    sign_in(page, f"{local_part}@coopnet.example", DEMO_PASSWORD)


def landed_on(page: Page, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"$"))


def shot(page: Page, name: str, tmp_path: Path) -> None:
    page.screenshot(path=tmp_path / f"{name}.png", full_page=True)


def test_carer_on_a_phone_lands_on_todays_visits_and_checks_in(
    new_context: NewPage, tmp_path: Path
) -> None:
    page = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(page, "operatore")
    landed_on(page, f"/o/{COOP}/care/today/")
    expect(page.locator("main h1")).to_contain_text("Oggi")
    # the header is folded: the links appear behind an accessible menu button
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".mainnav")).to_be_hidden()
    shot(page, "carer-today", tmp_path)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".mainnav").get_by_role("link", name="Le mie visite")).to_be_visible()
    shot(page, "carer-menu", tmp_path)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # main task: arrive at the first visit of the day
    expect(page.locator("[data-testid=visit-card]").first).to_be_visible()
    with page.expect_navigation():
        page.locator("[data-testid=check-in]").first.click()
    expect(page.locator("[data-testid=check-out]").first).to_be_visible()


def test_member_lands_on_their_area_and_finds_their_assemblies(new_context: NewPage) -> None:
    page = new_context()
    log_in(page, "socio")
    landed_on(page, f"/o/{COOP}/portal/")
    expect(page.locator("main h1")).to_contain_text("La mia area socio")
    expect(page.locator("[data-testid=membership]")).to_be_visible()
    # on a wide screen the links are open and the menu button is not shown
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    page.locator(".mainnav").get_by_role("link", name="Le mie assemblee").click()
    expect(page.locator("main h1")).to_contain_text("Le mie assemblee")


@pytest.mark.parametrize(
    ("persona", "board", "title", "shown"),
    [
        ("coordinatore", "care/day/", "Giornata", "solve"),  # the day board
        ("tutor", "workforce/", "Lavoro e volontariato", "workers"),  # staff
    ],
)
def test_office_personas_land_on_their_board(
    new_context: NewPage, persona: str, board: str, title: str, shown: str
) -> None:
    page = new_context()
    log_in(page, persona)
    landed_on(page, f"/o/{COOP}/{board}")
    expect(page.locator("main h1")).to_contain_text(title)
    expect(page.locator(f"[data-testid={shown}]")).to_be_visible()


def test_consortium_staff_land_on_the_consortium_and_open_a_member(new_context: NewPage) -> None:
    page = new_context()
    log_in(page, "consorzio")
    landed_on(page, f"/o/{CONSORTIUM}/consortium/")
    expect(page.locator("#org-switch")).to_have_value(CONSORTIUM)
    # main task: look at a member cooperative; the switcher follows
    page.locator("table.orgs").get_by_role("link", name="La Quercia", exact=True).click()
    landed_on(page, f"/o/{COOP}/")
    expect(page.locator("#org-switch")).to_have_value(COOP)


def test_platform_admin_lands_on_the_directory_and_creates_an_organization(
    new_context: NewPage,
) -> None:
    page = new_context()
    log_in(page, "admin")
    landed_on(page, "/network/")
    expect(page.locator("main h1")).to_contain_text("La rete")
    page.get_by_role("link", name="Nuova organizzazione").click()
    page.select_option("#id_kind", "social_coop_b")
    page.fill("#id_slug", "il-tornio")
    page.fill("#id_short_name", "Il Tornio")
    page.fill("#id_legal_name", "Il Tornio cooperativa sociale")
    page.fill("#id_seat_comune", "Bologna (BO)")
    with page.expect_navigation():
        page.get_by_role("button", name="Registra l'organizzazione").click()
    landed_on(page, "/o/il-tornio/")
    expect(page.locator(".messages")).to_contain_text("Organizzazione registrata.")


def test_cooperative_admin_lands_on_the_register_and_is_asked_before_consequences(
    new_context: NewPage,
) -> None:
    page = new_context()
    log_in(page, "admin.coop")
    landed_on(page, f"/o/{COOP}/members/")
    expect(page.locator("main h1")).to_contain_text("Libro soci")
    # ending the affiliation to the consortium is a page that says what it means
    page.goto(f"/o/{COOP}/")
    page.get_by_role("link", name="Chiudi l'adesione…").click()
    expect(page.locator("[data-testid=consequences]")).to_contain_text(
        "non vede più i dati di La Quercia"
    )
    expect(page.locator("#id_end_date")).to_have_value("")
    # revoking their own role is refused: they are La Quercia's only administrator
    page.goto(f"/o/{COOP}/people/")
    row = page.locator("tr", has_text="admin.coop@coopnet.example")
    row.get_by_role("link", name="Revoca…").click()
    expect(page.locator("[data-testid=refusal]")).to_contain_text(
        "sei l'ultima persona che può assegnare i ruoli in La Quercia"
    )
    expect(page.get_by_role("button", name="Revoca il ruolo")).to_have_count(0)
