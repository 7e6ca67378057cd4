"""Reads of employment, qualifications and volunteers; no special-category data (``vault``)."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from coopnet.core.models import Organization, TenantModel, TenantQuerySet, User
from coopnet.core.selectors import narrowed
from coopnet.members.models import Person

from ..models import (
    ContractType,
    Employment,
    ExpenseReimbursement,
    HoursStatus,
    Qualification,
    Volunteer,
    VolunteerHours,
    VolunteerInsurance,
)

# Product choice, like the vault's certificate alert: warn this many days before expiry.
QUALIFICATION_ALERT_DAYS = 60
# Only approved hours count as given; proposed and rejected ones are shown, never summed.
APPROVED_HOURS = Q(status=HoursStatus.APPROVED)
_APPROVED_JOINED = Q(hours__status=HoursStatus.APPROVED)  # the same, from a Volunteer


def in_force_on(day: dt.date, start: str = "start_date", end: str = "end_date") -> Q:
    """Rows whose period (``start``..``end``, an open end for ever) includes ``day``."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def person_matches(query: str, *fields: str) -> Q:
    """Rows whose person has ``query`` in any of ``fields``."""
    return reduce(operator.or_, (Q(**{f"person__{name}__icontains": query}) for name in fields))


def _persons(organization: Organization) -> QuerySet[Person]:
    # members' Person becomes a TenantModel in its own step of issue 10; until then its rows
    # are read through the same scope on a TenantQuerySet.
    return TenantQuerySet(Person).for_org(organization)


def _ordered(model: type[TenantModel], organization: Organization, *order: str) -> QuerySet[Any]:
    return model.objects.for_org(organization).order_by(*order)


def _hours_of_person(volunteer: Volunteer) -> QuerySet[VolunteerHours]:
    """Hours of every registration of the volunteer's person (any status)."""
    return VolunteerHours.objects.for_org(volunteer.organization_id).filter(
        volunteer__person_id=volunteer.person_id
    )


def persons(organization: Organization) -> QuerySet[Person]:
    """The organization's natural persons, for choosing a worker or a volunteer."""
    return _persons(organization).filter(kind="fisica").order_by("surname", "given_name")


def employments(
    organization: Organization,
    *,
    active_on: dt.date | None = None,
    contract_type: str = "",
    branch: str = "",
    query: str = "",
) -> QuerySet[Employment]:
    rows = Employment.objects.for_org(organization).select_related("person")
    if active_on is not None:
        rows = rows.filter(in_force_on(active_on))
    rows = narrowed(rows, contract_type=contract_type, branch=branch)
    if query:
        rows = rows.filter(person_matches(query, "surname", "given_name", "codice_fiscale"))
    return rows.order_by("person__surname", "person__given_name", "-start_date")


def employment_detail(organization: Organization, pk: int) -> Employment:
    return (
        Employment.objects.for_org(organization).select_related("person", "organization").get(pk=pk)
    )


def person_detail(organization: Organization, pk: int) -> Person:
    """A person with their employments, qualifications and volunteering (no vault data)."""
    return (
        _persons(organization)
        .prefetch_related(
            Prefetch(
                "employments",
                queryset=Employment.objects.for_org(organization).order_by("-start_date"),
            ),
            Prefetch(
                "qualifications",
                queryset=Qualification.objects.for_org(organization).order_by("expires_on", "kind"),
            ),
            Prefetch(
                "volunteering",
                queryset=Volunteer.objects.for_org(organization).order_by("-start_date"),
            ),
        )
        .get(pk=pk)
    )


def expiring_qualifications(organization: Organization, today: dt.date) -> QuerySet[Qualification]:
    horizon = today + dt.timedelta(days=QUALIFICATION_ALERT_DAYS)
    return (
        Qualification.objects.for_org(organization)
        .filter(expires_on__gte=today, expires_on__lte=horizon)
        .select_related("person")
        .order_by("expires_on")
    )


def _insured_on(organization: Organization, day: dt.date) -> Exists:
    return Exists(
        VolunteerInsurance.objects.for_org(organization).filter(
            volunteer=OuterRef("pk"), valid_from__lte=day, valid_to__gte=day
        )
    )


def volunteers(
    organization: Organization, *, today: dt.date, active_only: bool = False
) -> QuerySet[Volunteer]:
    """The register with approved hours and whether each is insured today (R-381-2c)."""
    rows = (
        Volunteer.objects.for_org(organization)
        .select_related("person")
        .annotate(
            insured_today=_insured_on(organization, today),
            total_hours=Sum("hours__hours", filter=_APPROVED_JOINED),
        )
    )
    if active_only:
        rows = rows.filter(in_force_on(today))
    return rows.order_by("person__surname", "person__given_name", "-start_date")


def volunteer_detail(organization: Organization, pk: int) -> Volunteer:
    """A volunteer with policies, every hours row (any status) and the approved total."""
    return (
        Volunteer.objects.for_org(organization)
        .select_related("person")
        .annotate(total_hours=Sum("hours__hours", filter=_APPROVED_JOINED))
        .prefetch_related(
            Prefetch(
                "insurances", queryset=_ordered(VolunteerInsurance, organization, "-valid_to")
            ),
            Prefetch("hours", queryset=_ordered(VolunteerHours, organization, "-date", "-pk")),
            Prefetch(
                "reimbursements", queryset=_ordered(ExpenseReimbursement, organization, "-date")
            ),
        )
        .get(pk=pk)
    )


def insurance_gaps(organization: Organization, today: dt.date) -> QuerySet[Volunteer]:
    """Active volunteers without a policy in force today (R-381-2c)."""
    return (
        Volunteer.objects.for_org(organization)
        .filter(in_force_on(today))
        .exclude(_insured_on(organization, today))
        .select_related("person")
    )


@dataclass(frozen=True)
class MonthlyHours:
    volunteer: Volunteer
    months: list[Decimal]  # twelve cells, January to December
    total: Decimal


def hours_by_month(organization: Organization, year: int) -> list[MonthlyHours]:
    """Each volunteer's hours in ``year``, month by month, in two queries."""
    sums = (
        VolunteerHours.objects.for_org(organization)
        .filter(APPROVED_HOURS, date__year=year)
        .annotate(month=TruncMonth("date"))
        .values("volunteer_id", "month")
        .annotate(total=Sum("hours"))
    )
    grid: dict[int, list[Decimal]] = {}
    for row in sums:
        month = row["month"]
        grid.setdefault(row["volunteer_id"], [Decimal(0)] * 12)[month.month - 1] = row["total"]
    listed = (
        Volunteer.objects.for_org(organization)
        .filter(pk__in=grid)
        .select_related("person")
        .order_by("person__surname", "person__given_name")
    )
    return [MonthlyHours(v, grid[v.pk], sum(grid[v.pk], Decimal(0))) for v in listed]


def pending_hours(organization: Organization) -> QuerySet[VolunteerHours]:
    """Hours volunteers proposed that staff have not examined yet, oldest day first."""
    return (
        VolunteerHours.objects.for_org(organization)
        .filter(status=HoursStatus.PROPOSED)
        .select_related("volunteer__person")
        .order_by("date", "pk")
    )


def own_volunteer(organization: Organization, user: User) -> Volunteer | None:
    """The latest registration, in ``organization``, of the person linked to ``user``."""
    if not user.is_authenticated:
        return None
    return (
        Volunteer.objects.for_org(organization)
        .filter(person__organization=organization, person__user=user)
        .select_related("person")
        .order_by("-start_date")
        .first()
    )


def own_hours(volunteer: Volunteer, *, since: dt.date = dt.date.min) -> QuerySet[VolunteerHours]:
    """Every hours row of the volunteer's person from ``since``, whatever its status."""
    return _hours_of_person(volunteer).filter(date__gte=since).order_by("-date", "-pk")


def approved_hours_in_year(volunteer: Volunteer, year: int) -> Decimal:
    """The approved hours the volunteer's person gave in ``year``."""
    rows = _hours_of_person(volunteer).filter(APPROVED_HOURS, date__year=year)
    total = rows.aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


@dataclass(frozen=True)
class WorkforceCounts:
    on: dt.date
    workers: int
    by_contract: list[tuple[str, int]]
    by_branch: list[tuple[str, int]]
    volunteers: int
    insurance_gaps: int
    expiring_qualifications: int


def workforce_counts(organization: Organization, on: dt.date) -> WorkforceCounts:
    """Headcounts for the dashboard: workers in force by contract and branch, volunteers."""
    active = Employment.objects.for_org(organization).filter(in_force_on(on))
    by_contract = [
        (str(ContractType(row["contract_type"]).label), row["n"])
        for row in active.values("contract_type")
        .annotate(n=Count("person", distinct=True))
        .order_by("contract_type")
    ]
    by_branch = [
        (row["branch"], row["n"])
        for row in active.values("branch")
        .annotate(n=Count("person", distinct=True))
        .order_by("branch")
    ]
    return WorkforceCounts(
        on=on,
        workers=active.values("person").distinct().count(),
        by_contract=by_contract,
        by_branch=by_branch,
        volunteers=Volunteer.objects.for_org(organization).filter(in_force_on(on)).count(),
        insurance_gaps=insurance_gaps(organization, on).count(),
        expiring_qualifications=expiring_qualifications(organization, on).count(),
    )
