"""A consortium's or federation's network and its members' figures, aggregates only
(R-GDPR-5): the consortium report's tables and the network dashboard.

The network of a group is every organization affiliated to it on a day, and, when a member is
itself a consortium (a consortium of consortia, a federation's network), every organization
affiliated to that member, level by level: one query per level. The figures are one grouped
query each over all the network's organizations, never a loop of per-member selectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopnet.care.selectors import (
    CareTotals,
    care_totals_by_organization,
    services_by_organization,
)
from coopnet.contracts.selectors import public_revenue_by_organization
from coopnet.core.models import (
    Affiliation,
    Organization,
    OrganizationKind,
    OrganizationSector,
    ServedComune,
)
from coopnet.members.selectors import members_on_by_organization
from coopnet.network.selectors import sector_title
from coopnet.workforce.vault import workforce_counts_by_organization

from .indicators.compute import MINUTES_PER_HOUR, Period
from .suppression import is_small, min_cell_size, suppress_cells

CENT = Decimal("0.01")
MAX_LEVELS = 5  # a consortium of consortia of consortia... (a cycle stops earlier)


def share(part: int | None, whole: int | None) -> Decimal | None:
    """``part`` as a ratio of ``whole``; ``None`` when either is hidden or the whole is zero."""
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def network_ids(group: Organization, day: dt.date) -> list[int]:
    """The organizations in ``group``'s network on ``day``, at any depth; one query per level."""
    seen: set[int] = set()
    frontier = {group.pk}
    for _level in range(MAX_LEVELS):
        found = set(
            Affiliation.objects.of_groups(frontier)
            .filter(Affiliation.active_on(day))
            .values_list("organization_id", flat=True)
        )
        frontier = found - seen - {group.pk}
        if not frontier:
            break
        seen |= frontier
    return sorted(seen)


@dataclass(frozen=True)
class Filters:
    """What a network's figures are narrowed to; empty values do not filter."""

    member: int | None = None  # one organization of the network
    sector: str = ""  # an ATECO code (or its first digits) of the members' sectors
    service: str = ""  # a care service's name: care hours and beneficiaries of it only


@dataclass(frozen=True)
class MemberFigures:
    """One row of a network's table; ``None`` where a count of people is hidden."""

    pk: int | None
    name: str
    kind: str
    members: int | None
    workers: int | None
    disadvantaged: int | None
    beneficiaries: int | None
    care_hours: Decimal
    comuni: int
    public_revenue: Decimal

    @property
    def disadvantaged_share(self) -> Decimal | None:
        return share(self.disadvantaged, self.workers)


@dataclass(frozen=True)
class Territory:
    """A comune served by members of the network, and how many; where it is (``None`` when
    the comune has no coordinates)."""

    comune_id: str
    name: str
    province: str
    members: int
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class NetworkFigures:
    period: Period
    filters: Filters
    organization_ids: list[int]  # those of the rows (the filtered network)
    minimum: int  # the small-cell threshold in force at the end of the period
    rows: list[MemberFigures]
    total: MemberFigures
    territories: list[Territory]


def network_members(
    group: Organization, day: dt.date, filters: Filters, network: Collection[int] | None = None
) -> list[Organization]:
    """The organizations of ``group``'s network on ``day`` (``network``'s ids when the caller
    has them already) that ``filters`` keep, by name."""
    ids = network_ids(group, day) if network is None else network
    rows = Organization.objects.filter(pk__in=ids)
    if filters.member is not None:
        rows = rows.filter(pk=filters.member)
    if filters.sector:
        rows = rows.filter(sectors__code__startswith=filters.sector).distinct()
    return list(rows.order_by("short_name", "pk").only("pk", "short_name", "kind"))


def territories(organization_ids: Collection[int]) -> list[Territory]:
    """The comuni served by the organizations (R-NET-2), with how many serve each; one query."""
    rows = (
        ServedComune.objects.for_orgs(organization_ids)
        .order_by()
        .values(
            "comune_id",
            "comune__name",
            "comune__province__abbreviation",
            "comune__latitude",
            "comune__longitude",
        )
        .annotate(n=Count("organization_id", distinct=True))
        .order_by("comune__name", "comune_id")
    )
    return [
        Territory(
            r["comune_id"],
            r["comune__name"],
            r["comune__province__abbreviation"],
            r["n"],
            r["comune__latitude"],
            r["comune__longitude"],
        )
        for r in rows
    ]


def _hidden(column: dict[str, int], minimum: int) -> dict[str, int | None]:
    """A column of people counts by member with small cells hidden (and their complement)."""
    return {k: None if v is None else int(v) for k, v in suppress_cells(column, minimum).items()}


def _shown(total: int, minimum: int) -> int | None:
    return None if is_small(total, minimum) else total


def network_figures(
    group: Organization,
    year: int,
    filters: Filters | None = None,
    *,
    network: Collection[int] | None = None,
) -> NetworkFigures:
    """Each organization of ``group``'s network with its members and workers at the end of
    ``year`` (or today), the disadvantaged among the workers, the care of the year (hours,
    distinct beneficiaries), the comuni it serves and its revenue from public bodies; counts of
    people under the threshold hidden, in the rows and in the total. About ten queries
    whatever the size of the network (two fewer with ``network``, its ids at the period's
    end, as ``network_choices`` found them)."""
    filters = filters or Filters()
    period = Period.of(year)
    minimum = min_cell_size(period.end)
    organizations = network_members(group, period.end, filters, network)
    ids = [o.pk for o in organizations]
    members = members_on_by_organization(ids, period.end)
    workforce = workforce_counts_by_organization(ids, period.end)
    care = care_totals_by_organization(
        ids, start=period.start, end=period.end, service=filters.service
    )
    revenue = public_revenue_by_organization(ids, start=period.start, end=period.end)
    comuni = dict(
        ServedComune.objects.for_orgs(ids)
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("pk"))
    )
    keys = {o.pk: str(o.pk) for o in organizations}
    kinds = {value: str(label) for value, label in OrganizationKind.choices}
    cared = {o.pk: care.get((o.pk, None), CareTotals(0, 0)) for o in organizations}
    people = {
        "members": {keys[o.pk]: members.get(o.pk, 0) for o in organizations},
        "workers": {keys[o.pk]: workforce.workers.get(o.pk, 0) for o in organizations},
        "beneficiaries": {keys[o.pk]: cared[o.pk].beneficiaries for o in organizations},
    }
    shown = {name: _hidden(column, minimum) for name, column in people.items()}
    rows = [
        MemberFigures(
            pk=o.pk,
            name=o.short_name,
            kind=kinds[o.kind],
            members=shown["members"][keys[o.pk]],
            workers=shown["workers"][keys[o.pk]],
            disadvantaged=workforce.disadvantaged.get(o.pk),
            beneficiaries=shown["beneficiaries"][keys[o.pk]],
            care_hours=Decimal(cared[o.pk].minutes) / MINUTES_PER_HOUR,
            comuni=comuni.get(o.pk, 0),
            public_revenue=revenue.get((o.pk, None), Decimal("0")),
        )
        for o in organizations
    ]
    total = MemberFigures(
        pk=None,
        name=_("Totale"),
        kind="",
        members=_shown(sum(people["members"].values()), minimum),
        workers=_shown(workforce.total_workers, minimum),
        disadvantaged=workforce.total_disadvantaged,
        beneficiaries=_shown(sum(people["beneficiaries"].values()), minimum),
        care_hours=sum((r.care_hours for r in rows), Decimal(0)),
        comuni=0,
        public_revenue=sum((r.public_revenue for r in rows), Decimal(0)),
    )
    places = territories(ids)
    return NetworkFigures(
        period, filters, ids, minimum, rows, replace(total, comuni=len(places)), places
    )


@dataclass(frozen=True)
class MemberServices:
    """A member of the network: its kind, its activities (ATECO) and the services it runs."""

    name: str
    kind: str
    sectors: list[str]
    services: list[str]


@dataclass(frozen=True)
class ConsortiumPart:
    """What a consortium's (or federation's) social report adds: its members with the
    services they run, and their figures (aggregates only)."""

    figures: NetworkFigures
    members: list[MemberServices]

    def content(self) -> dict[str, object]:
        """The part as frozen with an approved report (decimal strings, hidden cells null)."""

        def plain(row: MemberFigures) -> list[object]:
            counts = [row.members, row.workers, row.disadvantaged, row.beneficiaries, row.comuni]
            money = [row.care_hours.quantize(CENT), row.public_revenue.quantize(CENT)]
            return [row.name, *counts, *(str(v) for v in money)]

        return {
            "members": [[m.name, m.kind, m.sectors, m.services] for m in self.members],
            "figures": [plain(r) for r in [*self.figures.rows, self.figures.total]],
        }

    @classmethod
    def from_content(cls, content: dict[str, Any], year: int) -> ConsortiumPart:
        """The part read back from ``content()`` as approved (for the published report): the
        same members and figures, hidden cells still hidden; the last figure is the total."""
        members = [MemberServices(*member) for member in content["members"]]
        kinds = {m.name: m.kind for m in members}

        def row(plain: list[Any], kind: str) -> MemberFigures:
            name, members_, workers, disadvantaged, beneficiaries, comuni, hours, revenue = plain
            return MemberFigures(
                None,
                name,
                kind,
                members_,
                workers,
                disadvantaged,
                beneficiaries,
                Decimal(hours),
                comuni,
                Decimal(revenue),
            )

        *rows, total = [row(plain, "") for plain in content["figures"]]
        rows = [replace(r, kind=kinds.get(r.name, "")) for r in rows]
        period = Period.of(year)
        figures = NetworkFigures(period, Filters(), [], min_cell_size(period.end), rows, total, [])
        return cls(figures, members)


def consortium_part(group: Organization, year: int) -> ConsortiumPart:
    """The members of ``group``'s network in ``year`` with their sectors and services, and
    their figures; a dozen queries."""
    figures = network_figures(group, year)
    ids = [r.pk for r in figures.rows if r.pk is not None]
    services = services_by_organization(ids)
    sectors: dict[int, list[str]] = {}
    for org_id, code in (
        OrganizationSector.objects.for_orgs(ids)
        .order_by("position", "code")
        .values_list("organization_id", "code")
    ):
        sectors.setdefault(org_id, []).append(f"{code} {sector_title(code)}".strip())
    members = [
        MemberServices(r.name, r.kind, sectors.get(r.pk, []), services.get(r.pk, []))
        for r in figures.rows
        if r.pk is not None
    ]
    return ConsortiumPart(figures, members)


def territories_geojson(places: list[Territory]) -> dict[str, Any]:
    """The comuni served with coordinates as a GeoJSON FeatureCollection (RFC 7946) for the
    shared map: a point per comune, named with its province, how many organizations serve it."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
            "properties": {
                "name": f"{p.name} ({p.province})",
                "summary": ngettext(
                    "%(n)d organizzazione della rete", "%(n)d organizzazioni della rete", p.members
                )
                % {"n": p.members},
                "comune": p.comune_id,
                "organizations": p.members,
            },
        }
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    return {"type": "FeatureCollection", "features": features}
