"""Care's figures across organizations, for the dashboards and reports of a consortium or
federation (reporting): minutes of care, distinct beneficiaries, the services each runs; one
query each whatever the number of organizations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum, Value

from coopnet.core.dates import sums_by_month, sums_by_organization

from ..models import ServiceType, Visit, VisitStatus


def _finished_visits(rows: QuerySet[Visit], start: dt.date, end: dt.date) -> QuerySet[Visit]:
    """Visits given between ``start`` and ``end``; those waiting for review do not count yet."""
    return rows.filter(status=VisitStatus.DONE, needs_review=False, date__gte=start, date__lte=end)


def care_minutes_by_organization(
    organization_ids: Collection[int], *, start: dt.date, end: dt.date
) -> dict[int, int]:
    """Minutes of finished visits between ``start`` and ``end`` by organization, one query."""
    rows = (
        _finished_visits(Visit.objects.for_orgs(organization_ids), start, end)
        .order_by()
        .values_list("organization_id")
        .annotate(minutes=Sum("delivered_minutes"))
    )
    return {org_id: minutes or 0 for org_id, minutes in rows}


@dataclass(frozen=True)
class CareTotals:
    minutes: int
    beneficiaries: int


def care_totals_by_organization(
    organization_ids: Collection[int],
    *,
    start: dt.date,
    end: dt.date,
    service: str = "",
    by_month: bool = False,
    people: bool = True,
) -> dict[tuple[int, dt.date | None], CareTotals]:
    """Minutes of finished visits and distinct beneficiaries (zero unless ``people``) from
    ``start`` to ``end`` by organization (and month), of the service ``service``; one query."""
    visits = _finished_visits(Visit.objects.for_orgs(organization_ids), start, end)
    if service:
        visits = visits.filter(service_type__name=service)
    found = sums_by_organization(
        visits,
        "date",
        {
            "minutes": lambda within: Sum("delivered_minutes", filter=within),
            "people": lambda within: (
                Count("beneficiary_id", distinct=True, filter=within) if people else Value(0)
            ),
        },
        start=start,
        end=end,
        by_month=by_month,
    )
    return {key: CareTotals(r["minutes"] or 0, r["people"]) for key, r in found.items()}


def care_minutes_by_month(
    organization_ids: Collection[int], *, start: dt.date, end: dt.date, service: str = ""
) -> dict[dt.date, int]:
    """Minutes of finished visits from ``start`` to ``end`` by month (its first day), all the
    organizations together, of the service ``service``; one query with a row a month."""
    visits = _finished_visits(Visit.objects.for_orgs(organization_ids), start, end)
    if service:
        visits = visits.filter(service_type__name=service)
    found = sums_by_month(
        visits, "date", {"minutes": Sum("delivered_minutes")}, start=start, end=end
    )
    return {month: r["minutes"] or 0 for month, r in found.items()}


def services_by_organization(organization_ids: Collection[int]) -> dict[int, list[str]]:
    """The names of the active services of each organization, in order; one query."""
    found: dict[int, list[str]] = {}
    rows = (
        ServiceType.objects.for_orgs(organization_ids)
        .filter(active=True)
        .order_by("name")
        .values_list("organization_id", "name")
    )
    for org_id, name in rows:
        found.setdefault(org_id, []).append(name)
    return found
