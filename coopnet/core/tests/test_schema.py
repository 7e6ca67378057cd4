"""The API against its own OpenAPI schema, in-process with schemathesis: no server errors,
only documented status codes, and every answer shaped as documented."""

import datetime as dt
import re

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coopnet.care.tests.factories import LineFactory, VisitFactory
from coopnet.core.models import Organization, OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory, bearer
from coopnet.network.services import affiliation_create, incubation_create, organization_create

KNOWN_SLUG = "la-ginestra"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def keep_test_transaction():
    """Requests made through the WSGI handler must not close the test's database connection
    (Django's own test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(db, platform_admin, keep_test_transaction):
    """A platform administrator's token, and a small network with every kind of link."""
    organization = organization_create(
        actor=None,
        data={
            "kind": OrganizationKind.SOCIAL_COOP_A,
            "legal_name": "La Ginestra cooperativa sociale",
            "short_name": "La Ginestra",
            "slug": KNOWN_SLUG,
            "codice_fiscale": "02111110033",
            "founded_on": dt.date(1990, 5, 1),
        },
        sector_codes=["88.10.00"],
        served_comuni=["037006"],
    )
    consortium = OrganizationFactory.create(slug="consorzio", kind=OrganizationKind.CONSORTIUM)
    affiliation_create(
        actor=None, organization=organization, group=consortium, start_date=dt.date(2000, 1, 1)
    )
    incubation_create(
        actor=None,
        organization=organization,
        child=OrganizationFactory.create(slug="germoglio"),
        start_date=dt.date(2021, 1, 1),
        support=["people"],
    )
    return bearer(platform_admin, organization)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, admin_headers):
    case.call_and_validate(headers=admin_headers, checks=CHECKS)
    if "slug" in (case.path_parameters or {}):
        # random slugs only meet 404; ask about an organization that exists too
        case.path_parameters["slug"] = KNOWN_SLUG
        case.call_and_validate(headers=admin_headers, checks=CHECKS)


def test_schema_covers_the_organization_operations():
    operations = {
        (result.ok().method.upper(), result.ok().path)
        for result in schema.get_all_operations()
        if isinstance(result, Ok)
    }
    assert operations >= {
        ("GET", "/api/v1/orgs"),
        ("POST", "/api/v1/orgs"),
        ("GET", "/api/v1/orgs/{slug}"),
        ("GET", "/api/v1/orgs/{slug}/affiliations"),
        ("GET", "/api/v1/orgs/{slug}/incubations"),
    }


def test_openapi_is_public_and_documents_every_error(client):
    # when the schema is fetched without credentials
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    # then every operation documents its errors with the shared error shapes
    for path, operations in response.json()["paths"].items():
        for method, operation in operations.items():
            documented = operation["responses"]
            expected = {"401", "422"} | ({"404"} if "{slug}" in path else set())
            assert expected <= set(documented), (method, path)
            for status, answer in documented.items():
                if status.startswith("4"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    shape = "ValidationErrorOut" if status == "422" else "ErrorOut"
                    assert ref == f"#/components/schemas/{shape}", (method, path, status)
    create = response.json()["paths"]["/api/v1/orgs"]["post"]["responses"]
    assert {"201", "400", "403"} <= set(create)


def test_docs_page_loads_only_bundled_assets(client):
    # the CSP allows only 'self': no CDN, no inline script
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets), assets
    for asset in assets:
        assert asset.startswith(django_settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(django_settings.STATIC_URL)), asset
    assert "<script>" not in html


def test_a_visit_answer_conforms_to_its_schema(admin_headers):
    # given a visit of the organization today, with its agreed time window
    organization = Organization.objects.get(slug=KNOWN_SLUG)
    VisitFactory.create(
        line=LineFactory.create(organization=organization), date=timezone.localdate()
    )
    operation = schema["/api/v1/orgs/{slug}/care/visits"]["GET"]
    case = operation.Case(path_parameters={"slug": KNOWN_SLUG}, query={})
    # then the answer (times of day without an offset) is shaped as the schema documents
    response = case.call_and_validate(headers=admin_headers, checks=CHECKS)
    assert response.json()["count"] == 1


@pytest.mark.django_db
def test_writes_without_credentials_are_401_not_a_csrf_403():
    # given a client that, like a browser or a script, gets no CSRF exemption
    client = Client(enforce_csrf_checks=True)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    writes = [
        (method, re.sub(r"\{\w+\}", "1", path.replace("{slug}", KNOWN_SLUG)))
        for path, operations in paths.items()
        for method in operations
        if method in {"post", "put", "patch", "delete"}
    ]
    assert writes
    for method, path in writes:
        # when it writes without a token or a session
        response = getattr(client, method)(path, {}, content_type="application/json")
        # then it is told to authenticate
        assert response.status_code == 401, (method, path, response.content)
        assert response.json()["code"] == "unauthenticated"
