"""The favicon: an SVG in static, linked from every page; /favicon.ico leads to it."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_link_an_svg_favicon_and_favicon_ico_does_not_404(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/network/").content.decode()
    assert '<link rel="icon" href="/static/coopnet/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("coopnet/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/coopnet/favicon.svg"
