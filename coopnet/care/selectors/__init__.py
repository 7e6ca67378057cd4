"""Reads of the care services app. Health notes are read only through ``health``; figures
across organizations (minutes, beneficiaries, services) in ``figures.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.members.models import MemberCategory, Membership, Person
from coopnet.workforce.selectors import persons

from ..models import (
    Absence,
    Beneficiary,
    CarePlan,
    CarePlanLine,
    CarePlanLineCarer,
    Carer,
    ContractRate,
    FundingContract,
    ScheduleRun,
    SchedulingSettings,
    ServiceType,
    Visit,
    VisitStatus,
)
from .figures import CareTotals as CareTotals
from .figures import _finished_visits
from .figures import care_minutes_by_month as care_minutes_by_month
from .figures import care_minutes_by_organization as care_minutes_by_organization
from .figures import care_totals_by_organization as care_totals_by_organization
from .figures import services_by_organization as services_by_organization


def service_types(
    organization: Organization, *, active_only: bool = False
) -> QuerySet[ServiceType]:
    rows = ServiceType.objects.for_org(organization)
    return rows.filter(active=True) if active_only else rows


def funding_contracts(organization: Organization) -> QuerySet[FundingContract]:
    return FundingContract.objects.for_org(organization).select_related("public_body")


def contract_rates(contract: FundingContract) -> QuerySet[ContractRate]:
    return (
        ContractRate.objects.for_org(contract.organization_id)
        .filter(contract=contract)
        .select_related("service_type")
    )


def public_bodies() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.PUBLIC_BODY).order_by("short_name")


def fruitore_memberships(organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.filter(category=MemberCategory.FRUITORE).select_related(
        "person"
    )


def beneficiaries(
    organization: Organization, *, query: str = "", active_only: bool = True
) -> QuerySet[Beneficiary]:
    rows = (
        Beneficiary.objects.for_org(organization)
        .select_related("person", "comune")
        .annotate(plan_count=Count("plans", distinct=True))
    )
    if active_only:
        rows = rows.filter(active=True)
    if query:
        rows = rows.filter(
            Q(person__surname__icontains=query)
            | Q(person__given_name__icontains=query)
            | Q(address__icontains=query)
        )
    return rows.order_by("person__surname", "person__given_name", "pk")


def beneficiary_detail(organization: Organization, pk: int) -> Beneficiary:
    return (
        Beneficiary.objects.for_org(organization)
        .select_related("person", "comune", "membership")
        .get(pk=pk)
    )


def _lines(organization: Organization | int) -> Prefetch[str]:
    links = CarePlanLineCarer.objects.for_org(organization).select_related("carer__person")
    return Prefetch(
        "lines",
        queryset=CarePlanLine.objects.for_org(organization)
        .select_related("service_type")
        .prefetch_related(Prefetch("carer_links", queryset=links)),
    )


def plans_of(beneficiary: Beneficiary) -> QuerySet[CarePlan]:
    return (
        CarePlan.objects.for_org(beneficiary.organization_id)
        .filter(beneficiary=beneficiary)
        .select_related("funding")
        .prefetch_related(_lines(beneficiary.organization_id))
    )


def plan_detail(organization: Organization, pk: int) -> CarePlan:
    return (
        CarePlan.objects.for_org(organization)
        .select_related("beneficiary__person", "funding")
        .prefetch_related(_lines(organization))
        .get(pk=pk)
    )


def line_detail(organization: Organization, pk: int) -> CarePlanLine:
    return (
        CarePlanLine.objects.for_org(organization)
        .select_related("plan__beneficiary__person", "service_type")
        .get(pk=pk)
    )


def line_carers(line: CarePlanLine, preference: str) -> list[Carer]:
    return [
        link.carer
        for link in line.carer_links.filter(preference=preference).select_related("carer")
    ]


def carers(organization: Organization, *, active_only: bool = False) -> QuerySet[Carer]:
    rows = Carer.objects.for_org(organization).select_related("person")
    return rows.filter(active=True) if active_only else rows


def carer_detail(organization: Organization, pk: int) -> Carer:
    return Carer.objects.for_org(organization).select_related("person").get(pk=pk)


def absences(carer: Carer) -> QuerySet[Absence]:
    return Absence.objects.for_org(carer.organization_id).filter(carer=carer)


def carer_candidates(organization: Organization) -> QuerySet[Person]:
    """Persons with an employment or a volunteer entry who are not carers yet."""
    taken = Carer.objects.for_org(organization).values("person_id")
    return (
        persons(organization)
        .filter(
            Q(employments__organization=organization) | Q(volunteering__organization=organization)
        )
        .exclude(pk__in=taken)
        .distinct()
    )


def carer_for_user(organization: Organization, user: User) -> Carer | None:
    """The carer record of the logged-in person in this organization, if any."""
    return (
        Carer.objects.for_org(organization)
        .filter(person__user=user)
        .select_related("person")
        .first()
    )


def _visit_rows(organization: Organization | int) -> QuerySet[Visit]:
    return Visit.objects.for_org(organization).select_related(
        "beneficiary__person", "service_type", "carer__person", "line"
    )


def day_visits(organization: Organization, day: dt.date) -> QuerySet[Visit]:
    return _visit_rows(organization).filter(date=day)


def period_visits(
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    carer_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Visit]:
    """The organization's visits from ``start`` to ``end`` (inclusive), of one carer or in one
    state when given, by day and planned start (unassigned last): one query whatever their
    number."""
    rows = _visit_rows(organization).filter(date__gte=start, date__lte=end)
    if carer_id is not None:
        rows = rows.filter(carer_id=carer_id)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("date", F("planned_start").asc(nulls_last=True), "window_start", "pk")


def visit_detail(organization: Organization, pk: int) -> Visit:
    return _visit_rows(organization).select_related("line__plan").get(pk=pk)


def own_visits(carer: Carer, day: dt.date) -> QuerySet[Visit]:
    """A carer's visits of the day in order; cancelled ones are not shown."""
    return (
        _visit_rows(carer.organization_id)
        .filter(carer=carer, date=day)
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("planned_start", "pk")
    )


def own_visit(carer: Carer, pk: int) -> Visit:
    return _visit_rows(carer.organization_id).get(carer=carer, pk=pk)


def calendar_visits(carer: Carer, start: dt.date, end: dt.date) -> QuerySet[Visit]:
    """The carer's planned visits for the calendar feed."""
    return (
        Visit.objects.for_org(carer.organization_id)
        .filter(
            carer=carer,
            date__gte=start,
            date__lte=end,
            planned_start__isnull=False,
            status__in=(VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS, VisitStatus.DONE),
        )
        .select_related("beneficiary__person", "service_type")
        .order_by("planned_start")
    )


def family_visits(beneficiary: Beneficiary, start: dt.date, end: dt.date) -> QuerySet[Visit]:
    """The beneficiary's visits from ``start`` to ``end`` but the cancelled ones, in order, for
    the family's page: one query whatever their number."""
    return (
        Visit.objects.for_org(beneficiary.organization_id)
        .filter(beneficiary=beneficiary, date__gte=start, date__lte=end)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("service_type", "carer__person")
        .order_by("date", F("planned_start").asc(nulls_last=True), "window_start", "pk")
    )


def visits_to_review(
    organization: Organization, *, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Visit]:
    """Recorded visits whose minutes wait for a coordinator (odd check-in, zero minutes),
    oldest first, optionally within a period."""
    rows = _visit_rows(organization).filter(needs_review=True)
    if start is not None:
        rows = rows.filter(date__gte=start)
    if end is not None:
        rows = rows.filter(date__lte=end)
    return rows.order_by("date", "checked_in_at", "pk")


def runs(organization: Organization, day: dt.date) -> QuerySet[ScheduleRun]:
    return (
        ScheduleRun.objects.for_org(organization)
        .filter(date=day)
        .select_related("job")
        .order_by("-created_at", "-pk")
    )


def run_detail(organization: Organization, pk: int) -> ScheduleRun:
    return ScheduleRun.objects.for_org(organization).select_related("job").get(pk=pk)


def visit_counts(organization: Organization, day: dt.date) -> dict[str, int]:
    rows = (
        Visit.objects.for_org(organization)
        .filter(date=day)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {r["status"]: r["n"] for r in rows}


# --- hours ----------------------------------------------------------------------------------

HOURS_GROUPS = {
    "carer": ("carer_id", "carer__person__surname", "carer__person__given_name"),
    "beneficiary": (
        "beneficiary_id",
        "beneficiary__person__surname",
        "beneficiary__person__given_name",
    ),
    "service": ("service_type_id", "service_type__name"),
}


@dataclass(frozen=True)
class HoursRow:
    label: str
    month: dt.date
    paid_minutes: int
    volunteer_minutes: int

    @property
    def paid_hours(self) -> Decimal:
        return (Decimal(self.paid_minutes) / 60).quantize(Decimal("0.01"))

    @property
    def volunteer_hours(self) -> Decimal:
        return (Decimal(self.volunteer_minutes) / 60).quantize(Decimal("0.01"))

    @property
    def total_hours(self) -> Decimal:
        return self.paid_hours + self.volunteer_hours

    @property
    def total_minutes(self) -> int:
        return self.paid_minutes + self.volunteer_minutes


def delivered_hours(
    organization: Organization, *, start: dt.date, end: dt.date, by: str
) -> list[HoursRow]:
    """Minutes of finished visits by carer, beneficiary or service and by month, paid and
    volunteer apart; visits waiting for review do not count yet. One query whatever the
    number of visits."""
    fields = HOURS_GROUPS[by]
    rows = (
        _finished_visits(Visit.objects.for_org(organization), start, end)
        .annotate(month=TruncMonth("date"))
        .values(*fields, "month")
        .annotate(
            paid=Sum("delivered_minutes", filter=Q(by_volunteer=False)),
            volunteer=Sum("delivered_minutes", filter=Q(by_volunteer=True)),
        )
        .order_by("month", *fields[1:])
    )
    return [
        HoursRow(
            label=" ".join(str(r[f]) for f in fields[1:] if r[f]),
            month=r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"],
            paid_minutes=r["paid"] or 0,
            volunteer_minutes=r["volunteer"] or 0,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ServiceMinutes:
    """Finished visits of one service type: how many, and their minutes, paid and volunteer."""

    service_type_id: int
    name: str
    visits: int
    paid_minutes: int
    volunteer_minutes: int


def plan_minutes_by_service(
    organization: Organization, plans: Collection[int], *, start: dt.date, end: dt.date
) -> list[ServiceMinutes]:
    """Minutes of the finished visits of some plans between ``start`` and ``end`` by service
    type (what a contract's statement counts): the real minutes between check-in and
    check-out, each visit on its day; visits waiting for review do not count yet. One query."""
    rows = (
        _finished_visits(Visit.objects.for_org(organization), start, end)
        .filter(line__plan_id__in=plans)
        .values("service_type_id", "service_type__name")
        .annotate(
            visits=Count("pk"),
            paid=Sum("delivered_minutes", filter=Q(by_volunteer=False)),
            volunteer=Sum("delivered_minutes", filter=Q(by_volunteer=True)),
        )
        .order_by("service_type__name", "service_type_id")
    )
    return [
        ServiceMinutes(
            r["service_type_id"],
            r["service_type__name"],
            r["visits"],
            r["paid"] or 0,
            r["volunteer"] or 0,
        )
        for r in rows
    ]


def plan_visits_to_review(
    organization: Organization, plans: Collection[int], *, start: dt.date, end: dt.date
) -> int:
    """How many of the plans' visits between ``start`` and ``end`` wait for review."""
    return (
        visits_to_review(organization, start=start, end=end).filter(line__plan_id__in=plans).count()
    )


def scheduling_settings(organization: Organization) -> SchedulingSettings:
    """The organization's weights (defaults until someone changes them); not saved."""
    found = SchedulingSettings.objects.for_org(organization).first()
    return found or SchedulingSettings(organization=organization)


@dataclass(frozen=True)
class ServiceFigures:
    """The finished visits of one service type in a period, and the people they reached."""

    name: str
    visits: int
    beneficiaries: int
    minutes: int


def service_figures(
    organization: Organization, *, start: dt.date, end: dt.date
) -> tuple[list[ServiceFigures], int]:
    """Finished visits, distinct beneficiaries and minutes by service type between ``start``
    and ``end``, and the distinct beneficiaries of all services (for the social report);
    two queries."""
    finished = _finished_visits(Visit.objects.for_org(organization), start, end)
    rows = (
        finished.values("service_type__name")
        .annotate(
            visits=Count("pk"),
            people=Count("beneficiary_id", distinct=True),
            minutes=Sum("delivered_minutes"),
        )
        .order_by("service_type__name")
    )
    services = [
        ServiceFigures(r["service_type__name"], r["visits"], r["people"], r["minutes"] or 0)
        for r in rows
    ]
    return services, finished.values("beneficiary_id").distinct().count()
