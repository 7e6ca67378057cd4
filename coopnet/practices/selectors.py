"""Every read of the practices app: the organizer's calls and what was submitted to them, an
applicant's open calls and own submissions, a reviewer's assignments, the ranking, and the
public catalogue with its search (``catalogue``, the one place that searches)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from coopnet.core import permissions
from coopnet.core.models import Affiliation, Organization, OrganizationKind, RoleAssignment, User

from .models import (
    COOPERATIVE_KINDS,
    ORGANIZER_KINDS,
    Assignment,
    Call,
    Eligibility,
    Mentoring,
    Practice,
    PracticeRevision,
    ReplicationRequest,
    ReplicationState,
    RevisionState,
    Score,
    Story,
    Submission,
    SubmissionFile,
    SubmissionState,
)
from .search import matching


def organizers() -> QuerySet[Organization]:
    """The organizations that may run calls: consortia, federations and the platform."""
    return Organization.objects.filter(kind__in=ORGANIZER_KINDS)


# The organizer's side.


def calls(organization: Organization) -> QuerySet[Call]:
    return Call.objects.for_org(organization).annotate(
        submitted=Count("submissions", filter=Q(submissions__state=SubmissionState.SUBMITTED))
    )


def call(organization: Organization, pk: int) -> Call:
    return calls(organization).get(pk=pk)


def received(call: Call) -> QuerySet[Submission]:
    """A call's submissions the organizer sees: submitted or withdrawn, never drafts."""
    return (
        Submission.objects.for_org(call.organization_id)
        .filter(call=call)
        .exclude(state=SubmissionState.DRAFT)
        .select_related("applicant", "user")
        .order_by("pk")
    )


def received_one(organization: Organization, pk: int) -> Submission:
    return (
        Submission.objects.for_org(organization)
        .exclude(state=SubmissionState.DRAFT)
        .select_related("call", "applicant", "user")
        .prefetch_related("comuni")
        .get(pk=pk)
    )


def reviewers(organization: Organization) -> QuerySet[User]:
    """Who may be made a reviewer: the people holding a role in the organizer."""
    held = RoleAssignment.objects.for_org(organization).values("user_id")
    return User.objects.filter(pk__in=held, is_active=True).order_by("full_name", "email")


def assignments(call: Call) -> QuerySet[Assignment]:
    return (
        Assignment.objects.for_org(call.organization_id)
        .filter(submission__call=call)
        .select_related("reviewer", "submission")
        .prefetch_related(
            Prefetch(
                "scores",
                Score.objects.for_org(call.organization_id).select_related("criterion"),
            )
        )
    )


@dataclass(frozen=True)
class Progress:
    reviewer: User
    assigned: int
    declared: int
    conflicts: int
    completed: int


def progress(call: Call) -> list[Progress]:
    """Per reviewer: assigned, declared, with a conflict, completed."""
    rows = (
        Assignment.objects.for_org(call.organization_id)
        .filter(submission__call=call)
        .values("reviewer")
        .annotate(
            assigned=Count("pk"),
            declared=Count("pk", filter=Q(declared_at__isnull=False)),
            conflicts=Count("pk", filter=Q(conflict=True)),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
        )
    )
    users = User.objects.in_bulk([r["reviewer"] for r in rows])
    return sorted(
        (
            Progress(
                users[r["reviewer"]], r["assigned"], r["declared"], r["conflicts"], r["completed"]
            )
            for r in rows
        ),
        key=lambda p: str(p.reviewer),
    )


@dataclass(frozen=True)
class Ranked:
    submission: Submission
    score: float | None
    spread: float | None
    reviews: int


def weighted(assignment: Assignment) -> float:
    """One review's score out of 100: each criterion's place in its scale, by its weight."""
    total = sum(s.criterion.weight for s in assignment.scores.all())
    points = sum(
        s.criterion.weight
        * (s.value - s.criterion.scale_min)
        / (s.criterion.scale_max - s.criterion.scale_min)
        for s in assignment.scores.all()
    )
    return round(100 * points / total, 1) if total else 0.0


def ranking(call: Call) -> list[Ranked]:
    """Submitted submissions by the mean of their completed reviews' weighted scores, with the
    spread (highest minus lowest) that shows where reviewers disagree."""
    by_submission: dict[int, list[float]] = {}
    for assignment in assignments(call).filter(completed_at__isnull=False, conflict=False):
        by_submission.setdefault(assignment.submission_id, []).append(weighted(assignment))
    rows = []
    for submission in received(call).filter(state=SubmissionState.SUBMITTED):
        scores = by_submission.get(submission.pk, [])
        rows.append(
            Ranked(
                submission,
                round(statistics.fmean(scores), 1) if scores else None,
                round(max(scores) - min(scores), 1) if scores else None,
                len(scores),
            )
        )
    return sorted(rows, key=lambda r: (r.score is None, -(r.score or 0), r.submission.pk))


def published_calls() -> QuerySet[Call]:
    """Every published call of every organizer (the API's public list)."""
    return Call.objects.for_orgs(organizers()).filter(published=True).select_related("organization")


# The catalogue's curation: the organizer's practices and their revisions, the owner's own.


def curated(organization: Organization) -> QuerySet[Practice]:
    """The organizer's practices, the longest unreviewed first, with their waiting revisions."""
    pending = Q(revisions__state=RevisionState.PROPOSED)
    return (
        Practice.objects.for_org(organization)
        .annotate(pending=Count("revisions", filter=pending))
        .select_related("owner", "comune", "call")
        .order_by("reviewed_on", "pk")
    )


def curated_one(organization: Organization, pk: int) -> Practice:
    return curated(organization).get(pk=pk)


def own_practices(owner: Organization) -> QuerySet[Practice]:
    """The public practices ``owner`` proposed (it revises them)."""
    return catalogue().filter(owner=owner)


def own_practice(owner: Organization, pk: int) -> Practice:
    return own_practices(owner).get(pk=pk)


def person_practices(user: User) -> QuerySet[Practice]:
    """The public practices ``user`` proposed as a person, without an organization (they
    revise them from ``/practices/mie/``): the accepted submission's ``user``."""
    return catalogue().filter(
        owner__isnull=True, submission__applicant__isnull=True, submission__user=user
    )


def person_practice(user: User, pk: int) -> Practice:
    return person_practices(user).get(pk=pk)


def revisions(practice: Practice) -> QuerySet[PracticeRevision]:
    """A practice's history of revisions, the newest first."""
    return (
        PracticeRevision.objects.for_org(practice.organization_id)
        .filter(practice=practice)
        .select_related("created_by", "decided_by")
    )


# Replication: the requests about the practices an organization curates or proposed.


def replications(organization: Organization) -> QuerySet[ReplicationRequest]:
    return (
        ReplicationRequest.objects.for_orgs(organizers())
        .filter(Q(organization=organization) | Q(practice__owner=organization))
        .select_related("practice__owner", "requester", "incubation__child")
    )


def replication(organization: Organization, pk: int) -> ReplicationRequest:
    return (
        replications(organization)
        .prefetch_related(
            Prefetch(
                "mentorings",
                Mentoring.objects.for_orgs(organizers()).select_related("mentor"),
            )
        )
        .get(pk=pk)
    )


# Replication, the requester's side: the requests a cooperative made, or a person made for
# themselves (without a cooperative); anyone else's request is not found (404).


def _asked() -> QuerySet[ReplicationRequest]:
    return (
        ReplicationRequest.objects.for_orgs(organizers())
        .select_related("practice__owner", "practice__call__organization", "requester")
        .prefetch_related(
            Prefetch(
                "mentorings",
                Mentoring.objects.for_orgs(organizers()).select_related("mentor"),
            )
        )
    )


def asked_replications(requester: Organization) -> QuerySet[ReplicationRequest]:
    """The requests ``requester`` made to replicate practices, the newest first."""
    return _asked().filter(requester=requester)


def asked_replication(requester: Organization, pk: int) -> ReplicationRequest:
    return asked_replications(requester).get(pk=pk)


def my_replications(user: User) -> QuerySet[ReplicationRequest]:
    """The requests ``user`` made as a person or group, without a cooperative (those made for
    a cooperative are the cooperative's, under its pages)."""
    return _asked().filter(user=user, requester__isnull=True)


def my_replication(user: User, pk: int) -> ReplicationRequest:
    return my_replications(user).get(pk=pk)


def asked_already(user: User, practice: Practice) -> ReplicationRequest | None:
    """The newest request ``user`` may see about ``practice``, not withdrawn: their own as a
    person, or one of a cooperative they may ask for (the practice's page links to it)."""
    mine = Q(user=user, requester__isnull=True) | Q(requester__in=requesting_organizations(user))
    return (
        ReplicationRequest.objects.for_org(practice.organization_id)
        .filter(mine, practice=practice)
        .exclude(state=ReplicationState.WITHDRAWN)
        .select_related("requester")
        .first()
    )


def requesting_organizations(user: User) -> QuerySet[Organization]:
    """The organizations on whose behalf ``user`` may ask to replicate a practice."""
    roles = permissions.roles_holding("practices.submissions:write")
    held = RoleAssignment.objects.of_user(user).filter(role__in=roles).values("organization_id")
    return Organization.objects.filter(pk__in=held).order_by("short_name")


# Stories: an organizer's news posts, public from their day.


def stories(organization: Organization) -> QuerySet[Story]:
    return Story.objects.for_org(organization).select_related("practice", "call")


def story(organization: Organization, pk: int) -> Story:
    return stories(organization).get(pk=pk)


def public_stories() -> QuerySet[Story]:
    return (
        Story.objects.for_orgs(organizers())
        .filter(published_on__lte=timezone.localdate())
        .select_related("organization", "practice", "call")
    )


def public_story(pk: int) -> Story:
    return public_stories().get(pk=pk)


# The applicant's side.


def open_calls(applicant: Organization) -> QuerySet[Call]:
    """The published calls open today that ``applicant`` may answer."""
    groups = Affiliation.objects.for_org(applicant).filter(
        Affiliation.active_on(timezone.localdate())
    )
    eligible = Q(eligibility=Eligibility.ANYONE) | Q(
        eligibility=Eligibility.MEMBERS, organization__in=groups.values("group_id")
    )
    if applicant.kind in COOPERATIVE_KINDS:
        # The platform's calls for its "members" are for every cooperative on it.
        eligible |= Q(eligibility=Eligibility.COOPERATIVES) | Q(
            eligibility=Eligibility.MEMBERS, organization__kind=OrganizationKind.PLATFORM
        )
    if applicant.is_platform:
        return Call.objects.for_orgs(()).none()
    return (
        Call.objects.for_orgs(organizers())
        .filter(eligible, published=True, opens_on__lte=timezone.localdate())
        .filter(closes_at__gte=timezone.now())
        .exclude(organization=applicant)
        .select_related("organization")
        .order_by("closes_at", "pk")
    )


def person_open_calls() -> QuerySet[Call]:
    """The published calls open today that a person may answer as themselves: those open to
    anyone."""
    return (
        Call.objects.for_orgs(organizers())
        .filter(eligibility=Eligibility.ANYONE, published=True, opens_on__lte=timezone.localdate())
        .filter(closes_at__gte=timezone.now())
        .select_related("organization")
        .order_by("closes_at", "pk")
    )


def person_submissions(user: User) -> QuerySet[Submission]:
    """The submissions ``user`` made as a person (without an organization)."""
    return (
        Submission.objects.for_orgs(organizers())
        .filter(user=user, applicant__isnull=True)
        .select_related("call", "call__organization", "user")
    )


def person_submission(user: User, pk: int) -> Submission:
    return (
        person_submissions(user)
        .prefetch_related("comuni", "answers", "files", "call__questions")
        .get(pk=pk)
    )


def person_file(user: User, pk: int) -> SubmissionFile:
    return SubmissionFile.objects.for_orgs(organizers()).get(
        pk=pk, submission__user=user, submission__applicant__isnull=True
    )


def own_submissions(applicant: Organization) -> QuerySet[Submission]:
    return applicant.practice_submissions.select_related("call", "call__organization")


def own_submission(applicant: Organization, pk: int) -> Submission:
    return (
        own_submissions(applicant)
        .prefetch_related("comuni", "answers", "files", "call__questions")
        .get(pk=pk)
    )


def own_file(applicant: Organization, pk: int) -> SubmissionFile:
    return SubmissionFile.objects.for_orgs(organizers()).get(pk=pk, submission__applicant=applicant)


def received_file(organization: Organization, pk: int) -> SubmissionFile:
    return (
        SubmissionFile.objects.for_org(organization)
        .exclude(submission__state=SubmissionState.DRAFT)
        .get(pk=pk)
    )


# The reviewer's side.


def my_assignments(organization: Organization, reviewer: User) -> QuerySet[Assignment]:
    return (
        Assignment.objects.for_org(organization)
        .filter(reviewer=reviewer, submission__state=SubmissionState.SUBMITTED)
        .select_related("submission__call", "submission__applicant", "submission__user")
        .order_by("completed_at", "pk")
    )


def my_assignment(organization: Organization, reviewer: User, pk: int) -> Assignment:
    return (
        my_assignments(organization, reviewer)
        .prefetch_related(
            "scores",
            "submission__comuni",
            "submission__answers",
            "submission__files",
            "submission__call__criteria",
        )
        .get(pk=pk)
    )


def my_file(organization: Organization, reviewer: User, pk: int) -> SubmissionFile:
    """A file of a submission assigned to ``reviewer``."""
    assigned = my_assignments(organization, reviewer).values("submission_id")
    return SubmissionFile.objects.for_org(organization).get(pk=pk, submission_id__in=assigned)


# The public catalogue.

FILTERS = ("tema", "sdg", "regione", "provincia", "settore", "tipo", "anno", "bando")


def catalogue(query: str = "", **filters: Any) -> QuerySet[Practice]:
    """The public practices whose words hold every word of ``query`` (accents and case
    ignored, a word may be the start of a longer one; on PostgreSQL also another form of the
    same Italian word, «scuole» finds «scuola»: ``search.matching``) and that match ``filters``
    (the keys of ``FILTERS``; empty values are ignored)."""
    rows = Practice.objects.for_orgs(organizers()).filter(published_on__lte=timezone.localdate())
    rows = rows.filter(matching(query))
    lookups = {
        "tema": lambda v: Q(themes__contains=f" {v} "),
        "sdg": lambda v: Q(sdgs__contains=f" {v} "),
        "regione": lambda v: Q(comune__province__region_id=v),
        "provincia": lambda v: Q(comune__province_id=v),
        "settore": lambda v: Q(sector__startswith=v),
        "tipo": lambda v: Q(organization_kind=v),
        "anno": lambda v: Q(published_on__year=v),
        "bando": lambda v: Q(call_id=v),
    }
    for key, value in filters.items():
        if value not in (None, ""):
            rows = rows.filter(lookups[key](value))
    return rows.select_related("owner", "comune__province__region", "call__organization")


def practice(pk: int) -> Practice:
    return catalogue().get(pk=pk)
