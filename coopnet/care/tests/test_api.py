"""The care API: visits by persona (planner all, carer own, others 404), filters, pagination and
the period's limits, the carer's check-in and check-out, delivered hours by carer."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopnet.care.models import VisitStatus
from coopnet.care.services import visits
from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory, bearer

from .conftest import at
from .factories import (
    LineFactory,
    PersonFactory,
    VisitFactory,
    paid_carer,
    volunteer_carer,
)

pytestmark = pytest.mark.django_db

VISITS = "/api/v1/orgs/{slug}/care/visits"
ACTION = "/api/v1/orgs/{slug}/care/visits/{pk}/{action}"
HOURS = "/api/v1/orgs/{slug}/care/hours"
JUNE = dt.date(2025, 6, 2)


def assigned(org, carer, day, hour, **fields):
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=day, **fields)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(day, hour))
    visit.refresh_from_db()
    return visit


def ids(response):
    return [row["id"] for row in response.json()["items"]]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def planner(org, coordinator):
    return bearer(coordinator, org, Role.COORDINATOR)


@pytest.fixture
def own(org, carer_user):
    return bearer(carer_user, org, Role.CARER)


@pytest.fixture
def colleague_user(org):
    """Another carer of ``org``, with their own login."""
    return RoleAssignmentFactory.create(organization=org, role=Role.CARER).user


@pytest.fixture
def day(org, other_org, carer, colleague_user, today):
    """Today: the carer's visit at 9, a colleague's at 8, one to assign; one tomorrow; and a
    visit of another organization."""
    colleague = paid_carer(org, person=PersonFactory.create(organization=org, user=colleague_user))
    rows = {
        "mine": assigned(org, carer, today, 9),
        "colleague": assigned(org, colleague, today, 8),
        "open": VisitFactory.create(line=LineFactory.create(organization=org), date=today),
        "tomorrow": assigned(org, carer, today + dt.timedelta(days=1), 10),
    }
    VisitFactory.create(line=LineFactory.create(organization=other_org), date=today)
    return {**rows, "colleague_carer": colleague}


# --- GET /orgs/{slug}/care/visits ---------------------------------------------------------------


def test_a_planner_sees_every_visit_of_the_day_in_order(client, org, planner, day):
    # when a coordinator lists today's visits (the default period)
    response = client.get(VISITS.format(slug=org.slug), headers=planner)
    # then every visit of the organization is there, by planned start, unassigned last
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert ids(response) == [day["colleague"].pk, day["mine"].pk, day["open"].pk]


def test_a_visit_shows_the_beneficiary_by_name_only(client, org, planner, day):
    visit = day["mine"]
    visit.beneficiary.needs = "Chiavi dal vicino"
    visit.beneficiary.save()
    response = client.get(VISITS.format(slug=org.slug), headers=planner)
    row = next(r for r in response.json()["items"] if r["id"] == visit.pk)
    person = visit.beneficiary.person
    assert row["beneficiary"] == {
        "id": visit.beneficiary_id,
        "name": f"{person.surname} {person.given_name}",
    }
    assert row["service"] == {"code": visit.service_type.code, "name": visit.service_type.name}
    assert row["carer"]["id"] == visit.carer_id
    assert row["status"] == "scheduled"
    assert row["window_start"] == "08:00:00"
    assert row["duration"] == 60
    assert row["checked_in_at"] is None
    assert "Chiavi" not in response.content.decode()
    unassigned = next(r for r in response.json()["items"] if r["id"] == day["open"].pk)
    assert unassigned["carer"] is None
    assert unassigned["planned_start"] is None


def test_a_carer_sees_only_their_own_visits(client, org, own, day, today):
    # when the carer lists today and tomorrow
    query = {"date_from": today, "date_to": today + dt.timedelta(days=1)}
    response = client.get(VISITS.format(slug=org.slug), query, headers=own)
    # then only their two visits are there, never a colleague's
    assert response.status_code == 200
    assert ids(response) == [day["mine"].pk, day["tomorrow"].pk]
    # and asking for a colleague's visits gives nothing
    query["carer"] = day["colleague_carer"].pk
    response = client.get(VISITS.format(slug=org.slug), query, headers=own)
    assert response.json()["count"] == 0


def test_a_carer_role_without_a_carer_record_sees_no_visit(client, org, day):
    user = RoleAssignmentFactory.create(organization=org, role=Role.CARER).user
    response = client.get(VISITS.format(slug=org.slug), headers=bearer(user, org, Role.CARER))
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_others_get_404(client, org, others_headers, day):
    # given a plain member of the organization, or an administrator of another one
    # when they call any care endpoint, then the organization does not exist for them
    calls = [
        (client.get, VISITS.format(slug=org.slug)),
        (client.get, HOURS.format(slug=org.slug)),
        (client.post, ACTION.format(slug=org.slug, pk=day["mine"].pk, action="check-in")),
        (client.post, ACTION.format(slug=org.slug, pk=day["mine"].pk, action="check-out")),
    ]
    for call, url in calls:
        response = call(url, headers=others_headers)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Non trovato.", "code": "not_found"}


def test_filters_by_period_status_and_carer(client, org, planner, day, today):
    url = VISITS.format(slug=org.slug)
    week = {"date_from": today, "date_to": today + dt.timedelta(days=6)}
    assert client.get(url, week, headers=planner).json()["count"] == 4
    assert ids(client.get(url, {**week, "status": "planned"}, headers=planner)) == [day["open"].pk]
    by_carer = client.get(url, {**week, "carer": day["mine"].carer_id}, headers=planner)
    assert ids(by_carer) == [day["mine"].pk, day["tomorrow"].pk]
    only_tomorrow = {"date_from": today + dt.timedelta(days=1)}
    assert ids(client.get(url, only_tomorrow, headers=planner)) == [day["tomorrow"].pk]


def test_pagination(client, org, planner, day):
    url = VISITS.format(slug=org.slug)
    page = client.get(url, {"limit": 1, "offset": 1}, headers=planner)
    assert page.json()["count"] == 3
    assert ids(page) == [day["mine"].pk]
    assert client.get(url, {"limit": 201}, headers=planner).status_code == 422
    assert client.get(url, {"limit": 200}, headers=planner).status_code == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"date_from": "2025-06-10", "date_to": "2025-06-09"},
            "date_to",
            "La data di fine non può precedere la data di inizio.",
        ),
        (
            {"date_from": "2025-01-01", "date_to": "2025-04-03"},
            "date_to",
            "Chiedi al massimo 92 giorni per volta.",
        ),
        ({"date_from": "2025-02-31"}, "date_from", "Data non valida: usa il formato AAAA-MM-GG."),
        ({"status": "finished"}, "status", None),
        ({"carer": 0}, "carer", "Deve essere almeno 1."),
    ],
)
def test_bad_filters_are_422(client, org, planner, query, field, message):
    response = client.get(VISITS.format(slug=org.slug), query, headers=planner)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    if message:
        assert body["errors"][field] == [message]


def test_92_days_are_allowed(client, org, planner):
    query = {"date_from": "2025-07-01", "date_to": "2025-09-30"}
    assert client.get(VISITS.format(slug=org.slug), query, headers=planner).status_code == 200


def test_the_query_count_does_not_grow_with_the_rows(client, org, planner, today):
    url = VISITS.format(slug=org.slug)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=planner).status_code == 200
        return len(captured)

    carer = paid_carer(org)
    assigned(org, carer, today, 8)
    few = queries()
    for hour in range(9, 17):
        assigned(org, paid_carer(org), today, hour)
        VisitFactory.create(line=LineFactory.create(organization=org), date=today)
    assert queries() == few


# --- POST check-in / check-out ----------------------------------------------------------------


def test_the_carer_checks_in_and_out(client, org, own, day):
    visit = day["mine"]
    check_in = ACTION.format(slug=org.slug, pk=visit.pk, action="check-in")
    check_out = ACTION.format(slug=org.slug, pk=visit.pk, action="check-out")
    # when the carer arrives
    response = client.post(check_in, headers=own)
    # then the visit is in progress
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["checked_in_at"]
    # and when they leave with a note
    body = {"notes": "Tutto bene", "tasks_done": "Igiene"}
    response = client.post(check_out, body, content_type="application/json", headers=own)
    # then the visit is done
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    visit.refresh_from_db()
    assert (visit.status, visit.notes, visit.tasks_done) == (
        VisitStatus.DONE,
        "Tutto bene",
        "Igiene",
    )


def test_check_out_without_a_body(client, org, own, day):
    visit = day["mine"]
    client.post(ACTION.format(slug=org.slug, pk=visit.pk, action="check-in"), headers=own)
    url = ACTION.format(slug=org.slug, pk=visit.pk, action="check-out")
    response = client.generic("POST", url, headers=own)
    assert response.status_code == 200
    assert response.json()["checked_out_at"]


def test_check_out_with_a_body_that_is_not_json_is_400(client, org, own, day):
    visit = day["mine"]
    client.post(ACTION.format(slug=org.slug, pk=visit.pk, action="check-in"), headers=own)
    url = ACTION.format(slug=org.slug, pk=visit.pk, action="check-out")
    response = client.post(url, {"notes": "modulo"}, headers=own)  # multipart, not JSON
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_PROGRESS


def test_the_service_refusals_are_422_with_their_message(client, org, own, day):
    visit = day["mine"]
    check_in = ACTION.format(slug=org.slug, pk=visit.pk, action="check-in")
    check_out = ACTION.format(slug=org.slug, pk=visit.pk, action="check-out")
    # leaving before arriving is refused
    response = client.generic("POST", check_out, headers=own)
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["Registra prima l'arrivo."]}
    # arriving twice is refused
    assert client.post(check_in, headers=own).status_code == 200
    response = client.post(check_in, headers=own)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "L'arrivo è già registrato alle" in response.json()["errors"]["__all__"][0]


def test_a_visit_of_another_day_is_refused(client, org, own, day):
    response = client.post(
        ACTION.format(slug=org.slug, pk=day["tomorrow"].pk, action="check-in"), headers=own
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "__all__": ["L'arrivo si registra nel giorno della visita."]
    }


def test_a_long_note_is_422(client, org, own, day):
    url = ACTION.format(slug=org.slug, pk=day["mine"].pk, action="check-out")
    body = {"notes": "x" * 2001}
    response = client.post(url, body, content_type="application/json", headers=own)
    assert response.status_code == 422
    assert "notes" in response.json()["errors"]


@pytest.mark.parametrize("who", ["colleague", "planner"])
def test_only_the_assigned_carer_checks_in(client, org, planner, colleague_user, day, who):
    # given another carer of the organization, or a coordinator
    visit = day["mine"]
    headers = bearer(colleague_user, org, Role.CARER) if who == "colleague" else planner
    # when they try to check in or out of the carer's visit, then it does not exist for them
    for action in ("check-in", "check-out"):
        url = ACTION.format(slug=org.slug, pk=visit.pk, action=action)
        assert client.post(url, headers=headers).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SCHEDULED


@pytest.mark.parametrize("pk", ["1000", "abc", "-1"])
def test_an_unknown_visit_is_a_json_404(client, org, own, day, pk):
    response = client.post(ACTION.format(slug=org.slug, pk=pk, action="check-in"), headers=own)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- GET /orgs/{slug}/care/hours ----------------------------------------------------------------


def delivered(org, carer, day, minutes):
    visit = assigned(org, carer, day, 9)
    visits.visit_check_in(actor=None, visit=visit, at=at(day, 9))
    visits.visit_check_out(actor=None, visit=visit, at=at(day, 9) + dt.timedelta(minutes=minutes))


def test_hours_by_carer_paid_and_volunteer_apart(client, org, planner):
    # given a worker's 90 + 30 minutes and a volunteer's hour in June, and a worker's July visit
    worker, volunteer = paid_carer(org), volunteer_carer(org)
    delivered(org, worker, JUNE, 90)
    delivered(org, worker, JUNE + dt.timedelta(days=1), 30)
    delivered(org, volunteer, JUNE + dt.timedelta(days=2), 60)
    delivered(org, worker, dt.date(2025, 7, 1), 45)
    # when the coordinator asks for June
    response = client.get(HOURS.format(slug=org.slug), {"month": "2025-06"}, headers=planner)
    # then each carer has a row, and the totals are exact decimals
    assert response.status_code == 200
    body = response.json()
    assert (body["month"], body["date_from"], body["date_to"]) == (
        "2025-06",
        "2025-06-01",
        "2025-06-30",
    )
    rows = {row["carer"]: row for row in body["carers"]}
    assert rows[worker.person.display_name] == {
        "carer": worker.person.display_name,
        "paid_hours": "2.00",
        "volunteer_hours": "0.00",
        "total_hours": "2.00",
    }
    assert rows[volunteer.person.display_name]["volunteer_hours"] == "1.00"
    assert (body["paid_hours"], body["volunteer_hours"], body["total_hours"]) == (
        "2.00",
        "1.00",
        "3.00",
    )


def test_hours_default_to_the_current_month(client, org, planner, today):
    response = client.get(HOURS.format(slug=org.slug), headers=planner)
    assert response.status_code == 200
    assert response.json()["month"] == f"{today:%Y-%m}"
    assert response.json()["carers"] == []
    assert response.json()["total_hours"] == "0.00"


@pytest.mark.parametrize("month", ["2025-13", "2025-6", "giugno", "0000-01"])
def test_a_bad_month_is_422(client, org, planner, month):
    response = client.get(HOURS.format(slug=org.slug), {"month": month}, headers=planner)
    assert response.status_code == 422
    assert "month" in response.json()["errors"]


def test_a_carer_does_not_see_the_hours(client, org, own):
    assert client.get(HOURS.format(slug=org.slug), headers=own).status_code == 404


def test_a_check_in_far_from_the_planned_time_is_flagged_through_the_api(
    client, org, own, carer, today
):
    # given a visit planned three hours away from now (the default tolerance is one hour)
    planned = timezone.now() - dt.timedelta(hours=3)
    if timezone.localtime(planned).date() != today:
        planned = timezone.now() + dt.timedelta(hours=3)
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=today)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=planned)
    # when the carer checks in and out through the API
    response = client.post(
        ACTION.format(slug=org.slug, pk=visit.pk, action="check-in"), headers=own
    )
    # then the answer says the visit waits for review, and why
    assert response.status_code == 200
    assert (response.json()["needs_review"], response.json()["review_flags"]) == (
        True,
        ["far_check_in"],
    )
    response = client.post(
        ACTION.format(slug=org.slug, pk=visit.pk, action="check-out"),
        {},
        content_type="application/json",
        headers=own,
    )
    assert response.json()["review_flags"] == ["far_check_in", "zero_minutes"]
