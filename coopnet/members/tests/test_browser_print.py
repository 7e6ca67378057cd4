"""The libro soci page on paper: A4, no navigation, every column readable (chromium, print)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .factories import PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

STATIC = Path(settings.BASE_DIR) / "coopnet" / "static" / "coopnet"
A4_LANDSCAPE_PX = (1123, 794)  # 297 x 210 mm at 96 dpi


@pytest.fixture
def register_html(client, org, admin_user):
    """The register page of a cooperative with long names, rendered by Django."""
    for i in range(12):
        person = PersonFactory(
            organization=org,
            surname=f"Della Valle Bonaccorsi {i}",
            given_name="Maria Antonietta Giuseppina",
        )
        member(org, person=person, shares=4)
    client.force_login(admin_user)
    return client.get(reverse("members:register", args=[org.slug])).content.decode()


def test_the_register_prints_on_a4_without_navigation_and_with_every_column(
    register_html, browser, tmp_path
):
    page = browser.new_page(viewport={"width": 1032, "height": 700})  # A4 minus margins
    page.set_content(register_html)
    page.add_style_tag(path=str(STATIC / "coopnet.css"))
    page.add_style_tag(path=str(STATIC / "register-print.css"))
    # when the page is printed
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "register-print.png"), full_page=True)
    # then navigation, filters and exports are gone and a note says what is printed
    assert not page.locator("header.topbar").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert not page.locator("[data-testid=export-csv]").is_visible()
    assert page.locator("[data-testid=print-note]").is_visible()
    # and the table fits the page width: no column is cut off
    table = page.locator("table[data-testid=register]")
    widths = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1]
    headers = table.locator("thead th")
    assert headers.count() == 7
    for i in range(headers.count()):
        assert headers.nth(i).is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    # the PDF chromium makes is A4 landscape (842 x 595 points)
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (842, 595)
