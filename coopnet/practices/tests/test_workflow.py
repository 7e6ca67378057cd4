"""The whole path through the pages, with personas: the organizer (consortium staff), two
reviewers, two applicants, the public. Nothing of a review or a decision reaches an applicant
before the release day; a blind call hides the applicant from its reviewers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.practices.models import Call, Practice

from .conftest import close, make_call, submit


@pytest.fixture
def applicants(org, other_org, admin_user):
    return {org: admin_user, other_org: RoleAssignmentFactory.create(organization=other_org).user}


def _assign(client, consortium, staff, call, reviewers):
    client.force_login(staff)
    url = reverse("practices:call_assign", args=[consortium.slug, call.pk])
    response = client.post(url, {"reviewers": [r.pk for r in reviewers], "per_submission": 2})
    assert response.status_code == 302, response.content


def _review(client, consortium, reviewer, call, marks, comment):
    client.force_login(reviewer)
    listing = client.get(reverse("practices:reviews", args=[consortium.slug]))
    pages = []
    for assignment in listing.context["assignments"]:
        url = reverse("practices:review", args=[consortium.slug, assignment.pk])
        client.post(url, {"action": "declare", "conflict": "no"})
        data = {"action": "review", "note": "Nota riservata per lo staff"}
        for criterion, mark in zip(call.criteria.all(), marks, strict=True):
            data[f"c{criterion.pk}"] = mark
            data[f"c{criterion.pk}_comment"] = comment
        assert client.post(url, data).status_code == 302
        pages.append(client.get(url).content.decode())
    return pages


def _decide(client, consortium, staff, call):
    client.force_login(staff)
    for submission in call.submissions.all():
        url = reverse("practices:received", args=[consortium.slug, submission.pk])
        decision = "accolta" if submission.title == "La bottega di comunità" else "respinta"
        client.post(url, {"decision": decision, "feedback": "Motivazione: ottimo lavoro"})


def test_the_whole_workflow_leaks_nothing_before_release(
    client, consortium, consortium_staff, reviewers, applicants, org, other_org
):
    call = make_call(consortium, blind=True)
    submissions = [
        submit(call, org, title="La bottega di comunità"),
        submit(call, other_org, title="Il trasporto sociale"),
    ]
    close(call)
    _assign(client, consortium, consortium_staff, call, reviewers)
    pages = _review(client, consortium, reviewers[0], call, [8, 4], "Commento del valutatore")
    pages += _review(client, consortium, reviewers[1], call, [6, 2], "Commento del valutatore")
    assert len(pages) == 4
    assert all(o.short_name not in page and o.legal_name not in page
               for page in pages for o in (org, other_org))  # fmt: skip
    _decide(client, consortium, consortium_staff, call)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    release = reverse("practices:call_release", args=[consortium.slug, call.pk])
    assert client.post(release, {"on": tomorrow.isoformat()}).status_code == 302
    secrets = ("Accolta", "Respinta", "Motivazione: ottimo lavoro", "Commento del valutatore",
               "Nota riservata")  # fmt: skip

    def applicant_pages():
        for submission, (applicant, user) in zip(submissions, applicants.items(), strict=True):
            client.force_login(user)
            for url in (
                reverse("practices:home", args=[applicant.slug]),
                reverse("practices:submission", args=[applicant.slug, submission.pk]),
            ):
                yield client.get(url).content.decode()
        client.logout()
        yield client.get(reverse("practices:catalogue")).content.decode()

    for page in applicant_pages():
        assert not any(secret in page for secret in secrets)
        assert "La bottega di comunità</a> ·" not in page  # not yet in the catalogue
    Call.objects.filter(pk=call.pk).update(release_on=timezone.localdate())
    Practice.objects.for_org(consortium).update(published_on=timezone.localdate())
    client.force_login(applicants[org])
    mine = client.get(reverse("practices:submission", args=[org.slug, submissions[0].pk]))
    shown = mine.content.decode()
    assert "Accolta" in shown
    assert "Motivazione: ottimo lavoro" in shown
    assert "Commento del valutatore" not in shown
    assert "Nota riservata" not in shown
    client.logout()
    found = client.get(reverse("practices:catalogue"), {"q": "bottega comunita"})
    assert [p.title for p in found.context["page"]] == ["La bottega di comunità"]
    practice = found.context["page"][0]
    detail = client.get(reverse("practices:practice", args=[practice.pk])).content.decode()
    assert "<title>La bottega di comunità · Pievepelago" in detail
    assert '<meta name="description" content="Un emporio' in detail


def test_an_open_call_shows_applicant_names_to_reviewers(
    client, consortium, consortium_staff, reviewers, org
):
    call = make_call(consortium)
    submit(call, org)
    close(call)
    _assign(client, consortium, consortium_staff, call, reviewers)
    [page] = _review(client, consortium, reviewers[0], call, [8, 4], "ok")
    assert org.short_name in page


def test_the_ranking_page_lists_scores(client, consortium, consortium_staff, reviewers, org):
    call = make_call(consortium)
    submit(call, org)
    close(call)
    _assign(client, consortium, consortium_staff, call, reviewers)
    _review(client, consortium, reviewers[0], call, [10, 5], "ok")
    client.force_login(consortium_staff)
    response = client.get(reverse("practices:ranking", args=[consortium.slug, call.pk]))
    assert response.context["rows"][0].score == 100.0
