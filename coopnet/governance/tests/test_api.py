"""The register of meetings API: personas (administrators see, members and outsiders get 404),
the list and its year filter, one meeting with its agenda, ballots that show nothing while
open and their stored result once closed, constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopnet.core.models import Role
from coopnet.core.tests.factories import bearer
from coopnet.governance import services
from coopnet.governance.models import BallotResult, ItemKind, MeetingKind

from .factories import (
    FIRST_CALL,
    IN_TIME,
    convened,
    first_item,
    in_session,
    meeting,
    members,
    present,
    statute,
    vote,
)

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/orgs/{slug}/meetings"
MEETING = "/api/v1/orgs/{slug}/meetings/{pk}"
NOT_FOUND = {"detail": "Non trovato.", "code": "not_found"}


@pytest.fixture
def reader(org, admin_user):
    return bearer(admin_user, org, Role.COOP_ADMIN)


@pytest.fixture
def session(org):
    """An ordinary assembly in session with two points and four members present."""
    people = members(org, 4)
    assembly = in_session(
        org,
        items=(("Bilancio 2025", ItemKind.ACCOUNTS), ("Regolamento interno", ItemKind.OTHER)),
    )
    present(assembly, *people)
    return assembly, people


# --- personas -----------------------------------------------------------------------------


def test_an_administrator_sees_the_list_and_a_meeting(client, org, reader):
    # given an assembly convened and a board meeting in preparation the year after
    assembly = convened(org, title="Assemblea di bilancio")
    board = meeting(
        org,
        kind=MeetingKind.BOARD,
        board_members=members(org, 3),
        items=(("Varie", ItemKind.OTHER),),
        first_call_at=FIRST_CALL + dt.timedelta(days=365),
        place="",
        online_url="https://meet.example.org/cda",
    )
    # when the administrator lists the meetings
    response = client.get(MEETINGS.format(slug=org.slug), headers=reader)
    # then both are there, newest first
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["items"]] == [board.pk, assembly.pk]
    assert body["items"][1] == {
        "id": assembly.pk,
        "number": assembly.number,
        "kind": "ordinaria",
        "title": "Assemblea di bilancio",
        "status": "convocata",
        "first_call_at": "2026-06-15T16:00:00Z",
        "second_call_at": "2026-06-16T16:00:00Z",
        "place": "Sala civica, via Roma 1",
        "convened_on": IN_TIME.isoformat(),
    }
    assert body["items"][0]["kind"] == "consiglio"
    assert body["items"][0]["convened_on"] is None
    # and the year and kind filters of the page
    url = MEETINGS.format(slug=org.slug)
    only_2026 = client.get(url, {"year": 2026}, headers=reader).json()["items"]
    assert [row["id"] for row in only_2026] == [assembly.pk]
    boards = client.get(url, {"kind": "consiglio"}, headers=reader).json()["items"]
    assert [row["id"] for row in boards] == [board.pk]
    # and one meeting shows its agenda
    detail = client.get(MEETING.format(slug=org.slug, pk=assembly.pk), headers=reader)
    assert detail.status_code == 200
    assert detail.json()["items"] == [
        {
            "id": first_item(assembly).pk,
            "position": 1,
            "title": "Bilancio 2025",
            "kind": "bilancio",
            "ballot": None,
        }
    ]


def test_others_get_404(client, org, others_headers):
    # given a plain member of the organization, or an administrator of another one
    assembly = convened(org)
    # when they ask for the register or a meeting, then the organization does not exist
    for url in (MEETINGS.format(slug=org.slug), MEETING.format(slug=org.slug, pk=assembly.pk)):
        response = client.get(url, headers=others_headers)
        assert response.status_code == 404, url
        assert response.json() == NOT_FOUND


@pytest.mark.parametrize("pk", ["elsewhere", "999999", "abc", "-1"])
def test_another_organizations_or_an_unknown_meeting_is_a_json_404(
    client, org, other_org, reader, pk
):
    pk = convened(other_org).pk if pk == "elsewhere" else pk
    response = client.get(MEETING.format(slug=org.slug, pk=pk), headers=reader)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(("query", "field"), [({"year": 1800}, "year"), ({"kind": "x"}, "kind")])
def test_bad_filters_are_422(client, org, reader, query, field):
    response = client.get(MEETINGS.format(slug=org.slug), query, headers=reader)
    assert response.status_code == 422
    assert field in response.json()["errors"]


# --- ballots ------------------------------------------------------------------------------


def test_an_open_ballot_shows_no_counts(client, org, reader, session):
    # given an open secret ballot with votes already cast
    assembly, people = session
    ballot = services.ballot_open(actor=None, item=first_item(assembly), secret=True)
    vote(ballot, assembly, people[0], "favorevole")
    vote(ballot, assembly, people[1], "contrario")
    # when the administrator reads the meeting
    response = client.get(MEETING.format(slug=org.slug, pk=assembly.pk), headers=reader)
    # then the point only says that a vote is open
    [voted, other] = response.json()["items"]
    assert voted["ballot"] == {
        "state": "open",
        "secret": True,
        "remote": False,
        "opens_at": voted["ballot"]["opens_at"],
        "closes_at": None,
        "result": None,
    }
    assert other["ballot"] is None
    assert "favorevole" not in response.content.decode()


@pytest.mark.parametrize("secret", [False, True])
def test_a_closed_ballot_shows_its_stored_totals(client, org, reader, session, secret):
    # given a ballot closed with three in favour and one against
    assembly, people = session
    ballot = services.ballot_open(actor=None, item=first_item(assembly), secret=secret)
    choices = ["favorevole", "favorevole", "contrario", "favorevole"]
    for person, choice in zip(people, choices, strict=True):
        vote(ballot, assembly, person, choice)
    stored = services.ballot_close(actor=None, ballot=ballot)
    # when the administrator reads the meeting
    response = client.get(MEETING.format(slug=org.slug, pk=assembly.pk), headers=reader)
    # then the point shows the result written at closing
    result = response.json()["items"][0]["ballot"]["result"]
    assert response.json()["items"][0]["ballot"]["state"] == "closed"
    assert result["approved"] is True
    assert result["quorum_reached"] is True
    assert result["choices"] == [
        {"code": "favorevole", "label": "Favorevole", "votes": "3.0000"},
        {"code": "contrario", "label": "Contrario", "votes": "1.0000"},
        {"code": "astenuto", "label": "Astenuto", "votes": "0.0000"},
    ]
    assert (result["voters"], result["present_heads"]) == (4, 4)
    assert result["present_votes"] == str(stored.present_votes)
    assert (result["majority"], result["counting"], result["call"]) == (
        stored.majority,
        stored.counting,
        "prima",
    )
    assert result["automatic"] is False
    # and never who voted
    for person in people:
        assert person.person.display_name not in response.content.decode()


def test_a_ballot_past_its_window_shows_the_result_written_on_reading(client, org, reader):
    # given a remote vote that closed an hour ago and that nobody closed
    statute(org, remote_voting_allowed=True)
    assembly = convened(org)
    now = timezone.now()
    services.ballot_open(
        actor=None,
        item=first_item(assembly),
        secret=False,
        remote=True,
        closes_at=now - dt.timedelta(hours=1),
        now=now - dt.timedelta(days=1),
    )
    # when the administrator reads the meeting, then it is closed with its stored result
    response = client.get(MEETING.format(slug=org.slug, pk=assembly.pk), headers=reader)
    ballot = response.json()["items"][0]["ballot"]
    assert ballot["state"] == "closed"
    assert ballot["result"]["automatic"] is True
    assert BallotResult.objects.filter(ballot__item__meeting=assembly).count() == 1


# --- queries ------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_rows(client, org, reader):
    url = MEETINGS.format(slug=org.slug)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=reader).status_code == 200
        return len(captured)

    meeting(org)
    few = queries()
    for day in range(1, 6):
        meeting(org, first_call_at=FIRST_CALL + dt.timedelta(days=day), second_call_at=None)
    assert queries() == few
