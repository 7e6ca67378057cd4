"""Personas of the practices tests: the organizer (``consortium``, its office
``consortium_staff``), two reviewers holding a role in it, two applicants (``org``, affiliated
to the consortium, and ``other_org``), and a call made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from coopnet.core.models import Affiliation, Comune, Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.practices import services
from coopnet.practices.models import Call, Practice, Submission


def call_data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "Premio innovazione sociale 2026",
        "text": "Cerchiamo pratiche che hanno cambiato un territorio.",
        "themes": ["welfare", "aree_interne"],
        "eligibility": "cooperative",
        "opens_on": today,
        "closes_at": timezone.now() + dt.timedelta(days=10),
        "reviews_due_on": today + dt.timedelta(days=30),
        "blind": False,
        "several_per_organization": False,
        **overrides,
    }


def make_call(organizer, *, publish: bool = True, **overrides: Any) -> Call:
    call = services.call_create(actor=None, organization=organizer, data=call_data(**overrides))
    services.criterion_add(
        actor=None, call=call, name="Impatto", weight=2, scale_min=0, scale_max=10
    )
    services.criterion_add(
        actor=None, call=call, name="Replicabilità", weight=1, scale_min=1, scale_max=5
    )
    return services.call_publish(actor=None, call=call) if publish else call


def close(call: Call) -> Call:
    """Move the call's deadline to an hour ago (tests have no clock to move)."""
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    call.refresh_from_db()
    return call


def core(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "La bottega di comunità",
        "summary": "Un emporio che riapre i servizi di un paese di montagna.",
        "problem": "Il paese aveva perso l'ultimo negozio.",
        "actions": "La cooperativa di comunità ha riaperto la bottega con i residenti.",
        "results": "120 famiglie servite, 3 posti di lavoro.",
        "people_involved": 120,
        "sector": "47.11",
        "organization_kind": "community_coop",
        "themes": ["welfare"],
        "sdgs": ["11"],
        "contact_name": "Anna Bianchi",
        "contact_email": "anna@example.org",
        "contact_phone": "",
        "licence": "cc-by-4.0",
        **overrides,
    }


def submit(
    call: Call,
    applicant,
    *,
    title: str = "La bottega di comunità",
    comune: str = "Pievepelago",
    **fields: Any,
):
    """A complete submission of ``applicant``, submitted."""
    submission = services.submission_create(actor=None, call=call, applicant=applicant, title=title)
    services.submission_save(
        actor=None,
        submission=submission,
        data=core(title=title, **fields),
        comuni=[Comune.objects.get(name=comune)],
        answers={},
    )
    return services.submission_submit(actor=None, submission=submission)


@pytest.fixture
def affiliated(org, consortium):
    """``org`` belongs to the consortium that runs the calls."""
    return Affiliation.objects.create(
        organization=org, group=consortium, start_date=dt.date(2020, 1, 1)
    )


def reviewer_of(consortium, email: str):
    return RoleAssignmentFactory.create(
        organization=consortium, role=Role.MEMBER, user__email=email
    ).user


@pytest.fixture
def reviewers(consortium):
    return [reviewer_of(consortium, e) for e in ("rita@example.org", "rocco@example.org")]


@pytest.fixture
def call(consortium):
    return make_call(consortium)


def reload(submission: Submission) -> Submission:
    return Submission.objects.for_org(submission.organization_id).get(pk=submission.pk)


def publish(call: Call, *submissions: Submission) -> list[Practice]:
    """Accept ``submissions`` (submitted to ``call``) and release the decisions today."""
    close(call)
    for submission in submissions:
        services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    services.decisions_release(actor=None, call=call, on=timezone.localdate())
    return [Practice.objects.get(submission=s) for s in submissions]


@pytest.fixture
def practice(call, org) -> Practice:
    """A public practice of ``org``, accepted in the consortium's call."""
    return publish(call, submit(call, org))[0]
