"""Workers and the disadvantaged share (R-381-4b/4c/4d): day-weighted heads, counts only.

``disadvantage_aggregates`` is the one place in compliance that reads the special-category
table (``DisadvantagedStatus``); it returns numbers, never rows, names or categories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from coopnet.core.models import Organization, OrganizationKind
from coopnet.members.models import Membership, MembershipStatus
from coopnet.workforce.models import Branch, ContractType, DisadvantagedStatus, Employment
from coopnet.workforce.vault import CERTIFICATE_ALERT_DAYS

from .parameters import ParameterReader, region_code

# R-381-4b: workers are people with an INPS employee position (employees and worker-members).
# Trainees (tirocinio) and freelancers (collaboratore) are not, so they are never counted.
WORKER_CONTRACTS = (ContractType.PERMANENT, ContractType.FIXED_TERM, ContractType.WORKER_MEMBER)
WORK_INTEGRATION_KINDS = frozenset(
    {OrganizationKind.SOCIAL_COOP_B, OrganizationKind.SOCIAL_COOP_AB}
)


def in_force(as_of: dt.date) -> Q:
    """Memberships in force on ``as_of``; the same test as ``members.selectors.members_on``."""
    return Q(admitted_on__lte=as_of) & ~Q(ended_on__lte=as_of) & ~Q(status=MembershipStatus.APPLIED)


# --- workers and the disadvantaged share (R-381-4b/4c/4d) -------------------------------------

Interval = tuple[int, int]  # inclusive day ordinals
OPEN_END = dt.date.max.toordinal()


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    result: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start <= end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def _days_within(intervals: list[Interval], window: Interval) -> int:
    return sum(max(0, min(end, window[1]) - max(start, window[0]) + 1) for start, end in intervals)


def _covers(intervals: list[Interval], day: int) -> Interval | None:
    return next(((s, e) for s, e in intervals if s <= day <= e), None)


@dataclass(frozen=True)
class Window:
    """The days over which workers are averaged (R-381-4b), both ends included."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def ordinals(self) -> Interval:
        return (self.start.toordinal(), self.end.toordinal())


def averaging_window(organization: Organization, on: dt.date, window_days: int) -> Window:
    """``window_days`` days ending on ``on``, from the start of operations if that is later."""
    start = on - dt.timedelta(days=window_days - 1)
    if organization.founded_on is not None and organization.founded_on > start:
        start = organization.founded_on
    return Window(start, on)


@dataclass
class WorkerSpans:
    """Employment of the counted workers of one organization, per person (no names)."""

    employed: dict[int, list[Interval]] = field(default_factory=dict)
    excluded_contracts: int = 0  # trainees and freelancers in the period, never counted
    branch_a: int = 0  # mixed cooperatives: branch A workers, not counted
    untagged: int = 0  # mixed cooperatives: workers with no branch, not counted


def worker_spans(
    organizations: Iterable[Organization], start: dt.date, end: dt.date
) -> dict[int, WorkerSpans]:
    """Who was a counted worker when, between ``start`` and ``end`` (R-381-4b, R-381-1c)."""
    mixed = {o.pk for o in organizations if o.kind == OrganizationKind.SOCIAL_COOP_AB}
    ids = [o.pk for o in organizations]
    rows = (
        Employment.objects.for_orgs(ids)
        .filter(start_date__lte=end)
        .exclude(end_date__lt=start)
        .values_list(
            "organization_id", "person_id", "branch", "contract_type", "start_date", "end_date"
        )
    )
    raw: dict[int, dict[int, list[Interval]]] = defaultdict(lambda: defaultdict(list))
    skipped: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for org_id, person_id, branch, contract, started, ended in rows:
        if contract not in WORKER_CONTRACTS:
            skipped[org_id]["contract"].add(person_id)
        elif org_id in mixed and branch != Branch.B:
            skipped[org_id]["A" if branch == Branch.A else "untagged"].add(person_id)
        else:
            raw[org_id][person_id].append(
                (started.toordinal(), ended.toordinal() if ended else OPEN_END)
            )
    result: dict[int, WorkerSpans] = {}
    for org_id in ids:
        result[org_id] = WorkerSpans(
            employed={person: _merge(spans) for person, spans in raw[org_id].items()},
            excluded_contracts=len(skipped[org_id]["contract"]),
            branch_a=len(skipped[org_id]["A"]),
            untagged=len(skipped[org_id]["untagged"]),
        )
    return result


@dataclass(frozen=True)
class WindowDays:
    """Worker-days and disadvantaged worker-days in one averaging window."""

    window: Window
    worker_days: int
    disadvantaged_days: int

    @property
    def workers(self) -> Decimal:
        """T: the average number of workers (heads, weighted by days employed)."""
        return _average(self.worker_days, self.window.days)

    @property
    def disadvantaged(self) -> Decimal:
        """D: the average number of disadvantaged workers."""
        return _average(self.disadvantaged_days, self.window.days)


def _average(days: int, window_days: int) -> Decimal:
    if window_days == 0:
        return Decimal("0")
    return (Decimal(days) / Decimal(window_days)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CertificateCounts:
    """Disadvantaged workers employed on one day, and the state of their certificates."""

    disadvantaged_now: int = 0
    not_member_unjustified: int = 0
    missing_document: int = 0
    missing_issuer: int = 0
    expired_while_employed: int = 0
    expiring_soon: int = 0


@dataclass(frozen=True)
class DisadvantageAggregate:
    """R-381-4b/4c/4d numbers of one organization; heads left out of the count by reason."""

    windows: list[WindowDays]
    certificates: CertificateCounts
    excluded_contracts: int = 0
    branch_a: int = 0
    untagged: int = 0


def disadvantage_aggregates(
    spans: dict[int, WorkerSpans], windows: dict[int, list[Window]], as_of: dt.date
) -> dict[int, DisadvantageAggregate]:
    """The only read of the special-category table in compliance: it returns numbers only.

    Rows are read as anonymous tuples (person id, dates, whether a document, an issuer and a
    justification are recorded): never the category, never a name, and nothing leaves this
    function but counts. That is why this read is not written to the access log (R-GDPR-4
    logs reads of a person's data; an aggregate is not one). See docs/compliance.md.
    """
    if not spans:
        return {}
    first = min(w.start for ws in windows.values() for w in ws)
    is_member = Membership.objects.for_org(OuterRef("organization_id")).filter(
        in_force(as_of), person_id=OuterRef("person_id")
    )
    rows = (
        DisadvantagedStatus.objects.for_orgs(list(spans))
        .filter(valid_from__lte=as_of)
        .exclude(valid_to__lt=first)
        .annotate(member=Exists(is_member))
        .values_list(
            "organization_id",
            "person_id",
            "valid_from",
            "valid_to",
            "document",
            "certifying_body",
            "non_member_justification",
            "member",
        )
    )
    certified: dict[int, dict[int, list[tuple[Interval, bool, bool, bool, bool]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for org_id, person_id, valid_from, valid_to, document, issuer, reason, member in rows:
        interval = (valid_from.toordinal(), valid_to.toordinal() if valid_to else OPEN_END)
        certified[org_id][person_id].append(
            (interval, bool(document), bool(issuer.strip()), bool(reason.strip()), member)
        )
    return {
        org_id: _aggregate(org_spans, certified[org_id], windows[org_id], as_of)
        for org_id, org_spans in spans.items()
    }


def _aggregate(
    org_spans: WorkerSpans,
    statuses: dict[int, list[tuple[Interval, bool, bool, bool, bool]]],
    windows: list[Window],
    as_of: dt.date,
) -> DisadvantageAggregate:
    worker_days = [0] * len(windows)
    disadvantaged_days = [0] * len(windows)
    counts: dict[str, int] = defaultdict(int)
    today = as_of.toordinal()
    for person_id, employed in org_spans.employed.items():
        rows = statuses.get(person_id, [])
        covered = _intersect(employed, _merge(r[0] for r in rows))
        for i, window in enumerate(windows):
            worker_days[i] += _days_within(employed, window.ordinals)
            disadvantaged_days[i] += _days_within(covered, window.ordinals)
        if _covers(employed, today) is None or not rows:
            continue
        valid = [r for r in rows if r[0][0] <= today <= r[0][1]]
        if not valid:
            counts["expired_while_employed"] += any(r[0][1] < today for r in rows)
            continue
        counts["disadvantaged_now"] += 1
        counts["missing_document"] += not any(r[1] for r in valid)
        counts["missing_issuer"] += not any(r[2] for r in valid)
        counts["not_member_unjustified"] += not valid[0][4] and not any(r[3] for r in valid)
        span = _covers(_merge(r[0] for r in rows), today)
        counts["expiring_soon"] += span is not None and span[1] - today <= CERTIFICATE_ALERT_DAYS
    return DisadvantageAggregate(
        windows=[
            WindowDays(window, worker_days[i], disadvantaged_days[i])
            for i, window in enumerate(windows)
        ],
        certificates=CertificateCounts(**counts),
        excluded_contracts=org_spans.excluded_contracts,
        branch_a=org_spans.branch_a,
        untagged=org_spans.untagged,
    )


def workforce_aggregates(
    organizations: list[Organization], points: list[dt.date], params: ParameterReader
) -> dict[int, DisadvantageAggregate]:
    """R-381-4b averages for each day in ``points`` (the last one is the as-of day)."""
    if not organizations or not points:
        return {}
    windows = {
        o.pk: [
            averaging_window(
                o,
                point,
                int(params.value("r381.disadvantaged_window_days", point, region_code(o))),
            )
            for point in points
        ]
        for o in organizations
    }
    first = min(w.start for ws in windows.values() for w in ws)
    spans = worker_spans(organizations, first, max(points))
    return disadvantage_aggregates(spans, windows, max(points))
