"""Reads of ballots: their state, turnout and participations (never a live tally)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from coopnet.core.models import Organization

from ..models import Ballot, BallotParticipation, BallotResult, Meeting

# --- ballots -------------------------------------------------------------------------------


def ballot_state(ballot: Ballot | None, now: dt.datetime | None = None) -> str:
    """``none``, ``open`` or ``closed``: a ballot past its closing time is closed when read."""
    if ballot is None:
        return "none"
    if _has_result(ballot):
        return "closed"
    now = now or timezone.now()
    if ballot.closes_at is not None and now >= ballot.closes_at:
        return "closed"
    return "open"


def _has_result(ballot: Ballot) -> bool:
    try:
        return ballot.result is not None
    except BallotResult.DoesNotExist:
        return False


def due_ballots(organization: Organization, now: dt.datetime) -> QuerySet[Ballot]:
    """Ballots whose window is over but that nobody closed yet (closed lazily on read)."""
    return (
        Ballot.objects.for_org(organization)
        .filter(closes_at__lte=now, result__isnull=True)
        .select_related("item__meeting")
    )


def turnout(ballot: Ballot) -> tuple[int, int]:
    """How many members voted and with how many votes (never how they voted)."""
    rows = _participations(ballot).order_by()
    counts = rows.aggregate(n=Count("id"))
    weights = sum(rows.values_list("weight", flat=True))
    return counts["n"], weights


def _participations(ballot: Ballot) -> QuerySet[BallotParticipation]:
    return BallotParticipation.objects.for_org(ballot.organization_id).filter(ballot=ballot)


def participations(ballot: Ballot) -> QuerySet[BallotParticipation]:
    return (
        _participations(ballot)
        .select_related("voter", "cast_by")
        .order_by("voter__register_number", "id")
    )


def item_ballot(meeting: Meeting, item_pk: int) -> Ballot:
    """The ballot on one point of ``meeting``; DoesNotExist before it is opened."""
    return (
        Ballot.objects.for_org(meeting.organization_id)
        .select_related("item")
        .get(item__meeting=meeting, item_id=item_pk)
    )


def ballot_in(meeting: Meeting, pk: int) -> Ballot:
    """A ballot on a point of ``meeting``; DoesNotExist otherwise."""
    return (
        Ballot.objects.for_org(meeting.organization_id)
        .select_related("item")
        .get(item__meeting=meeting, pk=pk)
    )
