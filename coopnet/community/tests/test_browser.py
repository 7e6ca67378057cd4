"""Browser test of the time bank on a phone (Playwright, Debian's chromium): a member offers
help on the board, a neighbour records the exchange from it, both see their balance.

Run with ``pytest -m browser``. The database is written only in the fixture, before the
browser starts; everything after is done and checked through the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from coopnet.community import services
from coopnet.core.models import Organization, OrganizationKind, Role, User
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
