"""Review: balanced assignment without conflicts of interest, declarations, scores within the
scale, the weighted ranking with its spread, decisions fixed and released once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coopnet.core.models import Affiliation, OrganizationKind, Role
from coopnet.core.tests.factories import RoleAssignmentFactory, new_org
from coopnet.practices import selectors, services
from coopnet.practices.models import Practice

from .conftest import close, reviewer_of, submit


@pytest.fixture
def three(call, consortium):
    applicants = [new_org(slug=f"coop-{n}") for n in range(3)]
    submissions = [submit(call, a, title=f"Pratica {n}") for n, a in enumerate(applicants)]
    close(call)
    return submissions


def test_reviewers_are_balanced(call, consortium, three):
    pool = [reviewer_of(consortium, f"r{n}@example.org") for n in range(3)]
    made = services.reviewers_assign(actor=None, call=call, reviewers=pool, per_submission=2)
    assert len(made) == 6
    assert sorted(Counter(a.reviewer_id for a in made).values()) == [2, 2, 2]
    assert all(len({a.reviewer_id for a in made if a.submission_id == s.pk}) == 2 for s in three)


def test_nobody_reviews_their_own_organization_or_its_consortium(call, consortium, org):
    submission = submit(call, org)
    close(call)
    federation = new_org(slug="federazione", kind=OrganizationKind.FEDERATION)
    Affiliation.objects.create(organization=org, group=federation, start_date=dt.date(2020, 1, 1))
    own = reviewer_of(consortium, "propria@example.org")
    RoleAssignmentFactory.create(organization=org, user=own, role=Role.MEMBER)
    of_group = reviewer_of(consortium, "federazione@example.org")
    RoleAssignmentFactory.create(organization=federation, user=of_group, role=Role.MEMBER)
    free = reviewer_of(consortium, "libero@example.org")
    assert services.conflict_reason(call, submission, own)
    assert services.conflict_reason(call, submission, of_group)
    made = services.reviewers_assign(
        actor=None, call=call, reviewers=[own, of_group, free], per_submission=1
    )
    assert [a.reviewer for a in made] == [free]
    with pytest.raises(ValidationError, match="abbastanza"):
        services.reviewers_assign(
            actor=None, call=call, reviewers=[own, of_group, free], per_submission=2
        )


def test_nothing_is_assigned_before_the_deadline(call, org, reviewers):
    submit(call, org)
    with pytest.raises(ValidationError):
        services.reviewers_assign(actor=None, call=call, reviewers=reviewers, per_submission=1)


@pytest.fixture
def assigned(call, org, reviewers):
    submission = submit(call, org)
    close(call)
    made = services.reviewers_assign(actor=None, call=call, reviewers=reviewers, per_submission=2)
    return submission, made


def _scores(call, impact, replicable):
    first, second = call.criteria.all()
    return {first.pk: (impact, "ok"), second.pk: (replicable, "")}


def test_a_reviewer_with_a_conflict_never_scores(call, assigned):
    _submission, (first, _second) = assigned
    with pytest.raises(ValidationError, match="dichiara"):
        services.review_save(actor=first.reviewer, assignment=first, scores=_scores(call, 5, 3))
    with pytest.raises(ValidationError) as refused:
        services.assignment_declare(actor=first.reviewer, assignment=first, conflict=True)
    assert "reason" in refused.value.message_dict
    services.assignment_declare(
        actor=first.reviewer, assignment=first, conflict=True, reason="Ho lavorato con loro"
    )
    with pytest.raises(ValidationError, match="conflitto"):
        services.review_save(actor=first.reviewer, assignment=first, scores=_scores(call, 5, 3))


def test_scores_stay_within_the_scale_and_only_the_reviewer_scores(call, assigned):
    _submission, (first, second) = assigned
    services.assignment_declare(actor=first.reviewer, assignment=first, conflict=False)
    with pytest.raises(ValidationError) as refused:
        services.review_save(actor=first.reviewer, assignment=first, scores=_scores(call, 11, 0))
    assert len(refused.value.message_dict) == 2
    with pytest.raises(ValidationError):
        services.review_save(actor=second.reviewer, assignment=first, scores=_scores(call, 5, 3))


def test_the_ranking_weighs_scores_and_shows_their_spread(call, assigned):
    _submission, assignments = assigned
    for assignment, marks in zip(assignments, [(10, 5), (5, 3)], strict=True):
        services.assignment_declare(
            actor=assignment.reviewer, assignment=assignment, conflict=False
        )
        services.review_save(
            actor=assignment.reviewer, assignment=assignment, scores=_scores(call, *marks),
            note="solo per l'organizzazione",
        )  # fmt: skip
    [row] = selectors.ranking(call)
    assert (row.score, row.spread, row.reviews) == (75.0, 50.0, 2)
    assert [p.completed for p in selectors.progress(call)] == [1, 1]


def test_decisions_are_released_once_and_then_frozen(call, assigned):
    submission, _made = assigned
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="esiti"):
        services.decisions_release(actor=None, call=call, on=today)
    services.decision_save(actor=None, submission=submission, decision="accolta", feedback="Brava")
    with pytest.raises(ValidationError) as past:
        services.decisions_release(actor=None, call=call, on=today - dt.timedelta(days=1))
    assert "on" in past.value.message_dict
    services.decisions_release(actor=None, call=call, on=today)
    with pytest.raises(ValidationError, match="già fissati"):
        services.decisions_release(actor=None, call=call, on=today)
    with pytest.raises(ValidationError):
        services.decision_save(actor=None, submission=submission, decision="respinta", feedback="")
    practice = Practice.objects.for_org(call.organization).get()
    assert practice.owner == submission.applicant
    assert practice.published_on == today
