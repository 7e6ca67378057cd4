"""Reads of meetings: the statute's rules, the register, a meeting's agenda, documents and
notices, and the job archiving its minutes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.models import Job, Organization
from coopnet.core.parameters import parameter_value
from coopnet.core.selectors import narrowed
from coopnet.members.models import Membership, MembershipStatus

from .. import rules
from ..models import (
    MINUTES_JOB,
    AgendaDocument,
    AgendaItem,
    Counting,
    Majority,
    Meeting,
    NoticeChannel,
    NoticeDelivery,
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
    return narrowed(rows, kind=kind, first_call_at__year=year).order_by("-first_call_at", "-number")


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


def minutes_job(meeting: Meeting) -> Job | None:
    """The latest background job archiving a meeting's minutes (none for older meetings)."""
    jobs = Job.objects.for_org(meeting.organization_id).filter(kind=MINUTES_JOB)
    return jobs.filter(params__meeting_id=meeting.pk).order_by("-created_at", "-pk").first()
