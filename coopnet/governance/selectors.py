"""Reads of the governance app: statute rules, the register of meetings, the roll and its
quorum, ballots and the member's own meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.models import Job, Organization, User
from coopnet.core.parameters import parameter_value
from coopnet.members import selectors as member_selectors
from coopnet.members.models import Membership, MembershipStatus

from . import rules
from .models import (
    MINUTES_JOB,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Ballot,
    BallotParticipation,
    BallotResult,
    Call,
    Counting,
    Majority,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NoticeChannel,
    NoticeDelivery,
    Participant,
    Proxy,
    StatuteGovernance,
)

# --- statute -------------------------------------------------------------------------------


def default_statute(organization: Organization, on: dt.date) -> StatuteGovernance:
    """The rules that apply when the statute is silent, from the parameter table: artt. 2368
    and 2369 c.c. for quorums and majorities [U], one vote each, publication 15 days ahead,
    ten proxies per delegate (R-CC-2539)."""

    def value(key: str) -> Decimal:
        return parameter_value(key, on)

    return StatuteGovernance(
        organization=organization,
        counting=Counting.PER_VOTES,
        ordinary_first_quorum=value("cc.quorum_ordinary_first"),
        ordinary_first_quorum_strict=False,
        ordinary_first_majority=Majority.ABSOLUTE,
        ordinary_second_quorum=0,
        ordinary_second_quorum_strict=False,
        ordinary_second_majority=Majority.ABSOLUTE,
        extraordinary_first_quorum=0,
        extraordinary_first_quorum_strict=False,
        extraordinary_first_majority=Majority.ABSOLUTE_OF_ALL,
        extraordinary_second_quorum=value("cc.quorum_extraordinary_second"),
        extraordinary_second_quorum_strict=True,
        extraordinary_second_majority=Majority.TWO_THIRDS,
        # art. 2388 c.c.: a majority of the directors in office, absolute majority of those present
        board_quorum=rules.as_decimal(rules.HALF),
        board_quorum_strict=True,
        board_majority=Majority.ABSOLUTE,
        legal_person_votes=1,
        sovventore_votes=1,
        notice_channel=NoticeChannel.PUBLICATION,
        proxy_max_per_delegate=int(parameter_value("cc.proxy_max_per_delegate", on)),
        rules_confirmed=False,
    )


def statute_governance(organization: Organization, on: dt.date | None = None) -> StatuteGovernance:
    """The organization's saved rules, or the legal defaults (unsaved) when it has none."""
    found = StatuteGovernance.objects.for_org(organization).first()
    if found is not None:
        return found
    return default_statute(organization, on or timezone.localdate())


def notice_days(statute: StatuteGovernance, on: dt.date) -> int:
    """R-CC-2366: 15 days by publication, 8 by receipt-proving means."""
    key = (
        "cc.notice_days_receipt"
        if statute.notice_channel == NoticeChannel.RECEIPT
        else "cc.notice_days_publication"
    )
    return int(parameter_value(key, on))


def notice_deadline(meeting: Meeting, statute: StatuteGovernance) -> dt.date:
    """The last day the notice may be given: N whole days before the first call."""
    day = timezone.localdate(meeting.first_call_at)
    return day - dt.timedelta(days=notice_days(statute, day))


def second_call_warning(meeting: Meeting) -> str:
    """R-CC-2369: a second call more than 30 days after the first is unusual (the law sets
    30 days when the notice does not fix it; many statutes do the same): a warning only."""
    if meeting.second_call_at is None:
        return ""
    first_day = timezone.localdate(meeting.first_call_at)
    days = int(parameter_value("cc.second_call_max_days", first_day))
    gap = (timezone.localdate(meeting.second_call_at) - first_day).days
    if gap <= days:
        return ""
    return _(
        "R-CC-2369: la seconda convocazione è %(gap)s giorni dopo la prima; la legge prevede "
        "%(days)s giorni quando l'avviso non la fissa e molti statuti lo richiedono sempre: "
        "verificare lo statuto."
    ) % {"gap": gap, "days": days}


# --- the register of meetings --------------------------------------------------------------


def meetings(
    organization: Organization, *, kind: str = "", year: int | None = None
) -> QuerySet[Meeting]:
    rows = Meeting.objects.for_org(organization).annotate(item_count=Count("items", distinct=True))
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(first_call_at__year=year)
    return rows.order_by("-first_call_at", "-number")


def meeting_years(organization: Organization) -> list[int]:
    dates = Meeting.objects.for_org(organization).dates("first_call_at", "year")
    return sorted({d.year for d in dates}, reverse=True)


def meeting_detail(organization: Organization, pk: int) -> Meeting:
    """A meeting of ``organization``; DoesNotExist otherwise."""
    return Meeting.objects.for_org(organization).select_related("organization").get(pk=pk)


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda with documents, ballot and result (three queries whatever its length)."""
    documents = AgendaDocument.objects.for_org(meeting.organization_id).order_by("id")
    return list(
        AgendaItem.objects.for_org(meeting.organization_id)
        .filter(meeting=meeting)
        .select_related("ballot__result", "membership__person")
        .prefetch_related(Prefetch("documents", queryset=documents))
        .order_by("position")
    )


def agenda_item(meeting: Meeting, pk: int) -> AgendaItem:
    return (
        AgendaItem.objects.for_org(meeting.organization_id)
        .select_related("ballot__result", "membership__person", "meeting")
        .prefetch_related("documents")
        .get(meeting=meeting, pk=pk)
    )


def item_ballot(meeting: Meeting, item_pk: int) -> Ballot:
    """The ballot on one point of ``meeting``; DoesNotExist before it is opened."""
    return (
        Ballot.objects.for_org(meeting.organization_id)
        .select_related("item")
        .get(item__meeting=meeting, item_id=item_pk)
    )


def document(meeting: Meeting, pk: int) -> AgendaDocument:
    return AgendaDocument.objects.for_org(meeting.organization_id).get(item__meeting=meeting, pk=pk)


def deliveries(meeting: Meeting) -> QuerySet[NoticeDelivery]:
    return (
        NoticeDelivery.objects.for_org(meeting.organization_id)
        .filter(meeting=meeting)
        .select_related("participant")
    )


def delivery_counts(meeting: Meeting) -> dict[str, int]:
    rows = deliveries(meeting).order_by().values_list("status").annotate(n=Count("id"))
    return dict(rows.values_list("status", "n"))


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


def pending_admissions(organization: Organization) -> QuerySet[Membership]:
    """Applications (for a board's admission item) and appeals (for an assembly's)."""
    return (
        organization.memberships.filter(
            Q(status=MembershipStatus.APPLIED)
            | Q(
                status=MembershipStatus.REFUSED,
                appeal_filed_on__isnull=False,
                appeal_decided_on__isnull=True,
            )
        )
        .select_related("person")
        .order_by("applied_on", "pk")
    )


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


def ballot_in(meeting: Meeting, pk: int) -> Ballot:
    """A ballot on a point of ``meeting``; DoesNotExist otherwise."""
    return (
        Ballot.objects.for_org(meeting.organization_id)
        .select_related("item")
        .get(item__meeting=meeting, pk=pk)
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


def is_board(meeting: Meeting) -> bool:
    return meeting.kind == MeetingKind.BOARD


def minutes_job(meeting: Meeting) -> Job | None:
    """The latest background job archiving a meeting's minutes (none for older meetings)."""
    jobs = Job.objects.for_org(meeting.organization_id).filter(kind=MINUTES_JOB)
    return jobs.filter(params__meeting_id=meeting.pk).order_by("-created_at", "-pk").first()
