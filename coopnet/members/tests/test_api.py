"""The libro soci API: personas (register readers see, members and outsiders get 404), the
register's filters and pagination, one member with ledger and history, constant queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory, bearer
from coopnet.members import services
from coopnet.members.models import MemberCategory

from .factories import LegalPersonFactory, PersonFactory, applicant, member

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/orgs/{slug}/members"
MEMBER = "/api/v1/orgs/{slug}/members/{pk}"


def ids(response):
    return [row["id"] for row in response.json()["items"]]


@pytest.fixture
def reader(org, admin_user):
    return bearer(admin_user, org, Role.COOP_ADMIN)


@pytest.fixture
def book(org, other_org):
    """Two active workers (one with shares), a volunteer, a legal person, an applicant, an
    excluded member; and a member of another organization."""
    rows = {
        "rossi": member(
            org,
            person=PersonFactory(organization=org, surname="Rossi", given_name="Giulia"),
            shares=2,
            paid=Decimal("30.00"),
        ),
        "verdi": member(org, person=PersonFactory(organization=org, surname="Verdi")),
        "volunteer": member(org, category=MemberCategory.VOLONTARIO),
        "ente": member(
            org,
            category=MemberCategory.PERSONA_GIURIDICA,
            person=LegalPersonFactory(organization=org, denomination="Fondazione Aurora"),
        ),
        "applicant": applicant(org),
        "excluded": member(org),
    }
    services.membership_exclude(
        actor=None,
        membership=rows["excluded"],
        decided_on=dt.date(2024, 6, 1),
        reason="Morosità",
        reference="CdA 5/2024",
    )
    rows["elsewhere"] = member(other_org)
    return rows


# --- personas -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COOP_ADMIN, Role.COORDINATOR, Role.HR_TUTOR])
def test_register_readers_see_the_active_members(client, org, book, role):
    # given an administrator, a coordinator or an HR tutor of the organization
    user = RoleAssignmentFactory.create(organization=org, role=role).user
    # when they list the register
    response = client.get(MEMBERS.format(slug=org.slug), headers=bearer(user, org, role))
    # then the active members are there, ordinary first, the volunteers' section last
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert ids(response) == [book[k].pk for k in ("rossi", "verdi", "ente", "volunteer")]


def test_a_logged_in_reader_sees_it_too(client, org, admin_user, book):
    client.force_login(admin_user)
    assert client.get(MEMBERS.format(slug=org.slug)).json()["count"] == 4


def test_others_get_404(client, org, others_headers, book):
    # given a plain member of the organization, or an administrator of another one
    # when they ask for the register or a member, then the organization does not exist for them
    for url in (MEMBERS.format(slug=org.slug), MEMBER.format(slug=org.slug, pk=book["rossi"].pk)):
        response = client.get(url, headers=others_headers)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Non trovato.", "code": "not_found"}


# --- the list -----------------------------------------------------------------------------


def test_a_row_shows_the_register_line_and_capital(client, org, reader, book):
    response = client.get(MEMBERS.format(slug=org.slug), headers=reader)
    rows = {row["id"]: row for row in response.json()["items"]}
    rossi = book["rossi"]
    assert rows[rossi.pk] == {
        "id": rossi.pk,
        "register_number": rossi.register_number,
        "person": {
            "id": rossi.person_id,
            "name": "Rossi Giulia",
            "kind": "fisica",
            "codice_fiscale": rossi.person.codice_fiscale,
            "partita_iva": "",
        },
        "category": "lavoratore",
        "status": "attivo",
        "applied_on": "2024-01-10",
        "admitted_on": "2024-02-01",
        "ended_on": None,
        "exit_cause": None,
        "exit_reason": "",
        "shares": 2,
        "capital_subscribed": "50.00",
        "capital_paid": "30.00",
    }
    ente = rows[book["ente"].pk]
    assert ente["person"]["kind"] == "giuridica"
    assert ente["person"]["name"] == "Fondazione Aurora"
    assert ente["person"]["partita_iva"] == book["ente"].person.partita_iva
    assert rows[book["verdi"].pk]["capital_paid"] == "0.00"
    # and never contacts
    assert "@example.org" not in response.content.decode()


def test_an_applicant_without_a_share_account_shows_no_capital(client, org, reader, book):
    response = client.get(MEMBERS.format(slug=org.slug), {"status": "applied"}, headers=reader)
    [row] = response.json()["items"]
    assert row["id"] == book["applicant"].pk
    assert row["register_number"] is None
    assert (row["shares"], row["capital_subscribed"], row["capital_paid"]) == (0, "0.00", "0.00")


def test_filters_by_status_category_and_search(client, org, reader, book):
    url = MEMBERS.format(slug=org.slug)
    exited = client.get(url, {"status": "exited"}, headers=reader).json()["items"]
    assert [row["id"] for row in exited] == [book["excluded"].pk]
    assert exited[0]["exit_cause"] == "esclusione"
    assert exited[0]["exit_reason"] == "Morosità"
    assert exited[0]["ended_on"] == "2024-06-01"
    assert client.get(url, {"status": "all"}, headers=reader).json()["count"] == 6
    volunteers = client.get(url, {"category": "volontario"}, headers=reader)
    assert ids(volunteers) == [book["volunteer"].pk]
    assert ids(client.get(url, {"q": "rossi giu"}, headers=reader)) == [book["rossi"].pk]
    number = str(book["verdi"].register_number)
    assert ids(client.get(url, {"q": number}, headers=reader)) == [book["verdi"].pk]
    cf = book["rossi"].person.codice_fiscale[:9]
    assert ids(client.get(url, {"q": cf}, headers=reader)) == [book["rossi"].pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "ex"}, "status"),
        ({"category": "ospite"}, "category"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_filters_are_422(client, org, reader, query, field):
    response = client.get(MEMBERS.format(slug=org.slug), query, headers=reader)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]


def test_pagination(client, org, reader, book):
    url = MEMBERS.format(slug=org.slug)
    page = client.get(url, {"limit": 2, "offset": 1}, headers=reader)
    assert page.json()["count"] == 4
    assert ids(page) == [book["verdi"].pk, book["ente"].pk]
    assert client.get(url, {"limit": 201}, headers=reader).status_code == 422


def test_the_query_count_does_not_grow_with_the_rows(client, org, reader):
    url = MEMBERS.format(slug=org.slug)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"status": "all"}, headers=reader).status_code == 200
        return len(captured)

    member(org, shares=1)
    few = queries()
    for _ in range(5):
        member(org, shares=1)
        member(org, category=MemberCategory.VOLONTARIO)
        applicant(org)
    assert queries() == few


# --- one member ---------------------------------------------------------------------------


def test_a_member_with_ledger_and_history(client, org, book):
    # given a transfer of one paid share from Rossi to Verdi
    rossi, verdi = book["rossi"], book["verdi"]
    services.shares_pay(
        actor=None, membership=rossi, amount=Decimal("20.00"), date=dt.date(2024, 3, 1)
    )
    services.shares_transfer(
        actor=None,
        source=rossi,
        target=verdi,
        shares=1,
        date=dt.date(2024, 4, 1),
        board_approval_ref="CdA 3/2024",
    )
    coordinator = RoleAssignmentFactory.create(organization=org, role=Role.COORDINATOR).user
    headers = bearer(coordinator, org, Role.COORDINATOR)
    # when a coordinator opens Rossi
    response = client.get(MEMBER.format(slug=org.slug, pk=rossi.pk), headers=headers)
    # then the line, the ledger and the history are there, oldest first
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["person"]["name"], body["shares"]) == (rossi.pk, "Rossi Giulia", 1)
    assert [line["kind"] for line in body["ledger"]] == [
        "sottoscrizione",
        "versamento",
        "versamento",
        "cessione",
    ]
    assert body["ledger"][0]["shares_delta"] == 2
    assert body["ledger"][0]["subscribed_delta"] == "50.00"
    transfer = body["ledger"][-1]
    assert transfer["shares_delta"] == -1
    assert transfer["counterparty"] == {
        "id": verdi.pk,
        "register_number": verdi.register_number,
        "name": verdi.person.display_name,
    }
    assert transfer["reference"] == "CdA 3/2024"
    assert [event["kind"] for event in body["events"]] == ["domanda", "ammissione"]
    assert body["events"][1]["reference"] == "CdA 1/2024"
    assert "@example.org" not in response.content.decode()


def test_an_exited_member_shows_the_exit(client, org, reader, book):
    response = client.get(MEMBER.format(slug=org.slug, pk=book["excluded"].pk), headers=reader)
    body = response.json()
    assert (body["status"], body["exit_cause"]) == ("escluso", "esclusione")
    assert body["events"][-1]["kind"] == "esclusione"
    assert body["ledger"] == []


@pytest.mark.parametrize("pk", ["elsewhere", "999999", "abc", "-1"])
def test_another_organizations_or_an_unknown_member_is_a_json_404(client, org, reader, book, pk):
    pk = book[pk].pk if pk in book else pk
    response = client.get(MEMBER.format(slug=org.slug, pk=pk), headers=reader)
    assert response.status_code == 404
    assert response.json() == {"detail": "Non trovato.", "code": "not_found"}


def test_a_too_large_id_is_422(client, org, reader):
    response = client.get(MEMBER.format(slug=org.slug, pk=2**31), headers=reader)
    assert response.status_code == 422
    assert "membership_id" in response.json()["errors"]
