"""Every page under /o/<slug>/ and every API path under /api/v1/orgs/<slug> answers 404 to an
outsider. URL patterns are discovered, so new pages are covered without being listed here."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from coopnet.core.tests.factories import bearer

SCOPED = re.compile(r"^(o/<slug:org_slug>/|api/v1/orgs/<slug>)")
CONVERTERS = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.uuid4())}


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def scoped_routes():
    return sorted(
        {r.lstrip("^").rstrip("$") for r in _routes(get_resolver().url_patterns) if SCOPED.match(r)}
    )


def _fill(route: str, slug: str) -> str:
    route = route.replace("<slug:org_slug>", slug).replace("<slug>", slug, 1)
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS[m.group(1) or "str"], route)


def test_discovery_finds_the_scoped_routes():
    routes = scoped_routes()
    assert "o/<slug:org_slug>/" in routes
    assert any(r.startswith("api/v1/orgs/") for r in routes)


@pytest.mark.parametrize("route", scoped_routes())
def test_outsider_gets_404(client, org, outsider, other_org, route):
    # given a user with a role in another organization, logged in and holding an API token
    client.force_login(outsider)
    url = _fill(route, org.slug)
    headers = bearer(outsider, other_org) if route.startswith("api/") else {}
    # when they try every method
    statuses = {
        method: getattr(client, method)(url, headers=headers).status_code
        for method in ("get", "post", "put", "patch", "delete")
    }
    # then nothing answers but "not found" (or "method not allowed", which reveals nothing)
    assert set(statuses.values()) <= {404, 405}, statuses
    assert 404 in statuses.values(), statuses


@pytest.mark.parametrize("route", scoped_routes())
def test_unknown_organization_gets_404_too(client, admin_user, route):
    client.force_login(admin_user)
    url = _fill(route, "does-not-exist")
    assert client.get(url).status_code in {404, 405}
