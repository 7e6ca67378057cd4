"""Reads of the compliance engine: per-organization facts loaded for many organizations at once.

Every query here groups by organization, so checking 300 cooperatives costs the same number
of queries as checking one. Nothing returned names a person: only counts, days and amounts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeGuard

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum

from coopnet.core.models import Affiliation, Organization, OrganizationKind
from coopnet.members.models import (
    MemberCategory,
    Membership,
    MembershipStatus,
    PersonKind,
    ShareTransaction,
    ShareTransactionKind,
    Statute,
)
from coopnet.network.models import Incubation
from coopnet.workforce.models import Employment, Volunteer, VolunteerInsurance

from .disadvantage import (
    WORK_INTEGRATION_KINDS,
    WORKER_CONTRACTS,
    DisadvantageAggregate,
    in_force,
    workforce_aggregates,
)
from .parameters import ParameterReader, region_code

# --- membership -------------------------------------------------------------------------------


@dataclass
class MemberCounts:
    by_category: dict[str, int] = field(default_factory=dict)
    legal_persons: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_category.values())

    def of(self, *categories: str) -> int:
        return sum(self.by_category.get(c, 0) for c in categories)


def member_counts(org_ids: list[int], as_of: dt.date) -> dict[int, MemberCounts]:
    counts: dict[int, MemberCounts] = defaultdict(MemberCounts)
    rows = (
        Membership.objects.for_orgs(org_ids)
        .filter(in_force(as_of))
        .values_list("organization_id", "category", "person__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for org_id, category, person_kind, n in rows:
        entry = counts[org_id]
        entry.by_category[category] = entry.by_category.get(category, 0) + n
        if person_kind == PersonKind.LEGAL:
            entry.legal_persons += n
    return counts


@dataclass
class PendingDecisions:
    """Dates that start a legal clock still running on ``as_of`` (R-CC-2528, R-CC-2532)."""

    applications: list[dt.date] = field(default_factory=list)
    appeals: list[dt.date] = field(default_factory=list)
    withdrawals: list[dt.date] = field(default_factory=list)


def pending_decisions(org_ids: list[int], as_of: dt.date) -> dict[int, PendingDecisions]:
    """Applications, appeals and withdrawal requests not yet decided on ``as_of``."""
    application = Q(applied_on__lte=as_of) & ~Q(admitted_on__lte=as_of) & ~Q(refused_on__lte=as_of)
    appeal = Q(appeal_filed_on__lte=as_of) & ~Q(appeal_decided_on__lte=as_of)
    withdrawal = (
        Q(exit_requested_on__lte=as_of)
        & ~Q(exit_decided_on__lte=as_of)
        & Q(admitted_on__lte=as_of)
        & ~Q(ended_on__lte=as_of)
    )
    rows = (
        Membership.objects.for_orgs(org_ids)
        .filter(application | appeal | withdrawal)
        .values_list(
            "organization_id",
            "applied_on",
            "admitted_on",
            "refused_on",
            "appeal_filed_on",
            "appeal_decided_on",
            "exit_requested_on",
            "exit_decided_on",
            "ended_on",
        )
    )
    result: dict[int, PendingDecisions] = defaultdict(PendingDecisions)

    def open_on(start: dt.date | None, closed: dt.date | None) -> TypeGuard[dt.date]:
        return start is not None and start <= as_of and (closed is None or closed > as_of)

    for org_id, applied, admitted, refused, filed, decided, requested, exit_decided, ended in rows:
        pending = result[org_id]
        if open_on(applied, admitted) and open_on(applied, refused):
            pending.applications.append(applied)
        if open_on(filed, decided):
            pending.appeals.append(filed)
        if open_on(admitted, ended) and open_on(requested, exit_decided):
            pending.withdrawals.append(requested)
    return result


@dataclass
class ShareFacts:
    """Natural persons' holdings (ristorni excluded) above ``floor`` and the total capital."""

    large_holdings: list[Decimal] = field(default_factory=list)
    capital: Decimal = Decimal("0")
    statute: Statute | None = None


def share_facts(org_ids: list[int], as_of: dt.date, floor: Decimal) -> dict[int, ShareFacts]:
    """R-CC-2525 facts from the ledger as it stood on ``as_of``."""
    result: dict[int, ShareFacts] = defaultdict(ShareFacts)
    ledger = ShareTransaction.objects.for_orgs(org_ids).filter(date__lte=as_of)
    holdings = (
        ledger.filter(membership__person__kind=PersonKind.NATURAL)
        .filter(Q(membership__ended_on__isnull=True) | Q(membership__ended_on__gt=as_of))
        .exclude(kind=ShareTransactionKind.RISTORNO)
        .exclude(reverses__kind=ShareTransactionKind.RISTORNO)
        .values_list("organization_id", "membership_id")
        .annotate(total=Sum("subscribed_delta"))
        .filter(total__gt=floor)
        .order_by()
    )
    for org_id, _membership_id, total in holdings:
        result[org_id].large_holdings.append(total)
    capital = ledger.values_list("organization_id").annotate(total=Sum("subscribed_delta"))
    for org_id, total in capital.order_by():
        result[org_id].capital = total or Decimal("0")
    for statute in Statute.objects.for_orgs(org_ids):
        result[statute.organization_id].statute = statute
    return result


# --- volunteers, pay, network -----------------------------------------------------------------


@dataclass
class VolunteerCounts:
    active: int = 0
    insured: int = 0


def volunteer_counts(org_ids: list[int], as_of: dt.date) -> dict[int, VolunteerCounts]:
    """R-381-2c: volunteers active on ``as_of`` and how many are insured that day."""
    covered = VolunteerInsurance.objects.for_org(OuterRef("organization_id")).filter(
        volunteer=OuterRef("pk"), valid_from__lte=as_of, valid_to__gte=as_of
    )
    rows = (
        Volunteer.objects.for_orgs(org_ids)
        .filter(start_date__lte=as_of)
        .exclude(end_date__lt=as_of)
        .annotate(insured=Exists(covered))
        .values_list("organization_id", "insured")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: dict[int, VolunteerCounts] = defaultdict(VolunteerCounts)
    for org_id, insured, n in rows:
        result[org_id].active += n
        if insured:
            result[org_id].insured += n
    return result


@dataclass(frozen=True)
class PayRange:
    employees: int = 0
    lowest: Decimal | None = None
    highest: Decimal | None = None


def pay_ranges(org_ids: list[int], as_of: dt.date) -> dict[int, PayRange]:
    """R-IS-4: lowest and highest gross annual pay of employees in force on ``as_of``."""
    rows = (
        Employment.objects.for_orgs(org_ids)
        .filter(
            contract_type__in=WORKER_CONTRACTS,
            start_date__lte=as_of,
            gross_annual_pay__gt=0,
        )
        .exclude(end_date__lt=as_of)
        .values_list("organization_id")
        .annotate(
            n=Count("person_id", distinct=True),
            low=Min("gross_annual_pay"),
            high=Max("gross_annual_pay"),
        )
        .order_by()
    )
    return {org_id: PayRange(n, low, high) for org_id, n, low, high in rows}


@dataclass(frozen=True)
class AffiliateCounts:
    total: int = 0
    social_cooperatives: int = 0


def affiliate_counts(group_ids: list[int], as_of: dt.date) -> dict[int, AffiliateCounts]:
    """R-381-8: organizations affiliated to each group on ``as_of``, and how many are social."""
    rows = (
        Affiliation.objects.of_groups(group_ids)
        .filter(Affiliation.active_on(as_of))
        .values_list("group_id")
        .annotate(
            total=Count("organization_id", distinct=True),
            social=Count(
                "organization_id",
                distinct=True,
                filter=Q(organization__kind__in=OrganizationKind.social_cooperatives()),
            ),
        )
        .order_by()
    )
    return {group_id: AffiliateCounts(total, social) for group_id, total, social in rows}


def incubation_counts(org_ids: list[int], as_of: dt.date) -> dict[int, int]:
    """R-NET-3: cooperatives each organization had started to incubate by ``as_of``."""
    rows = (
        Incubation.objects.for_orgs(org_ids)
        .filter(start_date__lte=as_of)
        .values_list("organization_id")
        .annotate(n=Count("child_id", distinct=True))
        .order_by()
    )
    return dict(rows)


# --- everything the rules need, for many organizations at once --------------------------------


@dataclass
class OrgFacts:
    """What the rules know about one organization on one day: counts, never names."""

    organization: Organization
    as_of: dt.date
    params: ParameterReader
    members: MemberCounts
    pending: PendingDecisions
    volunteers: VolunteerCounts
    shares: ShareFacts
    pay: PayRange
    affiliates: AffiliateCounts
    incubations: int
    disadvantage: DisadvantageAggregate | None

    @property
    def region(self) -> str | None:
        return region_code(self.organization)

    def param(self, key: str) -> Decimal:
        """The parameter in force on ``as_of`` in the organization's region."""
        return self.params.value(key, self.as_of, self.region)


def load_facts(
    organizations: Iterable[Organization],
    as_of: dt.date,
    *,
    params: ParameterReader | None = None,
) -> dict[int, OrgFacts]:
    """Facts for every organization in a fixed number of queries (plus memoised parameters)."""
    params = params or ParameterReader()
    wanted = [o.pk for o in organizations]
    by_pk = Organization.objects.select_related("seat_comune__province").in_bulk(wanted)
    orgs = [by_pk[pk] for pk in wanted if pk in by_pk]
    ids = [o.pk for o in orgs]
    caps = [params.value("cc.holding_max", as_of, region_code(o)) for o in orgs]
    shares = share_facts(ids, as_of, min(caps, default=Decimal("0")))
    members = member_counts(ids, as_of)
    pending = pending_decisions(ids, as_of)
    volunteers = volunteer_counts(ids, as_of)
    pay = pay_ranges(ids, as_of)
    groups = [o.pk for o in orgs if o.kind in OrganizationKind.groups()]
    affiliates = affiliate_counts(groups, as_of) if groups else {}
    incubations = incubation_counts(ids, as_of)
    disadvantage = workforce_aggregates(
        [o for o in orgs if o.kind in WORK_INTEGRATION_KINDS], [as_of], params
    )
    return {
        o.pk: OrgFacts(
            organization=o,
            as_of=as_of,
            params=params,
            members=members.get(o.pk, MemberCounts()),
            pending=pending.get(o.pk, PendingDecisions()),
            volunteers=volunteers.get(o.pk, VolunteerCounts()),
            shares=shares.get(o.pk, ShareFacts()),
            pay=pay.get(o.pk, PayRange()),
            affiliates=affiliates.get(o.pk, AffiliateCounts()),
            incubations=incubations.get(o.pk, 0),
            disadvantage=disadvantage.get(o.pk),
        )
        for o in orgs
    }


@dataclass(frozen=True)
class MembershipDates:
    category: str
    admitted_on: dt.date
    ended_on: dt.date | None


def membership_history(organization: Organization) -> list[MembershipDates]:
    """Admission and exit dates of every member (for the trend), in one query."""
    rows = (
        Membership.objects.for_org(organization)
        .filter(admitted_on__isnull=False)
        .exclude(status=MembershipStatus.APPLIED)
        .values_list("category", "admitted_on", "ended_on")
    )
    return [MembershipDates(c, a, e) for c, a, e in rows if a is not None]


def members_on_day(history: list[MembershipDates], day: dt.date) -> tuple[int, int]:
    """(all members, volunteer members) in force on ``day``."""
    active = [
        m for m in history if m.admitted_on <= day and (m.ended_on is None or m.ended_on > day)
    ]
    return len(active), sum(1 for m in active if m.category == MemberCategory.VOLONTARIO)


def affiliated_organizations(group: Organization, as_of: dt.date) -> list[Organization]:
    """Organizations affiliated to ``group`` on ``as_of`` (the consortium matrix's rows)."""
    in_force = Affiliation.objects.of_groups([group]).filter(Affiliation.active_on(as_of))
    return list(
        Organization.objects.filter(pk__in=in_force.values("organization_id"))
        .select_related("seat_comune__province")
        .order_by("short_name", "pk")
    )
