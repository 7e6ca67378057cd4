"""Browser tests on a phone (Playwright, Debian's chromium): on the time bank a member offers
help on the board, a neighbour records the exchange from it, both see their balance; on the
commons a resident, without logging in, opens an asset's public page, sees it on the map and
offers to help.

Run with ``pytest -m browser``. The database is written only in the fixture, before the
browser starts; everything after is done and checked through the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from coopnet.community import services
from coopnet.core.models import Comune, Organization, OrganizationKind, Role, User
from coopnet.core.services import role_grant
from coopnet.core.tests.browser import PASSWORD, PHONE, sign_in
from coopnet.members.models import Person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HELPER = "lucia@borgo.example"
NEIGHBOUR = "pietro@borgo.example"


@dataclass(frozen=True)
class Village:
    slug: str


@pytest.fixture
def village() -> Village:
    """A community cooperative with its time bank and two members, each with an account."""
    coop = Organization.objects.create(
        kind=OrganizationKind.COMMUNITY_COOP,
        slug="borgo-vivo",
        short_name="Borgo Vivo",
        legal_name="Borgo Vivo cooperativa di comunità",
    )
    services.timebank_save(actor=None, organization=coop, data={"welcome_minutes": 60})
    for email, surname in ((HELPER, "Lucia"), (NEIGHBOUR, "Pietro")):
        user = User.objects.create_user(email, PASSWORD, full_name=surname)
        role_grant(actor=None, organization=coop, user=user, role=Role.MEMBER)
        person = Person.objects.create(organization=coop, kind="fisica", surname=surname, user=user)
        services.account_open(actor=None, organization=coop, person=person, kind="socio")
    return Village(coop.slug)


def _submit(page: Page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_offer_help_record_the_exchange_and_see_the_balance(village: Village, new_page) -> None:
    board = f"/o/{village.slug}/timebank/"
    # given Lucia on her phone, with the welcome hour
    page: Page = new_page(**PHONE)
    sign_in(page, HELPER)
    page.goto(board)
    expect(page.get_by_test_id("balance")).to_contain_text("1 h")

    # when she offers help with the shopping
    page.get_by_role("link", name="Offri o chiedi aiuto").click()
    page.get_by_label("Offro").check()
    page.get_by_label("categoria").select_option(label="Spesa e commissioni")
    page.get_by_label("titolo").fill("Porto la spesa a chi non può uscire")
    _submit(page, "Salva")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Porto la spesa")

    # and Pietro, helped for an hour and a half, records the exchange from her offer
    other: Page = new_page(**PHONE)
    sign_in(other, NEIGHBOUR)
    other.goto(board)
    other.get_by_role("link", name="Porto la spesa a chi non può uscire").click()
    other.get_by_label("ore").fill("1")
    other.get_by_label("minuti").fill("30")
    _submit(other, "Registra lo scambio")

    # then Pietro sees his balance go down, Lucia hers go up, with no sideways scrolling
    expect(other.get_by_test_id("statement-balance")).to_have_text("-30 min")
    page.goto(board)
    expect(page.get_by_test_id("balance")).to_contain_text("2 h 30 min")
    page.goto(f"{board}me/")
    expect(page.get_by_test_id("statement")).to_contain_text("Porto la spesa")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


@pytest.fixture
def commons() -> list[str]:
    """Two assets of a community cooperative on the map: the public pages' paths."""
    coop = Organization.objects.create(
        kind=OrganizationKind.COMMUNITY_COOP,
        slug="borgo-vivo",
        short_name="Borgo Vivo",
        legal_name="Borgo Vivo cooperativa di comunità",
    )
    comune = Comune.objects.get(name="Pievepelago")
    paths = []
    for name, latitude in (("Stazione di Pievepelago", "44.2043"), ("Scuola vecchia", "44.2100")):
        asset = services.asset_create(
            actor=None,
            organization=coop,
            data={
                "name": name,
                "kind": "edificio",
                "state": "in_rigenerazione",
                "owner_name": "Privato",
                "comune": comune,
                "latitude": latitude,
                "longitude": "10.6166",
                "description": "Chiusa dal 1990.",
            },
        )
        paths.append(f"/beni-comuni/{coop.slug}/{asset.pk}/")
    return paths


def test_a_resident_opens_an_asset_sees_the_map_and_offers_help(commons, new_page) -> None:
    # given a resident on a phone, not logged in, on the station's public page
    page: Page = new_page(**PHONE)
    page.goto(commons[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Stazione di Pievepelago")
    # then its marker is on the map (no tile server: a blank background)
    expect(page.locator("[data-map]")).to_have_attribute("data-markers", "1")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    # when they offer to help
    page.get_by_label("Nome e cognome").fill("Giulia Neri")
    page.get_by_label("E-mail o telefono").fill("giulia@posta.example")
    page.get_by_label("Che cosa puoi fare").fill("So potare le siepi.")
    page.get_by_label("Acconsento al trattamento").check()
    _submit(page, "Do la mia disponibilità")
    # then they are thanked, with no sideways scrolling
    expect(page.get_by_test_id("signup-sent")).to_contain_text("Grazie")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # and the cooperative's map shows both assets, listed below it
    page.get_by_role("link", name="Beni comuni di Borgo Vivo").click()
    expect(page.locator("[data-map]")).to_have_attribute("data-markers", "2")
    expect(page.get_by_test_id("public-assets").get_by_role("link")).to_have_count(2)
