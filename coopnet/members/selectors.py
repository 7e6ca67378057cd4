"""Reads of the members app: the libro soci, a member's file, pending decisions, the portal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Concat, Lower

from coopnet.core.models import AuditEntry, Organization, User
from coopnet.core.parameters import parameter_value

from . import deadlines
from .models import (
    EXITED,
    MemberCategory,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    PersonKind,
    PublishedDocument,
    ShareAccount,
    ShareTransaction,
    Statute,
)

STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "active": (MembershipStatus.ACTIVE,),
    "applied": (MembershipStatus.APPLIED,),
    "refused": (MembershipStatus.REFUSED,),
    "exited": EXITED,
    "all": tuple(MembershipStatus.values),
}
SHORT_NUMBER = 4  # digits: up to 4 is a register number, more is part of an identifier
SORTS = {
    "number": "register_number",
    "name": "sort_name",
    "category": "category",
    "admitted": "admitted_on",
    "status": "status",
}


def has_voting_rights(membership: Membership, on: dt.date) -> bool:
    """R-CC-2538: an active member votes only after 90 days on the register."""
    if membership.admitted_on is None or membership.admitted_on > on:
        return False
    if membership.ended_on is not None and membership.ended_on <= on:
        return False
    days = int(parameter_value("cc.voting_min_days", on))
    return (on - membership.admitted_on).days >= days


def _in_force(memberships: QuerySet[Membership], on: dt.date) -> QuerySet[Membership]:
    return (
        memberships.filter(admitted_on__lte=on)
        .exclude(ended_on__lte=on)
        .exclude(status=MembershipStatus.APPLIED)
    )


def members_on(organization: Organization, on: dt.date) -> QuerySet[Membership]:
    """Memberships in force on ``on`` (admitted on or before, not yet ended)."""
    return _in_force(Membership.objects.for_org(organization), on)


def members_on_by_organization(organization_ids: Collection[int], on: dt.date) -> dict[int, int]:
    """How many members each organization has on ``on`` (the test of ``members_on``), one query."""
    rows = (
        _in_force(Membership.objects.for_orgs(organization_ids), on)
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def share_capital_by_organization(organization_ids: Collection[int]) -> dict[int, Decimal]:
    """Each organization's subscribed share capital today (its accounts' balance), one query."""
    rows = (
        ShareAccount.objects.for_orgs(organization_ids)
        .order_by()
        .values_list("organization_id")
        .annotate(total=Sum("subscribed"))
    )
    return dict(rows)


def voters_on(organization: Organization, on: dt.date) -> QuerySet[Membership]:
    """Members entitled to vote on ``on`` (R-CC-2538), in one query."""
    days = int(parameter_value("cc.voting_min_days", on))
    return members_on(organization, on).filter(admitted_on__lte=on - dt.timedelta(days=days))


def statute(organization: Organization) -> Statute:
    """The organization's statute settings; unsaved defaults if none were recorded yet."""
    found = Statute.objects.for_org(organization).first()
    if found is not None:
        return found
    return Statute(organization=organization, allowed_categories=list(MemberCategory.values))


# --- the libro soci ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilters:
    status: str = "active"
    category: str = ""
    q: str = ""
    sort: str = "number"  # a key of SORTS, "-" in front for descending


def _search(q: str) -> Q:
    """Every word must match: a short number is a register number; other words match names,
    the codice fiscale or the partita IVA."""
    condition = Q()
    for word in q.split():
        if word.isdigit() and len(word) <= SHORT_NUMBER:
            condition &= Q(register_number=int(word))
            continue
        match = (
            Q(person__surname__icontains=word)
            | Q(person__given_name__icontains=word)
            | Q(person__denomination__icontains=word)
            | Q(person__codice_fiscale__icontains=word)
            | Q(person__partita_iva__icontains=word)
        )
        condition &= match
    return condition


def register(organization: Organization, filters: RegisterFilters) -> QuerySet[Membership]:
    """The libro soci as filtered: ordinary members first, then the separate section of the
    volunteer members (R-381-2a), each ordered as asked. Disadvantaged status never appears."""
    rows = (
        Membership.objects.for_org(organization)
        .filter(status__in=STATUS_FILTERS.get(filters.status, STATUS_FILTERS["active"]))
        .select_related("person", "share_account")
        .annotate(
            volunteer_section=Case(
                When(category=MemberCategory.VOLONTARIO, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            sort_name=Lower(
                Concat("person__surname", "person__denomination", Value(" "), "person__given_name")
            ),
        )
    )
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.q.strip():
        rows = rows.filter(_search(filters.q))
    descending = filters.sort.startswith("-")
    field = SORTS.get(filters.sort.lstrip("-"), "register_number")
    key = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return rows.order_by("volunteer_section", key, "pk")


def category_counts(organization: Organization, status: str) -> list[tuple[str, str, int]]:
    """How many memberships of each category have the given status filter (one query)."""
    counts = dict(
        Membership.objects.for_org(organization)
        .filter(status__in=STATUS_FILTERS.get(status, STATUS_FILTERS["active"]))
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return [(c.value, str(c.label), counts[c.value]) for c in MemberCategory if c.value in counts]


def pending_decisions(
    organization: Organization, today: dt.date
) -> list[deadlines.PendingDecision]:
    """Applications, appeals and withdrawal requests waiting for a decision, most urgent first
    (two queries whatever their number)."""
    waiting = (
        Membership.objects.for_org(organization)
        .filter(
            Q(status=MembershipStatus.APPLIED)
            | Q(
                status=MembershipStatus.REFUSED,
                appeal_filed_on__isnull=False,
                appeal_decided_on__isnull=True,
            )
            | Q(status=MembershipStatus.ACTIVE, exit_requested_on__isnull=False)
        )
        .select_related("person")
    )
    lookup = deadlines.preloaded_parameters()
    pending = [deadlines.pending_decision(m, today, lookup) for m in waiting]
    found = [p for p in pending if p is not None]
    return sorted(found, key=lambda p: (p.deadline is None, p.deadline or p.since, p.since))


# --- one member's file ---------------------------------------------------------------------


def membership_detail(organization: Organization, pk: int) -> Membership:
    """A membership of ``organization`` with its person and account; DoesNotExist otherwise."""
    return (
        Membership.objects.for_org(organization)
        .select_related(
            "person__comune__province",
            "person__linked_organization",
            "person__user",
            "share_account",
        )
        .get(pk=pk)
    )


def ledger(membership: Membership) -> QuerySet[ShareTransaction]:
    """The share-capital ledger lines of a membership, oldest first."""
    return (
        ShareTransaction.objects.for_org(membership.organization_id)
        .filter(membership=membership)
        .select_related("counterparty__person", "reverses", "reversal")
    )


def ledger_line(membership: Membership, pk: int) -> ShareTransaction:
    """One line of a membership's ledger; DoesNotExist otherwise."""
    return ledger(membership).get(pk=pk)


def events(membership: Membership) -> QuerySet[MembershipEvent]:
    return (
        MembershipEvent.objects.for_org(membership.organization_id)
        .filter(membership=membership)
        .select_related("created_by")
    )


def audit_trail(membership: Membership, *, limit: int = 100) -> QuerySet[AuditEntry]:
    """Audit entries about a membership, its person and its ledger lines, newest first."""
    lines = ledger(membership).values_list("pk", flat=True)
    return (
        AuditEntry.objects.for_org(membership.organization_id)
        .filter(
            Q(object_type="members.membership", object_id=str(membership.pk))
            | Q(object_type="members.person", object_id=str(membership.person_id))
            | Q(object_type="members.sharetransaction", object_id__in=[str(pk) for pk in lines])
        )
        .select_related("actor")[:limit]
    )


def organization_user(organization: Organization, email: str) -> User | None:
    """The user with this e-mail who holds a role in ``organization``, if any."""
    return (
        User.objects.filter(
            email__iexact=email.strip(), role_assignments__organization=organization
        )
        .distinct()
        .first()
    )


def active_member_by_number(organization: Organization, number: int) -> Membership | None:
    return (
        Membership.objects.for_org(organization)
        .filter(register_number=number, status=MembershipStatus.ACTIVE)
        .select_related("person")
        .first()
    )


# --- the member portal ---------------------------------------------------------------------


def portal_person(organization: Organization, user: User) -> Person | None:
    """The person record of ``organization`` linked to ``user``, if any."""
    return (
        Person.objects.for_org(organization)
        .filter(user=user)
        .select_related("comune__province")
        .order_by("pk")
        .first()
    )


def person_memberships(person: Person) -> list[Membership]:
    """A person's memberships of their organization, the current one first."""
    return list(
        Membership.objects.for_org(person.organization_id)
        .filter(person=person)
        .select_related("share_account")
        .order_by("-applied_on", "-pk")
    )


def published_document(
    organization: Organization, pk: int, members_only: bool
) -> PublishedDocument:
    """One document of ``organization`` (only those shown to members if asked); DoesNotExist
    otherwise."""
    return published_documents(organization, members_only=members_only).get(pk=pk)


def published_documents(
    organization: Organization, *, members_only: bool = False
) -> QuerySet[PublishedDocument]:
    documents = PublishedDocument.objects.for_org(organization)
    if members_only:
        documents = documents.filter(visible_to_members=True)
    return documents


# --- figures for the social report (counts and sums only) -------------------------------------

UNKNOWN = "nd"  # sex not recorded; legal persons count under ``PersonKind.LEGAL``


def member_breakdown(organization: Organization, on: dt.date) -> dict[str, dict[str, int]]:
    """Members in force on ``on`` by category and by sex (legal persons apart), one query."""
    rows = (
        members_on(organization, on)
        .order_by()
        .values_list("category", "person__kind", "person__sex")
        .annotate(n=Count("pk"))
    )
    by_category: dict[str, int] = {}
    by_sex: dict[str, int] = {}
    for category, kind, sex, n in rows:
        by_category[category] = by_category.get(category, 0) + n
        key = PersonKind.LEGAL.value if kind == PersonKind.LEGAL else (sex or UNKNOWN)
        by_sex[key] = by_sex.get(key, 0) + n
    return {"category": by_category, "sex": by_sex}


def admissions_and_exits(
    organization: Organization, start: dt.date, end: dt.date
) -> tuple[int, int]:
    """How many members were admitted, and how many left, between ``start`` and ``end``."""
    counts = Membership.objects.for_org(organization).aggregate(
        admitted=Count("pk", filter=Q(admitted_on__gte=start, admitted_on__lte=end)),
        exited=Count("pk", filter=Q(ended_on__gte=start, ended_on__lte=end)),
    )
    return counts["admitted"], counts["exited"]


def share_capital_on(organization: Organization, on: dt.date) -> tuple[Decimal, Decimal]:
    """Subscribed and paid share capital at the end of ``on``, from the ledger."""
    totals = (
        ShareTransaction.objects.for_org(organization)
        .filter(date__lte=on)
        .aggregate(subscribed=Sum("subscribed_delta"), paid=Sum("paid_delta"))
    )
    return totals["subscribed"] or Decimal("0"), totals["paid"] or Decimal("0")
