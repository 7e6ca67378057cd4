"""Figures of the meetings for the social report (DM 4/7/2019 §6.3 and §6.7): how many were
held, attendance and decisions, by kind of meeting. Counts only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from coopnet.core.models import Organization

from ..models import Attendance, BallotResult, Meeting, MeetingStatus, Participant


@dataclass(frozen=True)
class MeetingFigures:
    """Meetings of one kind held in a period: on their rolls, present (in the room or
    online) and the votes closed, approved or not."""

    held: int = 0
    on_roll: int = 0
    present: int = 0
    decisions: int = 0
    approved: int = 0


def meeting_figures(
    organization: Organization, *, start: dt.date, end: dt.date
) -> dict[str, MeetingFigures]:
    """By ``MeetingKind``: the meetings closed and held between ``start`` and ``end``, the
    members on their rolls and those present, the votes and the motions approved; three
    queries."""
    held = Meeting.objects.for_org(organization).filter(
        status=MeetingStatus.CLOSED, held_on__gte=start, held_on__lte=end
    )
    meetings = dict(held.order_by().values_list("kind").annotate(n=Count("pk")))
    roll = {
        kind: (on_roll, present)
        for kind, on_roll, present in Participant.objects.for_org(organization)
        .filter(meeting__in=held, on_roll=True)
        .order_by()
        .values_list("meeting__kind")
        .annotate(n=Count("pk"), present=Count("pk", filter=~Q(attendance=Attendance.ABSENT)))
    }
    votes = {
        kind: (n, approved)
        for kind, n, approved in BallotResult.objects.for_org(organization)
        .filter(ballot__item__meeting__in=held)
        .order_by()
        .values_list("ballot__item__meeting__kind")
        .annotate(n=Count("pk"), approved=Count("pk", filter=Q(approved=True)))
    }
    return {
        kind: MeetingFigures(n, *roll.get(kind, (0, 0)), *votes.get(kind, (0, 0)))
        for kind, n in meetings.items()
    }
