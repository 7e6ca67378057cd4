"""Reads of the energy app, each starting from ``for_org``; ``settlement_inputs`` gathers
what the pure settlement reads for a period."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Count,
    F,
    Func,
    Max,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import ExtractHour

from coopnet.core.models import Comune, Organization

from . import control, law
from .distribution import FUND, Figures, Line, reconcile
from .distribution import true_up as true_up_core
from .models import (
    Configuration,
    Direction,
    Distribution,
    DistributionKind,
    DistributionRule,
    DistributionShare,
    EnergyMember,
    GseStatement,
    Plant,
    Point,
    Reading,
    Settlement,
    Source,
    ZonalPrice,
)
from .settlement import MISSING, ROME, Inputs, local_hours, local_midnight, price_series
from .settlement import Configuration as ConfigurationInput
from .settlement import Plant as PlantInput
from .settlement import Point as PointInput
from .settlement.allocation import CENT

DAY = dt.timedelta(days=1)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def configurations(organization: Organization) -> QuerySet[Configuration]:
    return Configuration.objects.for_org(organization).select_related("region")


def plants(organization: Organization) -> QuerySet[Plant]:
    return Plant.objects.for_org(organization).select_related(
        "owner", "configuration", "comune__province"
    )


def settlements(organization: Organization) -> QuerySet[Settlement]:
    return Settlement.objects.for_org(organization).select_related("created_by")


def settlement(organization: Organization, pk: int) -> Settlement:
    return settlements(organization).get(pk=pk)


# -- control rights (R-CER-1) --------------------------------------------------------------


def members(organization: Organization) -> QuerySet[EnergyMember]:
    return EnergyMember.objects.for_org(organization).select_related("comune__province")


def _place(comune: Comune | None) -> control.Place | None:
    return None if comune is None else control.Place(comune.istat_code, str(comune))


def member_facts(member: EnergyMember) -> control.MemberFacts:
    return control.MemberFacts(
        member.pk, member.name, member.kind, member.get_kind_display(), _place(member.comune)
    )


def plant_facts(organization: Organization) -> list[control.PlantFacts]:
    rows = Plant.objects.for_org(organization).select_related("comune__province")
    return [control.PlantFacts(p.pod, _place(p.comune)) for p in rows]


def member_controls(
    organization: Organization, on: dt.date, rows: Sequence[EnergyMember] | None = None
) -> list[tuple[EnergyMember, control.Control]]:
    """Each member (``rows``, else the register's) with their control rights on ``on``."""
    plants, admitted = plant_facts(organization), law.control_kinds(on)
    chosen = list(members(organization)) if rows is None else rows
    return [(m, control.member_control(member_facts(m), plants, admitted)) for m in chosen]


def community_control(organization: Organization, on: dt.date) -> control.CommunityControl:
    """The community's R-CER-1 check on ``on`` (three queries)."""
    facts = [member_facts(m) for m in members(organization)]
    return control.community_control(facts, plant_facts(organization), law.control_kinds(on))


# -- statements and the dashboard (issue 13 item 6) -----------------------------------------


def energy_member(organization: Organization, pk: int) -> EnergyMember:
    return members(organization).prefetch_related("points__configuration", "plants").get(pk=pk)


def member_by_tax_code(organization: Organization) -> dict[str, EnergyMember]:
    return {m.tax_code: m for m in EnergyMember.objects.for_org(organization)}


def members_by_kind(organization: Organization) -> dict[str, int]:
    """How many members of each kind (MemberKind values) the register holds."""
    rows = EnergyMember.objects.for_org(organization).values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def hourly_profile(
    organization: Organization, member: EnergyMember, first_day: dt.date, last_day: dt.date
) -> dict[int, list[int]]:
    """Wh withdrawn by the member's points (within their mandates) and injected by their
    plants in ``[first_day, last_day]``, by direction and local hour of the day (0-23)."""
    start, end = local_midnight(first_day), local_midnight(last_day + DAY)
    scope = Q(direction=Direction.INJECTION, pod__in=[p.pod for p in member.plants.all()])
    for point in member.points.all():
        until = end if point.valid_to is None else local_midnight(point.valid_to + DAY)
        scope |= Q(
            direction=Direction.WITHDRAWAL,
            pod=point.pod,
            hour__gte=max(start, local_midnight(point.valid_from)),
            hour__lt=min(end, until),
        )
    rows = (
        Reading.objects.for_org(organization)
        .filter(scope, hour__gte=start, hour__lt=end)
        .annotate(local_hour=ExtractHour("hour", tzinfo=ROME))
        .values("direction", "local_hour")
        .annotate(wh=Sum("wh"))
    )
    profile: dict[int, list[int]] = {Direction.WITHDRAWAL: [0] * 24, Direction.INJECTION: [0] * 24}
    for row in rows:
        profile[row["direction"]][row["local_hour"]] += row["wh"]
    return profile


def monthly_settlements(organization: Organization, year: int) -> dict[int, Settlement]:
    """For each month of ``year`` settled as a whole month, its latest run."""
    found: dict[int, Settlement] = {}
    runs = settlements(organization).filter(first_day__year=year, first_day__day=1)
    for run in runs:  # newest first
        month_end = (run.first_day + dt.timedelta(days=31)).replace(day=1) - DAY
        if run.last_day == month_end:
            found.setdefault(run.first_day.month, run)
    return found


def last_reading_day(organization: Organization) -> dt.date | None:
    """The local day of the latest stored reading."""
    last = Reading.objects.for_org(organization).aggregate(last=Max("hour"))["last"]
    return None if last is None else last.astimezone(ROME).date()


def latest_settlement_year(organization: Organization) -> int | None:
    run = settlements(organization).order_by("-first_day").first()
    return None if run is None else run.first_day.year


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


class _HourIndex(Func):
    """The index of a UTC hour column among consecutive hours from ``start`` (an integer
    computed by the database: no datetime is parsed per reading)."""

    output_field = BigIntegerField()

    def __init__(self, column: str, start: dt.datetime) -> None:
        super().__init__(column, Value(int(start.timestamp()) // 3600))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 24) AS INTEGER)"
        return self._indexed(compiler, connection, template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT) / 3600"
        return self._indexed(compiler, connection, template, **extra)

    def _indexed(self, compiler: Any, connection: Any, template: str, **extra: Any) -> Any:
        column, start = self.get_source_expressions()
        sql, params = compiler.compile(column)
        first, first_params = compiler.compile(start)
        return f"({template % {'expressions': sql}} - {first})", (*params, *first_params)


class _Packed(Aggregate):
    """The ``index,wh`` pairs of a group as one text ``"i,wh,i,wh,..."``, any order."""

    output_field = TextField()
    arg_joiner = " || ',' || "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="group_concat(%(expressions)s, ',')")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="string_agg(%(expressions)s, ',')")


def _readings(
    organization: Organization,
    hours: Sequence[dt.datetime],
    start: dt.datetime,
    end: dt.datetime,
) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
    """Withdrawal and injection series by POD. A year is millions of rows: the database
    gives each POD and direction as one text of (hour index, Wh) pairs, read by numpy,
    without a Python object per reading (``hours`` are consecutive UTC hours from ``start``)."""
    series: dict[int, dict[str, array[int]]] = {Direction.WITHDRAWAL: {}, Direction.INJECTION: {}}
    rows = (
        Reading.objects.for_org(organization)
        .filter(hour__gte=start, hour__lt=end)
        .values("pod", "direction")
        .annotate(packed=_Packed(_HourIndex("hour", start), "wh"))
        .values_list("pod", "direction", "packed")
        .order_by()
    )
    for pod, direction, packed in rows.iterator():
        pairs = np.fromstring(packed, dtype=np.int64, sep=",").reshape(-1, 2)
        values = np.full(len(hours), MISSING, dtype=np.int64)
        values[pairs[:, 0]] = pairs[:, 1]
        series[direction][pod] = array("q", values.tobytes())
    return series[Direction.WITHDRAWAL], series[Direction.INJECTION]


def stored_readings(
    organization: Organization, pods: Sequence[str], first: dt.datetime, last: dt.datetime
) -> Iterator[tuple[str, int, np.ndarray]]:
    """(POD, direction, rows of hour since 1970, pk, Wh) of the readings of ``pods`` from
    hour ``first`` to ``last``: one text per POD and direction, read by numpy."""
    rows = (
        Reading.objects.for_org(organization)
        .filter(pod__in=pods, hour__gte=first, hour__lte=last)
        .values("pod", "direction")
        .annotate(packed=_Packed(_HourIndex("hour", EPOCH), "pk", "wh"))
        .values_list("pod", "direction", "packed")
        .order_by()
    )
    for pod, direction, packed in rows.iterator():
        yield pod, direction, np.fromstring(packed, dtype=np.int64, sep=",").reshape(-1, 3)


# --- distribution (issue 13 item 5) --------------------------------------------------------


def distribution_rules(organization: Organization) -> QuerySet[DistributionRule]:
    return DistributionRule.objects.for_org(organization).select_related("created_by")


def rule_in_force(organization: Organization, on: dt.date) -> DistributionRule | None:
    return distribution_rules(organization).filter(valid_from__lte=on).first()


def distributions(organization: Organization) -> QuerySet[Distribution]:
    return Distribution.objects.for_org(organization).select_related("settlement", "rule")


def distribution(organization: Organization, pk: int) -> Distribution:
    return distributions(organization).get(pk=pk)


def shares(distribution: Distribution) -> QuerySet[DistributionShare]:
    """The members' lines by name, then the fund's."""
    return (
        DistributionShare.objects.for_org(distribution.organization_id)
        .filter(distribution=distribution)
        .select_related("member")
        .order_by(F("member__name").asc(nulls_last=True), "member__tax_code")
    )


def plant_owners(organization: Organization) -> dict[str, str]:
    """The owner's tax code of each plant, by POD."""
    return dict(Plant.objects.for_org(organization).values_list("pod", "owner__tax_code"))


def plant_grants(organization: Organization) -> dict[str, Decimal]:
    """The capital grant of each plant, in percent, by POD (R-CER-5, R-CER-6)."""
    return dict(Plant.objects.for_org(organization).values_list("pod", "grant_pct"))


def member_kinds(organization: Organization, tax_codes: set[str]) -> dict[str, str]:
    members = EnergyMember.objects.for_org(organization).filter(tax_code__in=tax_codes)
    return dict(members.values_list("tax_code", "kind"))


def gse_statements(organization: Organization) -> QuerySet[GseStatement]:
    return GseStatement.objects.for_org(organization)


def _monthly_latest(organization: Organization, year: int) -> list[Distribution]:
    """The latest monthly distribution of each calendar month of ``year``."""
    latest: dict[dt.date, Distribution] = {}
    monthly = distributions(organization).filter(
        kind=DistributionKind.MONTHLY, settlement__first_day__year=year
    )
    for row in monthly.order_by("created_at", "pk"):
        latest[row.settlement.first_day] = row
    return [latest[month] for month in sorted(latest)]


def _is_month(first_day: dt.date, last_day: dt.date) -> bool:
    following = (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_day.day == 1 and last_day == following - DAY


@dataclass(frozen=True)
class ShareRow:
    """One line of a distribution: a member (None: the fund) with its parts; for a yearly
    one also what the monthly ones gave and the balance (the true-up)."""

    member: EnergyMember | None
    business: bool
    owners_eur: Decimal
    consumers_eur: Decimal
    cut_eur: Decimal
    eur: Decimal
    provisional_eur: Decimal | None = None
    balance_eur: Decimal | None = None


def member_share(settlement: Settlement, member: EnergyMember) -> DistributionShare | None:
    """The member's line in the latest distribution of the settlement's period, if any."""
    lines = DistributionShare.objects.for_org(settlement.organization_id).filter(
        member=member,
        distribution__settlement__first_day=settlement.first_day,
        distribution__settlement__last_day=settlement.last_day,
    )
    return (
        lines.select_related("distribution__rule")
        .order_by("-distribution__created_at", "-distribution__pk")
        .first()
    )


def distribution_rows(distribution: Distribution) -> list[ShareRow]:
    """The members by name, then the fund; a yearly distribution minus the latest monthly
    distribution of each of its months, per member (also those only in the months)."""
    organization = distribution.organization
    lines = list(shares(distribution))
    rows = {
        _key(s): ShareRow(
            s.member,
            s.member is not None and law.business(s.member.kind),
            s.owners_eur,
            s.consumers_eur,
            s.cut_eur,
            s.eur,
        )
        for s in lines
    }
    if distribution.kind != DistributionKind.YEARLY:
        return list(rows.values())
    monthly = _monthly_latest(organization, distribution.settlement.first_day.year)
    given = [{_key(s): s.eur for s in shares(d)} for d in monthly]
    balances = true_up_core({key: row.eur for key, row in rows.items()}, given)
    extra = EnergyMember.objects.for_org(organization).filter(
        tax_code__in=[b.tax_code for b in balances if b.tax_code not in rows]
    )
    zero = Decimal(0)
    for member in extra:
        rows[member.tax_code] = ShareRow(member, law.business(member.kind), zero, zero, zero, zero)
    return sorted(
        (
            replace(rows[b.tax_code], provisional_eur=b.provisional_eur, balance_eur=b.balance_eur)
            for b in balances
            if b.tax_code in rows
        ),
        key=lambda r: (r.member is None, r.member.name if r.member else "", _key_of(r)),
    )


def _key(share: DistributionShare) -> str:
    return FUND if share.member is None else share.member.tax_code


def _key_of(row: ShareRow) -> str:
    return FUND if row.member is None else row.member.tax_code


def reconciliation(organization: Organization) -> list[Line]:
    """coopnet's monthly settlements (the latest of each month) against the GSE statement,
    per month and configuration."""
    periods = settlements(organization).filter(first_day__day=1).order_by("created_at", "pk")
    latest = {
        first: pk
        for pk, first, last in periods.values_list("pk", "first_day", "last_day")
        if _is_month(first, last)
    }
    ours: dict[tuple[dt.date, str], Figures] = {}
    for run in settlements(organization).filter(pk__in=latest.values()):
        unit = Decimal(run.parameters["valorisation_eur_mwh"]) / 1000
        plants = run.result["plants"]
        for config in run.result["configurations"]:
            code, kwh = config["code"], Decimal(config["shared_kwh"])
            tips = (Decimal(p["tip_eur"]) for p in plants if p["configuration"] == code)
            value = (kwh * unit).quantize(CENT, rounding=ROUND_HALF_UP)
            ours[(run.first_day, code)] = Figures(kwh, sum(tips, Decimal(0)), value)
    theirs = {
        (s.month, s.configuration): Figures(s.shared_kwh, s.tip_eur, s.valorisation_eur)
        for s in gse_statements(organization)
    }
    return reconcile(ours, theirs)
