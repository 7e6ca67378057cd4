"""Reads of a meeting's roll: who is on it, their proxies, who the notice reaches, the live
quorum, and the member's own lines on the rolls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from coopnet.core.models import Organization, User
from coopnet.members import selectors as member_selectors

from .. import rules
from ..models import (
    Attendance,
    BallotParticipation,
    Call,
    Meeting,
    MeetingStatus,
    Participant,
    Proxy,
    StatuteGovernance,
)
from .meetings import statute_governance

# --- the roll and its quorum ---------------------------------------------------------------


def roll_of(meeting: Meeting) -> QuerySet[Participant]:
    """Everyone on the meeting's roll (members who left stay on it, off the roll)."""
    return Participant.objects.for_org(meeting.organization_id).filter(
        meeting=meeting, on_roll=True
    )


def roll_size(meeting: Meeting) -> int:
    return roll_of(meeting).count()


def participants(meeting: Meeting, *, q: str = "", presence: str = "") -> QuerySet[Participant]:
    rows = roll_of(meeting)
    if presence == "present":
        rows = rows.exclude(attendance=Attendance.ABSENT)
    elif presence == "absent":
        rows = rows.filter(attendance=Attendance.ABSENT)
    elif presence == "no_vote":
        rows = rows.filter(can_vote=False)
    elif presence == "proxies":
        given = active_proxies(meeting).filter(grantor=OuterRef("pk"))
        rows = rows.filter(Exists(given))
    for word in q.split():
        if word.isdigit():
            rows = rows.filter(register_number=int(word))
        else:
            rows = rows.filter(name__icontains=word)
    return rows.order_by("register_number", "id")


def roll_page_rows(meeting: Meeting, rows: QuerySet[Participant]) -> QuerySet[Participant]:
    """The roll as the chair reads it: each line with the proxy it gave and how many members
    it represents (one more query per page, whatever its length)."""
    active = active_proxies(meeting)
    held = active_proxies(meeting).filter(delegate=OuterRef("pk"))
    return rows.annotate(
        represents=Subquery(
            held.order_by().values("delegate").annotate(n=Count("id")).values("n")[:1]
        )
    ).prefetch_related(Prefetch("proxies_granted", queryset=active, to_attr="active_proxies"))


def _meeting_participants(meeting: Meeting) -> QuerySet[Participant]:
    return Participant.objects.for_org(meeting.organization_id).filter(meeting=meeting)


def participant_by_number(meeting: Meeting, number: int) -> Participant | None:
    return _meeting_participants(meeting).filter(register_number=number).first()


def participant_in(meeting: Meeting, pk: int) -> Participant | None:
    return _meeting_participants(meeting).filter(pk=pk).first()


def proxy_in(meeting: Meeting, pk: int) -> Proxy:
    """A proxy of ``meeting``, withdrawn or not; DoesNotExist otherwise."""
    return Proxy.objects.for_org(meeting.organization_id).get(meeting=meeting, pk=pk)


def _active_proxies_of(participant: Participant) -> QuerySet[Proxy]:
    return Proxy.objects.for_org(participant.organization_id).filter(withdrawn_at__isnull=True)


def proxy_given(participant: Participant) -> Proxy | None:
    """The active proxy ``participant`` gave, with its delegate."""
    return (
        _active_proxies_of(participant)
        .filter(grantor=participant)
        .select_related("delegate")
        .first()
    )


def active_proxies(meeting: Meeting) -> QuerySet[Proxy]:
    return (
        Proxy.objects.for_org(meeting.organization_id)
        .filter(meeting=meeting, withdrawn_at__isnull=True)
        .select_related("grantor", "delegate")
    )


@dataclass(frozen=True)
class Presence:
    """Who is there, read in two queries: the roll's numbers and the active proxies."""

    rows: dict[
        int, tuple[str, bool, int, bool, str, str]
    ]  # pk -> attendance, can_vote, weight, capped, category, confirmed
    proxies: dict[int, int]  # grantor -> delegate

    @classmethod
    def of(cls, meeting: Meeting) -> Presence:
        rows = roll_of(meeting).values_list(
            "pk", "attendance", "can_vote", "weight", "capped", "category", "confirmed"
        )
        proxies = active_proxies(meeting).values_list("grantor_id", "delegate_id")
        return cls({r[0]: r[1:] for r in rows}, dict(proxies))

    @property
    def present_ids(self) -> set[int]:
        return {pk for pk, row in self.rows.items() if row[0] != Attendance.ABSENT}

    @property
    def represented_ids(self) -> set[int]:
        present = self.present_ids
        return {g for g, d in self.proxies.items() if d in present and g in self.rows}

    def votes(self, ids: set[int] | None = None) -> rules.Votes:
        chosen = self.rows.values() if ids is None else (self.rows[pk] for pk in ids)
        return rules.sum_votes(
            (row[2], row[3], rules.is_sovventore(row[4])) for row in chosen if row[1]
        )


@dataclass(frozen=True)
class QuorumPanel:
    """The chair's live numbers: heads and votes on the roll and in the room."""

    call: str
    rule: rules.Rule
    on_roll: int
    with_vote: int
    in_person: int
    online: int
    represented: int
    total_votes: Fraction
    present_votes: Fraction
    financing_raw: Fraction
    financing_counted: Fraction
    sovventori_raw: Fraction
    sovventori_counted: Fraction
    required: Fraction
    reached: bool
    proxies: int
    confirmed: dict[str, int]  # announced from the members' pages: presente / online

    @property
    def present_heads(self) -> int:
        return self.in_person + self.online + self.represented

    @property
    def share(self) -> Fraction:
        """The present votes as a share of all the votes (0 to 1)."""
        return self.present_votes / self.total_votes if self.total_votes else Fraction(0)


def total_votes(presence: Presence, numbers: rules.Numbers) -> Fraction:
    """All the votes of the members entitled to vote, both caps applied to them too."""
    everyone = presence.votes()
    return everyone.effective(rules.caps(everyone, everyone, numbers))


def meeting_day(meeting: Meeting) -> dt.date:
    if meeting.held_on is not None:
        return meeting.held_on
    moment = meeting.second_call_at if meeting.held_call == Call.SECOND else meeting.first_call_at
    return timezone.localdate(moment or meeting.first_call_at)


def quorum_panel(meeting: Meeting, statute: StatuteGovernance | None = None) -> QuorumPanel:
    statute = statute or statute_governance(meeting.organization)
    day = meeting_day(meeting)
    numbers = rules.Numbers.on(day)
    call = meeting.held_call or Call.FIRST
    rule = rules.rule_for(statute, meeting.kind, call)
    presence = Presence.of(meeting)
    present = presence.present_ids
    represented = presence.represented_ids
    counted = present | represented
    votes = presence.votes(counted)
    cap = rules.caps(votes, presence.votes(), numbers)
    present_votes = votes.effective(cap)
    total = total_votes(presence, numbers)
    rows = presence.rows
    return QuorumPanel(
        call=call,
        rule=rule,
        on_roll=len(rows),
        with_vote=sum(1 for row in rows.values() if row[1]),
        in_person=sum(1 for pk in present if rows[pk][0] == Attendance.IN_PERSON),
        online=sum(1 for pk in present if rows[pk][0] == Attendance.ONLINE),
        represented=len(represented),
        total_votes=total,
        present_votes=present_votes,
        financing_raw=votes.financing,
        financing_counted=votes.financing * cap.financing,
        sovventori_raw=votes.sovventori,
        sovventori_counted=votes.sovventori * cap.sovventori,
        required=rule.required(total),
        reached=rule.quorum_reached(present_votes, total),
        proxies=len(presence.proxies),
        confirmed={
            mode: sum(1 for row in rows.values() if row[5] == mode)
            for mode in (Attendance.IN_PERSON, Attendance.ONLINE)
        },
    )


@dataclass(frozen=True)
class NoticeAudience:
    """Who the notice will reach, counted before convening: members, and by which channel."""

    members: int
    email: int
    pec: int
    without_address: int

    @property
    def reached(self) -> int:
        return self.members - self.without_address


def notice_audience(meeting: Meeting) -> NoticeAudience:
    """The recipients ``send_meeting_notices`` will write to: for an assembly everyone on the
    register on the first-call day (the roll convening builds), for a board its directors."""
    if meeting.is_assembly:
        day = timezone.localdate(meeting.first_call_at)
        roll = member_selectors.members_on(meeting.organization, day)
    else:
        directors = roll_of(meeting)
        roll = meeting.organization.memberships.filter(pk__in=directors.values("membership_id"))
    has_email, has_pec = ~Q(person__email=""), ~Q(person__pec="")
    counts = roll.order_by().aggregate(
        members=Count("pk"),
        email=Count("pk", filter=has_email),
        pec=Count("pk", filter=has_pec),
        without_address=Count("pk", filter=~has_email & ~has_pec),
    )
    return NoticeAudience(**counts)


# --- the member's own meetings -------------------------------------------------------------


def member_participants(organization: Organization, user: User) -> QuerySet[Participant]:
    """The user's lines on the rolls of their organization's convened or held meetings."""
    return (
        Participant.objects.for_org(organization)
        .filter(membership__person__user=user, on_roll=True)
        .exclude(meeting__status=MeetingStatus.DRAFT)
        .select_related("meeting")
        .order_by("-meeting__first_call_at")
    )


def member_participant(organization: Organization, user: User, meeting_pk: int) -> Participant:
    """The user's line on one meeting's roll; DoesNotExist when they are not on it."""
    return member_participants(organization, user).get(meeting_id=meeting_pk)


def represented_by(participant: Participant) -> list[Proxy]:
    """The members ``participant`` votes for, by proxy."""
    return list(
        _active_proxies_of(participant)
        .filter(delegate=participant)
        .select_related("grantor")
        .order_by("grantor__register_number")
    )


def voted_ballot_ids(meeting: Meeting, voter_ids: list[int]) -> set[tuple[int, int]]:
    """(ballot, voter) pairs already voted among ``voter_ids`` in ``meeting``."""
    votes = BallotParticipation.objects.for_org(meeting.organization_id)
    return set(
        votes.filter(ballot__item__meeting=meeting, voter_id__in=voter_ids).values_list(
            "ballot_id", "voter_id"
        )
    )
