"""Reads of the energy app, each starting from ``for_org``; ``settlement_inputs`` gathers
what the pure settlement reads for a period."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from coopnet.core.models import Organization

from . import law
from .models import (
    Configuration,
    Direction,
    Plant,
    Point,
    Reading,
    Settlement,
    Source,
    ZonalPrice,
)
from .settlement import MISSING, Inputs, local_hours, local_midnight, price_series
from .settlement import Configuration as ConfigurationInput
from .settlement import Plant as PlantInput
from .settlement import Point as PointInput

DAY = dt.timedelta(days=1)


def configurations(organization: Organization) -> QuerySet[Configuration]:
    return Configuration.objects.for_org(organization).select_related("region")


def plants(organization: Organization) -> QuerySet[Plant]:
    return Plant.objects.for_org(organization).select_related("owner", "configuration")


def settlements(organization: Organization) -> QuerySet[Settlement]:
    return Settlement.objects.for_org(organization).select_related("created_by")


def settlement(organization: Organization, pk: int) -> Settlement:
    return settlements(organization).get(pk=pk)


def settlement_inputs(organization: Organization, first_day: dt.date, last_day: dt.date) -> Inputs:
    """The register, readings and prices of ``[first_day, last_day]`` (local days), with the
    rules in force on ``first_day`` deciding who is exempt (R-CER-5)."""
    start, end = local_midnight(first_day), local_midnight(last_day + DAY)
    points: dict[int, list[PointInput]] = {}
    active = (
        Point.objects.for_org(organization)
        .filter(valid_from__lte=last_day)
        .exclude(valid_to__lt=first_day)
        .select_related("member")
    )
    for point in active:
        kind = point.member.kind
        points.setdefault(point.configuration_id, []).append(
            PointInput(
                pod=point.pod,
                member=point.member.tax_code,
                exempt=law.exempt(kind, first_day),
                business=law.business(kind),
                active_from=local_midnight(point.valid_from),
                active_to=None if point.valid_to is None else local_midnight(point.valid_to + DAY),
            )
        )
    plants_of: dict[int, list[PlantInput]] = {}
    for plant in Plant.objects.for_org(organization).select_related("owner"):
        plants_of.setdefault(plant.configuration_id, []).append(
            PlantInput(
                pod=plant.pod,
                power_kw=plant.power_kw,
                commissioned_at=local_midnight(plant.commissioned_on),
                grant_pct=plant.grant_pct,
                pre_existing=plant.pre_existing,
                photovoltaic=plant.source == Source.PV,
                owner=plant.owner.tax_code,
            )
        )
    configs = tuple(
        ConfigurationInput(
            code=config.code,
            zone=config.zone,
            fc_eur_mwh=law.regional_correction(config, first_day),
            plants=tuple(plants_of.get(config.pk, [])),
            points=tuple(points.get(config.pk, [])),
        )
        for config in Configuration.objects.for_org(organization)
    )
    hours = local_hours(first_day, last_day)
    withdrawal, injection = _readings(organization, hours, start, end)
    zones = {c.zone for c in configs}
    prices = ZonalPrice.objects.for_org(organization).filter(
        zone__in=zones, hour__gte=start, hour__lt=end
    )
    return Inputs(
        hours=hours,
        configurations=configs,
        withdrawal=withdrawal,
        injection=injection,
        prices=price_series(
            hours, {(z, h): p for z, h, p in prices.values_list("zone", "hour", "eur_mwh")}
        ),
    )


def _readings(
    organization: Organization,
    hours: Sequence[dt.datetime],
    start: dt.datetime,
    end: dt.datetime,
) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
    """Withdrawal and injection series by POD. A year is millions of rows: they are read with
    the queryset's own SQL but without the ORM's per-row conversion, each hour found by the
    value the database driver gives back (SQLite: naive UTC)."""
    position = {hour: i for i, hour in enumerate(hours)}
    position.update({hour.replace(tzinfo=None): i for i, hour in enumerate(hours)})
    series: dict[int, dict[str, array[int]]] = {Direction.WITHDRAWAL: {}, Direction.INJECTION: {}}
    readings = Reading.objects.for_org(organization).filter(hour__gte=start, hour__lt=end)
    sql, params = readings.values_list("pod", "direction", "hour", "wh").query.sql_with_params()
    empty = array("q", [MISSING]) * len(hours)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(50_000):
            for pod, direction, hour, wh in batch:
                target = series[direction]
                values = target.get(pod)
                if values is None:
                    values = target[pod] = array("q", empty)
                values[position[hour]] = wh
    return series[Direction.WITHDRAWAL], series[Direction.INJECTION]
