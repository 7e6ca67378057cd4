"""The services that read the clock take the moment (``now=``, default this moment), as
governance's do: a call run in the past (the demo's) is written without moving Django's
clock, and its checks hold at that moment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coopnet.core.models import Comune
from coopnet.practices import services
from coopnet.practices.models import Call

from .conftest import core, make_call, submit


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_a_past_call_runs_at_the_moments_given(consortium, org, reviewers):
    # given a call that opened 200 days ago and closed 140 days ago
    today = timezone.localdate()
    opens, closes = today - dt.timedelta(days=200), today - dt.timedelta(days=140)
    call = make_call(
        consortium,
        opens_on=opens,
        closes_at=at(closes, 18),
        reviews_due_on=closes + dt.timedelta(days=30),
    )
    sent = at(opens + dt.timedelta(days=10))
    # today it is closed: no draft
    with pytest.raises(ValidationError, match="chiuso"):
        services.submission_create(actor=None, call=call, applicant=org, title="Tardi")
    # at the moment given it was open: the draft is made and submitted then
    submission = services.submission_create(
        actor=None, call=call, applicant=org, title="In tempo", now=sent
    )
    assert call.is_open(sent)
    assert not call.is_open()
    saved = submit_at(submission, sent)
    assert saved.submitted_at == sent
    # reviewers are assigned after the deadline only
    with pytest.raises(ValidationError, match="dopo la scadenza"):
        services.reviewers_assign(
            actor=None, call=call, reviewers=reviewers, per_submission=1, now=sent
        )
    reviewed = at(closes + dt.timedelta(days=5))
    [assignment] = services.reviewers_assign(
        actor=None, call=call, reviewers=reviewers, per_submission=1, now=reviewed
    )
    reviewer = assignment.reviewer
    row = services.assignment_declare(
        actor=reviewer, assignment=assignment, conflict=False, now=reviewed
    )
    assert row.declared_at == reviewed
    scores = {c.pk: (c.scale_max, "") for c in call.criteria.all()}
    row = services.review_save(actor=reviewer, assignment=assignment, scores=scores, now=reviewed)
    assert row.completed_at == reviewed
    services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    # a release day in the past of the moment given is refused; on that moment's day it is not
    released = closes + dt.timedelta(days=40)
    with pytest.raises(ValidationError) as refused:
        services.decisions_release(
            actor=None, call=call, on=released - dt.timedelta(days=1), now=at(released)
        )
    assert "on" in refused.value.message_dict
    call = services.decisions_release(actor=None, call=call, on=released, now=at(released, 9))
    assert call.release_on == released
    assert Call.objects.get(pk=call.pk).submissions.get().practice.published_on == released


def submit_at(submission, now):
    """Fill the draft (no clock) and submit it at ``now``."""
    services.submission_save(
        actor=None,
        submission=submission,
        data=core(title=submission.title),
        comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )
    return services.submission_submit(actor=None, submission=submission, now=now)


def test_the_moment_defaults_to_now(call, org):
    submission = submit(call, org)
    assert abs(submission.submitted_at - timezone.now()) < dt.timedelta(minutes=1)
