"""The API: calls and the catalogue are public; an applicant's submissions show no decision
before its release day; a reviewer's assignments hide the applicant on a blind call."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory, bearer
from coopnet.practices import services
from coopnet.practices.models import Call, Practice

from .conftest import close, make_call, submit


def test_calls_and_practices_are_public_and_filtered(client, call, org):
    submission = submit(call, org)
    close(call)
    services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    services.decisions_release(actor=None, call=call, on=timezone.localdate())
    calls = client.get("/api/v1/practices/calls").json()
    assert [c["title"] for c in calls["items"]] == [call.title]
    found = client.get("/api/v1/practices", {"q": "comunita", "tema": "welfare"}).json()
    assert [p["comune_name"] for p in found["items"]] == ["Pievepelago"]
    assert client.get("/api/v1/practices", {"tema": "cura"}).json()["count"] == 0
    assert client.get("/api/v1/practices", {"anno": "x"}).status_code == 422
    practice = Practice.objects.for_org(call.organization).get()
    assert client.get(f"/api/v1/practices/{practice.pk}").json()["province"] == "MO"
    assert client.get("/api/v1/practices/abc").status_code == 404


def test_no_decision_before_release_day(client, consortium, org, admin_user, reviewers):
    call = make_call(consortium, blind=True)
    submission = submit(call, org)
    close(call)
    services.reviewers_assign(actor=None, call=call, reviewers=reviewers, per_submission=1)
    services.decision_save(actor=None, submission=submission, decision="respinta", feedback="No")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.decisions_release(actor=None, call=call, on=tomorrow)
    url = f"/api/v1/orgs/{org.slug}/practices/submissions"
    headers = bearer(admin_user, org, Role.COOP_ADMIN)
    [row] = client.get(url, headers=headers).json()["items"]
    assert (row["decision"], row["feedback"]) == (None, None)
    Call.objects.filter(pk=call.pk).update(release_on=timezone.localdate())
    [row] = client.get(url, headers=headers).json()["items"]
    assert (row["decision"], row["feedback"]) == ("respinta", "No")
    reviewer = next(r for r in reviewers if r.practice_assignments.exists())
    mine = client.get(
        f"/api/v1/orgs/{consortium.slug}/practices/reviews",
        headers=bearer(reviewer, consortium, Role.MEMBER),
    ).json()["items"]
    assert [(a["title"], a["applicant"]) for a in mine] == [(submission.title, None)]


def test_others_never_list_an_organizations_submissions(client, org, others_headers):
    url = f"/api/v1/orgs/{org.slug}/practices/submissions"
    assert client.get(url, headers=others_headers).status_code == 404


def test_stories_are_public_from_their_day(client, consortium, practice):
    today = timezone.localdate()
    data = {"text": "<b>Testo</b>", "practice": practice, "call": None}
    story = services.story_create(
        actor=None, organization=consortium, data={**data, "title": "Oggi", "published_on": today}
    )
    later = services.story_create(
        actor=None,
        organization=consortium,
        data={**data, "title": "Dopo", "published_on": today + dt.timedelta(days=2)},
    )
    rows = client.get("/api/v1/practices/stories").json()["items"]
    assert [(r["title"], r["text"], r["practice_id"]) for r in rows] == [
        ("Oggi", "<b>Testo</b>", practice.pk)
    ]
    assert client.get(f"/api/v1/practices/stories/{story.pk}").json()["organizer"] == str(
        consortium
    )
    assert client.get(f"/api/v1/practices/stories/{later.pk}").status_code == 404
    assert client.get("/api/v1/practices/stories/abc").status_code == 404
    assert client.get(f"/api/v1/practices/{practice.pk}").json()["out_of_date"] is False


def test_replication_requests_for_the_owner_and_the_organizer_only(
    client, practice, org, admin_user, consortium, consortium_staff, others_headers
):
    services.replication_ask(
        actor=None, practice=practice, requester=None, name="Gruppo", email="g@example.org",
        message="Vorremmo replicarla.",
    )  # fmt: skip
    for user, organization in ((admin_user, org), (consortium_staff, consortium)):
        url = f"/api/v1/orgs/{organization.slug}/practices/replications"
        headers = bearer(
            user,
            organization,
            Role.CONSORTIUM_STAFF if organization == consortium else Role.COOP_ADMIN,
        )
        [row] = client.get(url, headers=headers).json()["items"]
        assert (row["practice_id"], row["name"], row["state"]) == (practice.pk, "Gruppo", "nuova")
    url = f"/api/v1/orgs/{org.slug}/practices/replications"
    assert client.get(url, headers=others_headers).status_code == 404


def test_the_requesting_cooperative_reads_its_own_replication_requests(
    client, practice, org, admin_user, other_org, outsider
):
    ours = services.replication_ask(
        actor=outsider, practice=practice, requester=other_org, name="Marco",
        email="m@altra.example", message="Vorremmo replicarla.",
    )  # fmt: skip
    services.replication_ask(
        actor=None, practice=practice, requester=None, name="Gruppo", email="g@example.org",
        message="Anche noi.",
    )  # fmt: skip
    services.replication_decide(actor=None, request=ours, accept=False, answer="Non ora.")
    url = f"/api/v1/orgs/{other_org.slug}/practices/replications/asked"
    [row] = client.get(url, headers=bearer(outsider, other_org, Role.COOP_ADMIN)).json()["items"]
    assert (row["id"], row["state"], row["answer"]) == (ours.pk, "rifiutata", "Non ora.")
    assert row["decided_at"] is not None
    assert row["withdrawn_at"] is None
    # the owner of the practice made no request: an empty list; a plain member: 404
    mine = client.get(
        f"/api/v1/orgs/{org.slug}/practices/replications/asked",
        headers=bearer(admin_user, org, Role.COOP_ADMIN),
    ).json()
    assert mine["items"] == []
    plain = RoleAssignmentFactory.create(organization=other_org, role=Role.MEMBER).user
    assert client.get(url, headers=bearer(plain, other_org, Role.MEMBER)).status_code == 404
