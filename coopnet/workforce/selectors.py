"""Reads of the workforce app. Nothing here touches special-category data (see ``vault``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from coopnet.core.models import Organization, User
from coopnet.members.models import Person

from .models import (
    ContractType,
    Employment,
    ExpenseReimbursement,
    HoursStatus,
    Qualification,
    SensitiveAccess,
    Volunteer,
    VolunteerHours,
    VolunteerInsurance,
)

# Product choice, like the vault's certificate alert: warn this many days before expiry.
QUALIFICATION_ALERT_DAYS = 60
# Only approved hours count as given; proposed and rejected ones are shown, never summed.
APPROVED_HOURS = Q(status=HoursStatus.APPROVED)
_APPROVED_JOINED = Q(hours__status=HoursStatus.APPROVED)  # the same, from a Volunteer


def _active_on(day: dt.date, start: str = "start_date", end: str = "end_date") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def persons(organization: Organization) -> QuerySet[Person]:
    """The organization's natural persons, for choosing a worker or a volunteer."""
    return Person.objects.filter(organization=organization, kind="fisica").order_by(
        "surname", "given_name"
    )


def employments(
    organization: Organization,
    *,
    active_on: dt.date | None = None,
    contract_type: str = "",
    branch: str = "",
    query: str = "",
) -> QuerySet[Employment]:
    rows = Employment.objects.filter(organization=organization).select_related("person")
    if active_on is not None:
        rows = rows.filter(_active_on(active_on))
    if contract_type:
        rows = rows.filter(contract_type=contract_type)
    if branch:
        rows = rows.filter(branch=branch)
    if query:
        rows = rows.filter(
            Q(person__surname__icontains=query)
            | Q(person__given_name__icontains=query)
            | Q(person__codice_fiscale__icontains=query)
        )
    return rows.order_by("person__surname", "person__given_name", "-start_date")


def employment_detail(organization: Organization, pk: int) -> Employment:
    return Employment.objects.select_related("person", "organization").get(
        organization=organization, pk=pk
    )


def person_detail(organization: Organization, pk: int) -> Person:
    """A person with their employments, qualifications and volunteering (no vault data)."""
    return (
        Person.objects.filter(organization=organization)
        .prefetch_related(
            Prefetch(
                "employments",
                queryset=Employment.objects.filter(organization=organization).order_by(
                    "-start_date"
                ),
            ),
            Prefetch(
                "qualifications",
                queryset=Qualification.objects.filter(organization=organization).order_by(
                    "expires_on", "kind"
                ),
            ),
            Prefetch(
                "volunteering",
                queryset=Volunteer.objects.filter(organization=organization).order_by(
                    "-start_date"
                ),
            ),
        )
        .get(pk=pk)
    )


def expiring_qualifications(organization: Organization, today: dt.date) -> QuerySet[Qualification]:
    horizon = today + dt.timedelta(days=QUALIFICATION_ALERT_DAYS)
    return (
        Qualification.objects.filter(
            organization=organization, expires_on__gte=today, expires_on__lte=horizon
        )
        .select_related("person")
        .order_by("expires_on")
    )


def _insured_on(day: dt.date) -> Exists:
    return Exists(
        VolunteerInsurance.objects.filter(
            volunteer=OuterRef("pk"), valid_from__lte=day, valid_to__gte=day
        )
    )


def volunteers(
    organization: Organization, *, today: dt.date, active_only: bool = False
) -> QuerySet[Volunteer]:
    """The register with approved hours and whether each is insured today (R-381-2c)."""
    rows = (
        Volunteer.objects.filter(organization=organization)
        .select_related("person")
        .annotate(
            insured_today=_insured_on(today),
            total_hours=Sum("hours__hours", filter=_APPROVED_JOINED),
        )
    )
    if active_only:
        rows = rows.filter(_active_on(today))
    return rows.order_by("person__surname", "person__given_name", "-start_date")


def volunteer_detail(organization: Organization, pk: int) -> Volunteer:
    """A volunteer with policies, every hours row (any status) and the approved total."""
    return (
        Volunteer.objects.filter(organization=organization)
        .select_related("person")
        .annotate(total_hours=Sum("hours__hours", filter=_APPROVED_JOINED))
        .prefetch_related(
            Prefetch("insurances", queryset=VolunteerInsurance.objects.order_by("-valid_to")),
            Prefetch("hours", queryset=VolunteerHours.objects.order_by("-date", "-pk")),
            Prefetch("reimbursements", queryset=ExpenseReimbursement.objects.order_by("-date")),
        )
        .get(pk=pk)
    )


def insurance_gaps(organization: Organization, today: dt.date) -> QuerySet[Volunteer]:
    """Active volunteers without a policy in force today (R-381-2c)."""
    return (
        Volunteer.objects.filter(_active_on(today), organization=organization)
        .exclude(_insured_on(today))
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
        VolunteerHours.objects.filter(APPROVED_HOURS, organization=organization, date__year=year)
        .annotate(month=TruncMonth("date"))
        .values("volunteer_id", "month")
        .annotate(total=Sum("hours"))
    )
    grid: dict[int, list[Decimal]] = {}
    for row in sums:
        month = row["month"]
        grid.setdefault(row["volunteer_id"], [Decimal(0)] * 12)[month.month - 1] = row["total"]
    listed = (
        Volunteer.objects.filter(pk__in=grid)
        .select_related("person")
        .order_by("person__surname", "person__given_name")
    )
    return [MonthlyHours(v, grid[v.pk], sum(grid[v.pk], Decimal(0))) for v in listed]


def pending_hours(organization: Organization) -> QuerySet[VolunteerHours]:
    """Hours volunteers proposed that staff have not examined yet, oldest day first."""
    return (
        VolunteerHours.objects.filter(organization=organization, status=HoursStatus.PROPOSED)
        .select_related("volunteer__person")
        .order_by("date", "pk")
    )


def own_volunteer(organization: Organization, user: User) -> Volunteer | None:
    """The latest registration, in ``organization``, of the person linked to ``user``."""
    if not user.is_authenticated:
        return None
    return (
        Volunteer.objects.filter(
            organization=organization, person__organization=organization, person__user=user
        )
        .select_related("person")
        .order_by("-start_date")
        .first()
    )


def own_hours(volunteer: Volunteer, *, since: dt.date = dt.date.min) -> QuerySet[VolunteerHours]:
    """Every hours row of the volunteer's person from ``since``, whatever its status."""
    return VolunteerHours.objects.filter(
        organization_id=volunteer.organization_id,
        volunteer__person_id=volunteer.person_id,
        date__gte=since,
    ).order_by("-date", "-pk")


def approved_hours_in_year(volunteer: Volunteer, year: int) -> Decimal:
    """The approved hours the volunteer's person gave in ``year``."""
    total = VolunteerHours.objects.filter(
        APPROVED_HOURS,
        organization_id=volunteer.organization_id,
        volunteer__person_id=volunteer.person_id,
        date__year=year,
    ).aggregate(total=Sum("hours"))["total"]
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
    active = Employment.objects.filter(_active_on(on), organization=organization)
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
        volunteers=Volunteer.objects.filter(_active_on(on), organization=organization).count(),
        insurance_gaps=insurance_gaps(organization, on).count(),
        expiring_qualifications=expiring_qualifications(organization, on).count(),
    )


def sensitive_access_log(
    organization: Organization,
    *,
    action: str = "",
    purpose: str = "",
    user_email: str = "",
    person_query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[SensitiveAccess]:
    """Who read, exported or changed special-category data, newest first (R-GDPR-4)."""
    rows = SensitiveAccess.objects.filter(organization=organization).select_related(
        "user", "person"
    )
    if action:
        rows = rows.filter(action=action)
    if purpose:
        rows = rows.filter(purpose=purpose)
    if user_email:
        rows = rows.filter(user__email__icontains=user_email)
    if person_query:
        rows = rows.filter(
            Q(person__surname__icontains=person_query)
            | Q(person__codice_fiscale__icontains=person_query)
        )
    if date_from:
        rows = rows.filter(at__date__gte=date_from)
    if date_to:
        rows = rows.filter(at__date__lte=date_to)
    return rows
