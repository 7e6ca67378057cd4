"""The organizations API: visibility, filters, pagination, links, creation and its errors."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from coopnet.core.models import (
    Affiliation,
    AuditEntry,
    Organization,
    OrganizationKind,
    Role,
)
from coopnet.core.services import role_grant
from coopnet.core.tests.factories import OrganizationFactory, UserFactory, bearer
from coopnet.network.services import affiliation_create, incubation_create, organization_create

pytestmark = pytest.mark.django_db

BOLOGNA, IMOLA, MILANO = "037006", "037032", "015146"
VALID_CF = "02111110033"  # an entity's codice fiscale is its partita IVA


def admin_bearer(platform_admin, organization):
    return bearer(platform_admin, organization, Role.COOP_ADMIN)


def slugs(response):
    return [row["slug"] for row in response.json()["items"]]


@pytest.fixture
def staff_headers(affiliation, consortium_staff):
    """A bearer token of consortium staff whose consortium ``org`` belongs to."""
    return bearer(consortium_staff, affiliation.group, Role.CONSORTIUM_STAFF)


# --- GET /api/v1/orgs -------------------------------------------------------------------------


def test_list_shows_only_the_callers_organizations(client, org, other_org, admin_user):
    # given a cooperative administrator of org, with a token
    headers = bearer(admin_user, org)
    # when they list organizations
    response = client.get("/api/v1/orgs", headers=headers)
    # then they see their own organization only
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert slugs(response) == [org.slug]


def test_platform_admin_lists_every_organization(client, org, other_org, platform_admin):
    response = client.get("/api/v1/orgs", headers=admin_bearer(platform_admin, org))
    assert response.status_code == 200
    assert slugs(response) == [other_org.slug, org.slug]  # by short name


def test_token_scope_limits_the_list_to_its_organization(client, org, other_org, admin_user):
    # given a user with roles in two organizations and a token bound to the first
    role_grant(actor=None, organization=other_org, user=admin_user, role=Role.COOP_ADMIN)
    headers = bearer(admin_user, org)
    # when they list with the token, then only the token's organization is there
    assert slugs(client.get("/api/v1/orgs", headers=headers)) == [org.slug]
    # while their session sees both
    client.force_login(admin_user)
    assert slugs(client.get("/api/v1/orgs")) == [other_org.slug, org.slug]


def test_consortium_staff_see_affiliates_in_list_and_detail(
    client, org, other_org, consortium, staff_headers
):
    response = client.get("/api/v1/orgs", headers=staff_headers)
    assert slugs(response) == [consortium.slug, org.slug]
    assert client.get(f"/api/v1/orgs/{org.slug}", headers=staff_headers).status_code == 200
    assert client.get(f"/api/v1/orgs/{other_org.slug}", headers=staff_headers).status_code == 404


def test_consortium_staff_cannot_create_organizations(client, staff_headers):
    response = client.post(
        "/api/v1/orgs",
        {
            "kind": "social_coop_a",
            "legal_name": "X cooperativa sociale",
            "short_name": "X",
            "slug": "x",
        },
        content_type="application/json",
        headers=staff_headers,
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Solo gli amministratori della piattaforma possono farlo.",
        "code": "forbidden",
    }
    assert not Organization.objects.filter(slug="x").exists()


def test_list_without_credentials_is_401(client, org):
    response = client.get("/api/v1/orgs")
    assert response.status_code == 401
    assert response.json() == {"detail": "Autenticazione richiesta.", "code": "unauthenticated"}


def test_a_row_carries_the_registry_data(client, platform_admin):
    # given an organization with its seat, sectors and territory
    organization = organization_create(
        actor=None,
        data={
            "kind": OrganizationKind.SOCIAL_COOP_B,
            "legal_name": "Il Germoglio cooperativa sociale",
            "short_name": "Il Germoglio",
            "slug": "il-germoglio",
            "codice_fiscale": VALID_CF,
            "partita_iva": VALID_CF,
            "legal_form": "scrl",
            "albo_number": "A123456",
            "albo_section": "B",
            "rea_number": "BO-123456",
            "founded_on": dt.date(1998, 3, 14),
            "address": "Via dei Mille 1",
            "email": "info@germoglio.example",
            "pec": "germoglio@pec.example",
            "phone": "051 123456",
            "website": "https://germoglio.example",
        },
        sector_codes=["81.30", "88.10.00"],
        served_comuni=[IMOLA, BOLOGNA],
    )
    organization.seat_comune_id = BOLOGNA
    organization.save()
    # when the platform admin lists organizations
    response = client.get("/api/v1/orgs", headers=admin_bearer(platform_admin, organization))
    # then the row has every registry field
    assert response.json()["items"] == [
        {
            "slug": "il-germoglio",
            "kind": "social_coop_b",
            "legal_name": "Il Germoglio cooperativa sociale",
            "short_name": "Il Germoglio",
            "codice_fiscale": VALID_CF,
            "partita_iva": VALID_CF,
            "legal_form": "scrl",
            "albo_number": "A123456",
            "albo_section": "B",
            "rea_number": "BO-123456",
            "founded_on": "1998-03-14",
            "address": "Via dei Mille 1",
            "seat_comune": {"istat_code": BOLOGNA, "name": "Bologna", "province": "BO"},
            "sectors": ["81.30", "88.10.00"],
            "served_comuni": [BOLOGNA, IMOLA],
            "email": "info@germoglio.example",
            "pec": "germoglio@pec.example",
            "phone": "051 123456",
            "website": "https://germoglio.example",
        }
    ]


@pytest.fixture
def directory_orgs(db):
    """Three organizations in two regions, of two kinds."""
    return [
        OrganizationFactory(
            slug="bo-a",
            short_name="Aurora",
            kind=OrganizationKind.SOCIAL_COOP_A,
            seat_comune_id=BOLOGNA,
        ),
        OrganizationFactory(
            slug="bo-b",
            short_name="Betulla",
            kind=OrganizationKind.SOCIAL_COOP_B,
            seat_comune_id=IMOLA,
        ),
        OrganizationFactory(
            slug="mi-a",
            short_name="Castagno",
            legal_name="Castagno Solidale cooperativa sociale",
            kind=OrganizationKind.SOCIAL_COOP_A,
            seat_comune_id=MILANO,
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=social_coop_a", ["bo-a", "mi-a"]),
        ("region=08", ["bo-a", "bo-b"]),
        ("province=mi", ["mi-a"]),
        ("q=solidale", ["mi-a"]),
        ("q=BETU", ["bo-b"]),
        ("kind=social_coop_a&region=08", ["bo-a"]),
        ("region=03&province=BO", []),
    ],
)
def test_list_filters(client, platform_admin, directory_orgs, query, expected):
    headers = admin_bearer(platform_admin, directory_orgs[0])
    response = client.get(f"/api/v1/orgs?{query}", headers=headers)
    assert response.status_code == 200
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=spaceship", "kind"),
        ("region=8", "region"),
        ("province=BOL", "province"),
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("q=%00", "q"),
    ],
)
def test_bad_filters_are_422_with_field_errors(client, platform_admin, org, query, field):
    response = client.get(f"/api/v1/orgs?{query}", headers=admin_bearer(platform_admin, org))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "Dati non validi."
    assert list(body["errors"]) == [field]


def test_pagination_defaults_to_50_and_allows_200(client, platform_admin):
    Organization.objects.bulk_create(
        Organization(
            kind="coop", legal_name=f"Coop {i:03}", short_name=f"Coop {i:03}", slug=f"c{i}"
        )
        for i in range(210)
    )
    headers = admin_bearer(platform_admin, Organization.objects.get(slug="c0"))
    first = client.get("/api/v1/orgs", headers=headers).json()
    assert first["count"] == 210
    assert len(first["items"]) == 50
    assert first["items"][0]["short_name"] == "Coop 000"
    page = client.get("/api/v1/orgs?limit=200&offset=200", headers=headers).json()
    assert [row["short_name"] for row in page["items"]] == [f"Coop {i}" for i in range(200, 210)]
    assert len(client.get("/api/v1/orgs?limit=200", headers=headers).json()["items"]) == 200


def _full_orgs(count, start=0):
    for i in range(start, start + count):
        organization_create(
            actor=None,
            data={
                "kind": "social_coop_a",
                "legal_name": f"Coop {i} cooperativa sociale",
                "short_name": f"Coop {i}",
                "slug": f"full-{i}",
                "seat_comune": None,
            },
            sector_codes=["88.10.00", "81.30"],
            served_comuni=[BOLOGNA, IMOLA],
        )
        Organization.objects.filter(slug=f"full-{i}").update(seat_comune_id=BOLOGNA)


@pytest.mark.parametrize("rows", [5, 40])
def test_list_query_count_does_not_grow_with_rows(
    client, platform_admin, django_assert_max_num_queries, rows
):
    # given organizations with seat, sectors and served comuni
    _full_orgs(rows)
    headers = admin_bearer(platform_admin, Organization.objects.get(slug="full-0"))
    # when the whole list is read, then a fixed number of queries is enough
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/orgs?limit=200", headers=headers)
    assert len(response.json()["items"]) == rows


def test_consortium_list_query_count_does_not_grow(
    client, consortium, consortium_staff, django_assert_max_num_queries
):
    _full_orgs(30)
    for organization in Organization.objects.filter(slug__startswith="full-"):
        affiliation_create(
            actor=None, organization=organization, group=consortium, start_date=dt.date(2020, 1, 1)
        )
    headers = bearer(consortium_staff, consortium, Role.CONSORTIUM_STAFF)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/orgs?limit=200", headers=headers)
    assert response.json()["count"] == 31


# --- GET /api/v1/orgs/{slug} and its links ----------------------------------------------------


def test_detail_has_the_same_fields_as_a_row(client, platform_admin):
    _full_orgs(1)
    headers = admin_bearer(platform_admin, Organization.objects.get(slug="full-0"))
    row = client.get("/api/v1/orgs", headers=headers).json()["items"][0]
    detail = client.get("/api/v1/orgs/full-0", headers=headers)
    assert detail.status_code == 200
    assert detail.json() == row


def test_member_reads_own_organization(client, org, member_user):
    response = client.get(f"/api/v1/orgs/{org.slug}", headers=bearer(member_user, org, Role.MEMBER))
    assert response.status_code == 200
    assert response.json()["slug"] == org.slug


def test_detail_of_unknown_organization_is_404(client, org, admin_user):
    response = client.get("/api/v1/orgs/nessuna", headers=bearer(admin_user, org))
    assert response.status_code == 404
    assert response.json() == {"detail": "Non trovato.", "code": "not_found"}


def test_session_authentication_works_for_reads(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get(f"/api/v1/orgs/{org.slug}").status_code == 200


def test_affiliations_both_directions_with_dates_and_active_flag(
    client, org, other_org, consortium, platform_admin
):
    # given org in the consortium since 2020, other_org left it in 2021
    today = timezone.localdate()
    affiliation_create(
        actor=None, organization=org, group=consortium, start_date=dt.date(2020, 1, 1)
    )
    affiliation_create(
        actor=None,
        organization=other_org,
        group=consortium,
        start_date=dt.date(2019, 5, 1),
        end_date=dt.date(2021, 6, 30),
    )
    federation = OrganizationFactory.create(
        slug="federazione", short_name="Federazione", kind=OrganizationKind.FEDERATION
    )
    affiliation_create(actor=None, organization=consortium, group=federation, start_date=today)
    headers = admin_bearer(platform_admin, org)
    # when the consortium's affiliations are read
    response = client.get(f"/api/v1/orgs/{consortium.slug}/affiliations", headers=headers)
    # then both directions are there
    assert response.status_code == 200
    consortium_ref = {
        "slug": "consorzio-aurora",
        "short_name": "Consorzio Aurora",
        "kind": "consortium",
    }
    assert response.json() == {
        "member_of": [
            {
                "member": consortium_ref,
                "group": {"slug": "federazione", "short_name": "Federazione", "kind": "federation"},
                "start_date": today.isoformat(),
                "end_date": None,
                "active": True,
            }
        ],
        "members": [
            {
                "member": {
                    "slug": other_org.slug,
                    "short_name": "Altra Coop",
                    "kind": "social_coop_a",
                },
                "group": consortium_ref,
                "start_date": "2019-05-01",
                "end_date": "2021-06-30",
                "active": False,
            },
            {
                "member": {"slug": org.slug, "short_name": "La Ginestra", "kind": "social_coop_a"},
                "group": consortium_ref,
                "start_date": "2020-01-01",
                "end_date": None,
                "active": True,
            },
        ],
    }
    # and a cooperative sees the group it belongs to
    mine = client.get(f"/api/v1/orgs/{org.slug}/affiliations", headers=headers).json()
    assert [a["group"]["slug"] for a in mine["member_of"]] == ["consorzio-aurora"]
    assert mine["members"] == []


def test_incubations_both_directions_with_support(client, org, other_org, admin_user):
    # given org incubated by other_org and itself incubating a new cooperative
    new_coop = OrganizationFactory.create(slug="germoglio", short_name="Germoglio")
    incubation_create(
        actor=None,
        organization=other_org,
        child=org,
        start_date=dt.date(2015, 1, 1),
        support=["people", "capital"],
    )
    incubation_create(
        actor=None,
        organization=org,
        child=new_coop,
        start_date=dt.date(2022, 9, 1),
        support=["back_office", "contracts"],
    )
    # when org's administrator reads its incubations
    response = client.get(f"/api/v1/orgs/{org.slug}/incubations", headers=bearer(admin_user, org))
    # then both sides are there with the support given
    assert response.status_code == 200
    org_ref = {"slug": org.slug, "short_name": "La Ginestra", "kind": "social_coop_a"}
    assert response.json() == {
        "incubated_by": [
            {
                "incubator": {
                    "slug": other_org.slug,
                    "short_name": "Altra Coop",
                    "kind": "social_coop_a",
                },
                "incubated": org_ref,
                "start_date": "2015-01-01",
                "support_people": True,
                "support_back_office": False,
                "support_capital": True,
                "support_contracts": False,
            }
        ],
        "incubated": [
            {
                "incubator": org_ref,
                "incubated": {
                    "slug": "germoglio",
                    "short_name": "Germoglio",
                    "kind": "social_coop_a",
                },
                "start_date": "2022-09-01",
                "support_people": False,
                "support_back_office": True,
                "support_capital": False,
                "support_contracts": True,
            }
        ],
    }


def _slug_operations():
    from config.api import api

    schema = api.get_openapi_schema()
    return sorted(
        (method, path.removeprefix("/api/v1"))
        for path, operations in schema["paths"].items()
        if "{slug}" in path
        for method in operations
    )


def test_slug_operations_are_found():
    assert ("get", "/orgs/{slug}/affiliations") in _slug_operations()


@pytest.mark.parametrize(("method", "path"), _slug_operations())
def test_outsider_token_gets_404_on_every_organization_path(
    client, org, other_org, outsider, method, path
):
    # given an administrator of another organization with a token there
    headers = bearer(outsider, other_org)
    # when they call an operation on org, then it is "not found", as for an unknown slug
    response = getattr(client, method)(
        "/api/v1" + path.replace("{slug}", org.slug), headers=headers
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("method", "path"), _slug_operations())
def test_consortium_staff_token_does_not_reach_non_affiliates(
    client, other_org, staff_headers, method, path
):
    response = getattr(client, method)(
        "/api/v1" + path.replace("{slug}", other_org.slug), headers=staff_headers
    )
    assert response.status_code == 404


# --- POST /api/v1/orgs ------------------------------------------------------------------------

NEW_ORG = {
    "kind": "social_coop_a",
    "legal_name": "La Quercia cooperativa sociale",
    "short_name": "La Quercia",
    "slug": "la-quercia",
}


def post(client, headers, body):
    return client.post(
        "/api/v1/orgs", json.dumps(body), content_type="application/json", headers=headers
    )


def test_platform_admin_creates_an_organization(client, platform_admin, org, consortium):
    # given a platform administrator
    headers = admin_bearer(platform_admin, org)
    # when they post a complete organization affiliated to the consortium
    body = {
        **NEW_ORG,
        "codice_fiscale": VALID_CF,
        "partita_iva": f"IT {VALID_CF}",
        "legal_form": "scrl",
        "albo_number": "A1",
        "albo_section": "A",
        "rea_number": "BO-1",
        "founded_on": "2024-02-01",
        "address": "Via Emilia 10",
        "seat_comune": BOLOGNA,
        "email": "info@quercia.example",
        "pec": "",
        "phone": "",
        "website": "",
        "sectors": ["88.10.00"],
        "served_comuni": [BOLOGNA, IMOLA],
        "consortium": consortium.slug,
        "joined_on": "2024-03-01",
    }
    response = post(client, headers, body)
    # then it exists, with the detail shape in the answer, audited and affiliated
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["slug"] == "la-quercia"
    assert created["partita_iva"] == VALID_CF  # compacted
    assert created["seat_comune"] == {"istat_code": BOLOGNA, "name": "Bologna", "province": "BO"}
    assert created["sectors"] == ["88.10.00"]
    assert created["served_comuni"] == [BOLOGNA, IMOLA]
    assert created == client.get("/api/v1/orgs/la-quercia", headers=headers).json()
    entry = AuditEntry.objects.get(action="network.organization.create")
    assert entry.actor == platform_admin
    affiliation = Affiliation.objects.get(organization__slug="la-quercia")
    assert (affiliation.group, affiliation.start_date) == (consortium, dt.date(2024, 3, 1))


def test_minimal_organization(client, platform_admin, org):
    response = post(client, admin_bearer(platform_admin, org), NEW_ORG)
    assert response.status_code == 201
    assert response.json()["seat_comune"] is None
    assert response.json()["sectors"] == []


def test_cooperative_admin_cannot_create(client, org, admin_user):
    response = post(client, bearer(admin_user, org), NEW_ORG)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Organization.objects.filter(slug="la-quercia").exists()


def test_create_without_credentials_is_401(client):
    response = post(client, {}, NEW_ORG)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_session_post_needs_csrf(platform_admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(platform_admin)
    response = post(client, {}, NEW_ORG)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Organization.objects.filter(slug="la-quercia").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"codice_fiscale": "02111110034"}, "codice_fiscale", "Codice fiscale non valido"),
        ({"codice_fiscale": "RSSMRA85T10A562X"}, "codice_fiscale", "Codice fiscale non valido"),
        ({"partita_iva": "1234"}, "partita_iva", "Partita IVA non valida: la lunghezza"),
        ({"seat_comune": "999999"}, "seat_comune", "Comune sconosciuto"),
        ({"served_comuni": [BOLOGNA, "999999"]}, "served_comuni", "999999"),
        ({"sectors": ["99.99.99"]}, "sectors", "Codice ATECO sconosciuto: 99.99.99"),
        ({"slug": "la-ginestra"}, "slug", "esiste già"),
        ({"slug": "non valido!"}, "slug", ""),
        ({"consortium": "altra-coop"}, "consortium", "consorzio o a una federazione"),
        ({"consortium": "nessuno"}, "consortium", "sconosciuto"),
        ({"joined_on": "2024-01-01"}, "joined_on", "richiede un consorzio"),
        ({"kind": "spaceship"}, "kind", ""),
        ({"legal_name": ""}, "legal_name", ""),
        ({"email": "non-una-mail"}, "email", ""),
        ({"founded_on": "2024-02-30"}, "founded_on", ""),
        ({"address": "Via\x00Roma"}, "address", "NUL"),
        ({"sectors": ["88\x00"]}, "sectors", "NUL"),
    ],
)
def test_bad_input_is_422_with_field_errors_and_nothing_saved(
    client, platform_admin, org, other_org, changes, field, message
):
    # given a platform administrator
    headers = admin_bearer(platform_admin, org)
    audit_before = AuditEntry.objects.count()
    # when they post an organization with one bad field
    response = post(client, headers, {**NEW_ORG, **changes})
    # then the answer names the field, in Italian where the message is ours, and nothing is saved
    assert response.status_code == 422, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"], body
    assert message in " ".join(body["errors"][field])
    assert Organization.objects.count() == 2
    assert AuditEntry.objects.count() == audit_before


def test_missing_fields_are_422_each_named(client, platform_admin, org):
    response = post(client, admin_bearer(platform_admin, org), {"short_name": "X"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert sorted(response.json()["errors"]) == ["kind", "legal_name", "slug"]


def test_malformed_json_is_400(client, platform_admin, org):
    response = client.post(
        "/api/v1/orgs",
        "{not json",
        content_type="application/json",
        headers=admin_bearer(platform_admin, org),
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body", "code": "bad_request"}


def test_platform_admin_without_roles_uses_a_token(client, org):
    # a platform admin's token needs no role of its own
    admin = UserFactory.create(is_superuser=True)
    response = client.get(f"/api/v1/orgs/{org.slug}", headers=bearer(admin, org, Role.COOP_ADMIN))
    assert response.status_code == 200
