"""Reads of agreements on the commons, their volunteers and insurance, the reports due
(reminders) and the activity reports, with the totals the social report counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from coopnet.core.models import Organization
from coopnet.workforce.models import Volunteer, VolunteerInsurance
from coopnet.workforce.selectors import in_force_on

from ..models import (
    ActivityReport,
    Agreement,
    AgreementParty,
    Asset,
    PactVolunteer,
    ReportDuty,
    ReportPicture,
)


def agreements(organization: Organization, *, asset: Asset | None = None) -> QuerySet[Agreement]:
    rows = Agreement.objects.for_org(organization).select_related("asset__comune", "previous")
    return rows.filter(asset=asset) if asset is not None else rows


def agreement(organization: Organization, pk: int) -> Agreement:
    return agreements(organization).get(pk=pk)


def public_agreements(
    organization: Organization, *, asset: int | None = None, current: bool = False
) -> QuerySet[Agreement]:
    """Agreements with their parties, for the API (which shows only their public parts)."""
    rows = (
        Agreement.objects.for_org(organization)
        .select_related("asset")
        .prefetch_related("parties__body")
        .order_by("-start_date", "-pk")
    )
    if asset is not None:
        rows = rows.filter(asset_id=asset)
    if current:
        today = timezone.localdate()
        rows = rows.filter(start_date__lte=today, end_date__gte=today)
    return rows


def agreement_parties(item: Agreement) -> QuerySet[AgreementParty]:
    return (
        AgreementParty.objects.for_org(item.organization_id)
        .filter(agreement=item)
        .select_related("body")
    )


def party_bodies() -> QuerySet[Organization]:
    """The network's organizations a party to an agreement may be."""
    return Organization.objects.in_network().order_by("short_name")


def renewal_of(item: Agreement) -> Agreement | None:
    """The agreement that renews ``item``, if any."""
    return Agreement.objects.for_org(item.organization_id).filter(previous=item).first()


@dataclass(frozen=True)
class PactCover:
    """A volunteer of an agreement, the end of their cover in force (None: not insured) and
    whether it lapses (active, and not covered to the agreement's end)."""

    row: PactVolunteer
    insured_until: dt.date | None
    lapses: bool


def pact_volunteers(item: Agreement, today: dt.date) -> list[PactCover]:
    """The agreement's volunteers with their insurance on ``today`` (two queries)."""
    rows = list(
        PactVolunteer.objects.for_org(item.organization_id)
        .filter(agreement=item)
        .select_related("volunteer__person")
    )
    covers = dict(
        VolunteerInsurance.objects.for_org(item.organization_id)
        .filter(
            volunteer__in=[row.volunteer_id for row in rows],
            valid_from__lte=today,
            valid_to__gte=today,
        )
        .values("volunteer")
        .annotate(until=Max("valid_to"))
        .values_list("volunteer", "until")
    )
    result = []
    for row in rows:
        until = covers.get(row.volunteer_id)
        lapses = row.active and (until is None or until < item.end_date)
        result.append(PactCover(row, until, lapses))
    return result


def register_volunteers(organization: Organization, today: dt.date) -> QuerySet[Volunteer]:
    """The volunteers in the register today, who may join an agreement."""
    return (
        Volunteer.objects.for_org(organization)
        .filter(in_force_on(today))
        .select_related("person")
        .order_by("person__surname", "person__given_name")
    )


def _written(organization: Organization | int) -> Exists:
    """Whether a report was written for the duty of the outer query."""
    return Exists(ActivityReport.objects.for_org(organization).filter(duty=OuterRef("pk")))


def duties(item: Agreement) -> QuerySet[ReportDuty]:
    """The reports the agreement owes, each with ``done`` (a report was written for it)."""
    rows = ReportDuty.objects.for_org(item.organization_id).filter(agreement=item)
    return rows.annotate(done=_written(item.organization_id))


def open_duties(item: Agreement) -> QuerySet[ReportDuty]:
    """The duties still without a report (a new report may answer one of them)."""
    rows = ReportDuty.objects.for_org(item.organization_id).filter(agreement=item)
    return rows.exclude(_written(item.organization_id))


@dataclass(frozen=True)
class DueReport:
    duty: ReportDuty
    days_left: int  # negative: overdue by that many days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def due_reports(organization: Organization, as_of: dt.date, days: int) -> list[DueReport]:
    """Reports owed and not written, due by ``as_of`` + ``days`` (overdue ones included),
    the most urgent first: what the reminders list."""
    rows = (
        ReportDuty.objects.for_org(organization)
        .filter(due_date__lte=as_of + dt.timedelta(days=days))
        .exclude(_written(organization))
        .select_related("agreement__asset")
        .order_by("due_date", "pk")
    )
    return [DueReport(duty, (duty.due_date - as_of).days) for duty in rows]


def reports(item: Agreement) -> QuerySet[ActivityReport]:
    return ActivityReport.objects.for_org(item.organization_id).filter(agreement=item)


def report(organization: Organization, pk: int) -> ActivityReport:
    return (
        ActivityReport.objects.for_org(organization)
        .select_related("agreement__asset__comune", "duty", "organization")
        .get(pk=pk)
    )


def report_pictures(item: ActivityReport) -> QuerySet[ReportPicture]:
    return ReportPicture.objects.for_org(item.organization_id).filter(report=item)


def report_picture(organization: Organization, pk: int) -> ReportPicture:
    return ReportPicture.objects.for_org(organization).get(pk=pk)


@dataclass(frozen=True)
class ActivityTotals:
    organization_id: int
    year: int
    reports: int
    volunteer_hours: Decimal
    worker_hours: Decimal
    participants: int

    @property
    def hours(self) -> Decimal:
        return self.volunteer_hours + self.worker_hours


def activity_totals(
    organizations: Iterable[Organization] | QuerySet[Organization], year: int | None = None
) -> list[ActivityTotals]:
    """Hours (volunteers', workers') and participants of the activity reports, per
    organization and year, for the social report (issue 16). A report counts in the year its
    period ends; participants are summed over reports (a person in two reports counts twice).
    One query."""
    rows = ActivityReport.objects.for_orgs(organizations).annotate(year=ExtractYear("period_end"))
    if year is not None:
        rows = rows.filter(year=year)
    grouped = (
        rows.values("organization_id", "year")
        .annotate(
            n=Count("pk"),
            volunteers=Sum("volunteer_hours"),
            workers=Sum("worker_hours"),
            people=Sum("participants"),
        )
        .order_by("organization_id", "year")
    )
    return [
        ActivityTotals(
            organization_id=row["organization_id"],
            year=row["year"],
            reports=row["n"],
            volunteer_hours=row["volunteers"] or Decimal(0),
            worker_hours=row["workers"] or Decimal(0),
            participants=row["people"] or 0,
        )
        for row in grouped
    ]
