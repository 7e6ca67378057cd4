"""The header folds into a menu on phones: a real button, the links still there without JS."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_header_has_an_accessible_menu_button_controlling_the_links(client, admin_user, org):
    client.force_login(admin_user)
    page = client.get(f"/o/{org.slug}/").content.decode()
    # a button (hidden until the script runs) says whether the menu is open and what it opens
    button = re.search(r'<button type="button" class="menu-toggle[^"]*"([^>]*)>', page)
    assert button is not None
    assert 'aria-expanded="false"' in button.group(1)
    assert 'aria-controls="topbar-menu"' in button.group(1)
    assert " hidden" in button.group(1)
    # the main navigation is inside what it controls, in the page for browsers without JS
    menu = page[page.index('id="topbar-menu"') :]
    assert 'class="mainnav"' in menu
    assert f'href="/o/{org.slug}/people/"' in menu


def test_the_menu_script_is_a_static_file_the_csp_allows(client, admin_user, org):
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()  # no inline script
    found = finders.find("coopnet/coopnet.js")
    assert isinstance(found, str)
    script = Path(found).read_text(encoding="utf-8")
    assert 'setAttribute("aria-expanded"' in script
