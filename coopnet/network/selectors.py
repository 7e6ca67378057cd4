"""Reads for the network pages and API."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ateco
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils import timezone

from coopnet.core.access import visible_organizations
from coopnet.core.models import (
    Affiliation,
    Comune,
    Organization,
    OrganizationKind,
    OrganizationSector,
    Province,
    Region,
    ServedComune,
    User,
)

from .models import Incubation
from .rules import Notice, organization_notices

# Directory sort keys (as they appear in the URL) and the columns they order by.
SORTS: dict[str, str] = {
    "name": "short_name",
    "legal_name": "legal_name",
    "kind": "kind",
    "cf": "codice_fiscale",
    "comune": "seat_comune__name",
    "province": "seat_comune__province__abbreviation",
    "region": "seat_comune__province__region__name",
    "ateco": "main_sector",
    "founded": "founded_on",
}
DEFAULT_SORT = "name"
CASELESS = frozenset({"short_name", "legal_name"})
COMUNI_SUGGESTIONS = 20


def _active_affiliations(organizations: QuerySet[Organization], day: dt.date) -> Prefetch:
    """Prefetch each organization's affiliations in force on ``day`` as ``active_affiliations``."""
    return Prefetch(
        "affiliations",
        queryset=Affiliation.objects.for_orgs(organizations.values("pk"))
        .filter(Affiliation.active_on(day))
        .select_related("group")
        .order_by("group__short_name"),
        to_attr="active_affiliations",
    )


def organization_detail(organization: Organization) -> Organization:
    """The organization with everything its profile shows, in a fixed number of queries."""
    return (
        Organization.objects.select_related("seat_comune__province__region")
        .prefetch_related(
            "sectors",
            Prefetch(
                "served_comuni",
                queryset=ServedComune.objects.for_org(organization)
                .select_related("comune__province")
                .order_by("comune__province__name", "comune__name"),
            ),
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.for_org(organization)
                .select_related("group")
                .order_by("-start_date"),
            ),
            Prefetch(
                "incubations",
                queryset=Incubation.objects.for_org(organization)
                .select_related("child")
                .order_by("start_date"),
            ),
            Prefetch(
                "incubated_by",
                queryset=Incubation.objects.for_orgs(incubators(organization))
                .select_related("organization")
                .order_by("start_date"),
            ),
        )
        .get(pk=organization.pk)
    )


def incubators(organization: Organization) -> QuerySet[Organization]:
    """The organizations that incubated ``organization``: their links name it as the child."""
    return Organization.objects.filter(incubations__child=organization)


def affiliation(organization: Organization, pk: int) -> Affiliation:
    """One of ``organization``'s own affiliations; DoesNotExist otherwise."""
    return (
        Affiliation.objects.for_org(organization).select_related("group", "organization").get(pk=pk)
    )


def affiliation_links(organization: Organization) -> dict[str, QuerySet[Affiliation]]:
    """The groups ``organization`` joined (its own rows) and, for a group, the organizations
    that joined it (their rows)."""
    joiners = Organization.objects.filter(affiliations__group=organization)
    return {
        "member_of": Affiliation.objects.for_org(organization)
        .select_related("organization", "group")
        .order_by("-start_date", "group__short_name", "pk"),
        "members": Affiliation.objects.for_orgs(joiners)
        .filter(group=organization)
        .select_related("organization", "group")
        .order_by("organization__short_name", "-start_date", "pk"),
    }


def incubation_links(organization: Organization) -> dict[str, QuerySet[Incubation]]:
    """Who incubated ``organization`` (their rows) and whom it incubated (its own rows)."""
    return {
        "incubated_by": Incubation.objects.for_orgs(incubators(organization))
        .filter(child=organization)
        .select_related("organization", "child")
        .order_by("start_date", "pk"),
        "incubated": Incubation.objects.for_org(organization)
        .select_related("organization", "child")
        .order_by("start_date", "pk"),
    }


@dataclass(frozen=True)
class Sector:
    code: str
    title: str


@dataclass(frozen=True)
class OrganizationProfile:
    """What the profile page shows about one organization."""

    organization: Organization
    current_affiliations: list[Affiliation]
    past_affiliations: list[Affiliation]
    incubations: list[Incubation]
    incubated_by: list[Incubation]
    sectors: list[Sector]
    territory: list[tuple[Province, list[Comune]]]
    notices: list[Notice]
    visible_ids: frozenset[int]


def sector_title(code: str) -> str:
    node = ateco.lookup(code)
    return node.title if node is not None else ""


def organization_profile(organization: Organization, *, user: User) -> OrganizationProfile:
    """The profile of ``organization`` as ``user`` sees it (links only to what they may open)."""
    org = organization_detail(organization)
    today = timezone.localdate()
    affiliations = list(org.affiliations.all())
    incubations = list(org.incubations.all())
    incubated_by = list(org.incubated_by.all())
    territory: dict[str, tuple[Province, list[Comune]]] = {}
    for served in org.served_comuni.all():
        province = served.comune.province
        territory.setdefault(province.code, (province, []))[1].append(served.comune)
    linked = {a.group_id for a in affiliations}
    linked |= {i.child_id for i in incubations} | {i.organization_id for i in incubated_by}
    visible_ids = frozenset(
        visible_organizations(user).filter(pk__in=linked).values_list("pk", flat=True)
        if linked
        else ()
    )
    return OrganizationProfile(
        organization=org,
        current_affiliations=[a for a in affiliations if not a.end_date or a.end_date >= today],
        past_affiliations=[a for a in affiliations if a.end_date and a.end_date < today],
        incubations=incubations,
        incubated_by=incubated_by,
        sectors=[Sector(s.code, sector_title(s.code)) for s in org.sectors.all()],
        territory=list(territory.values()),
        notices=organization_notices(org, has_incubated=bool(incubations)),
        visible_ids=visible_ids,
    )


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is narrowed to; empty values do not filter."""

    q: str = ""
    kind: str = ""
    region: Region | None = None
    province: Province | None = None
    sector: str = ""
    consortium: Organization | None = None
    sort: str = DEFAULT_SORT


def _ordering(sort: str) -> list[OrderBy | str]:
    key = sort.removeprefix("-")
    name = SORTS.get(key, SORTS[DEFAULT_SORT])
    column = Lower(name) if name in CASELESS else F(name)
    first = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
    return [first, Lower("short_name").asc(), "pk"]


def _active_member_of(group: Organization) -> Exists:
    """Whether the organization of the outer query belongs to ``group`` today."""
    return Exists(
        Affiliation.objects.for_org(OuterRef("pk")).filter(
            Affiliation.active_on(timezone.localdate()), group=group
        )
    )


def directory(
    organizations: QuerySet[Organization], filters: DirectoryFilters | None = None
) -> QuerySet[Organization]:
    """The directory rows for a set of organizations, filtered and sorted, with what rows show.

    Each row carries ``main_sector`` (its first ATECO code) and ``active_affiliations``.
    """
    filters = filters or DirectoryFilters()
    main_sector = OrganizationSector.objects.for_org(OuterRef("pk")).order_by("position", "code")
    rows = (
        organizations.select_related("seat_comune__province__region")
        .annotate(main_sector=Subquery(main_sector.values("code")[:1]))
        .prefetch_related(_active_affiliations(organizations, timezone.localdate()))
    )
    if filters.q:
        q = filters.q.strip()
        rows = rows.filter(
            Q(short_name__icontains=q)
            | Q(legal_name__icontains=q)
            | Q(codice_fiscale__icontains=q.replace(" ", "").upper())
            | Q(seat_comune__name__icontains=q)
        )
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.region is not None:
        rows = rows.filter(seat_comune__province__region=filters.region)
    if filters.province is not None:
        rows = rows.filter(seat_comune__province=filters.province)
    if filters.sector:
        rows = rows.filter(
            Exists(
                OrganizationSector.objects.for_org(OuterRef("pk")).filter(
                    code__startswith=filters.sector
                )
            )
        )
    if filters.consortium is not None:
        rows = rows.filter(_active_member_of(filters.consortium))
    return rows.order_by(*_ordering(filters.sort))


def consortium_choices(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """Consortia and federations to filter by: visible ones and those visible rows belong to."""
    in_force = Affiliation.objects.for_orgs(organizations).filter(
        Affiliation.active_on(timezone.localdate())
    )
    return Organization.objects.filter(
        Q(pk__in=organizations.values("pk")) | Q(pk__in=in_force.values("group_id")),
        kind__in=OrganizationKind.groups(),
    ).order_by("short_name")


def consortium_members(group: Organization) -> QuerySet[Organization]:
    """Organizations that are members of ``group`` today."""
    return Organization.objects.filter(_active_member_of(group))


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


def members_by_kind(members: QuerySet[Organization]) -> list[Tally]:
    """How many members of each kind, most frequent first (one aggregate query)."""
    counts = members.order_by().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    return [Tally(str(OrganizationKind(row["kind"]).label), row["n"]) for row in counts]


def members_by_province(members: QuerySet[Organization], *, unknown: str) -> list[Tally]:
    """How many members have their seat in each province (one aggregate query)."""
    counts = (
        members.order_by()
        .values("seat_comune__province__name", "seat_comune__province__abbreviation")
        .annotate(n=Count("pk"))
        .order_by("-n", "seat_comune__province__name")
    )
    return [
        Tally(
            f"{row['seat_comune__province__name']} ({row['seat_comune__province__abbreviation']})"
            if row["seat_comune__province__name"]
            else unknown,
            row["n"],
        )
        for row in counts
    ]


def comuni_search(query: str, *, limit: int = COMUNI_SUGGESTIONS) -> list[Comune]:
    """Comuni whose name (or ISTAT code) matches ``query``; names starting with it come first."""
    text = re.sub(r"\s*\([A-Za-z]{2}\)\s*$", "", query).strip()
    if len(text) < 2:
        return []
    if text.isdigit():
        matches = Comune.objects.filter(istat_code__startswith=text)
    else:
        matches = Comune.objects.filter(name__icontains=text)
    return list(
        matches.select_related("province")
        .annotate(
            rank=Case(When(name__istartswith=text, then=Value(0)), default=Value(1)),
        )
        .order_by("rank", "name", "province__abbreviation")[:limit]
    )


LABEL = re.compile(r"^(?P<name>.+?)\s*\((?P<province>[A-Za-z]{2})\)$")


@dataclass
class ComuniResolution:
    """The outcome of reading comuni typed as "Name (PR)", a bare name or an ISTAT code."""

    found: list[Comune] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def comuni_resolve(entries: Iterable[str]) -> ComuniResolution:
    """Resolve what a user typed to comuni in one query."""
    wanted = [e.strip() for e in entries if e.strip()]
    names = set()
    for entry in wanted:
        match = LABEL.match(entry)
        names.add((match.group("name") if match else entry).lower())
    candidates = list(
        Comune.objects.select_related("province")
        .annotate(lname=Lower("name"))
        .filter(Q(istat_code__in=wanted) | Q(lname__in=names))
    )
    result = ComuniResolution()
    for entry in wanted:
        match = LABEL.match(entry)
        if entry.isdigit():
            hits = [c for c in candidates if c.istat_code == entry]
        elif match:
            hits = [
                c
                for c in candidates
                if c.name.lower() == match.group("name").lower()
                and c.province.abbreviation == match.group("province").upper()
            ]
        else:
            hits = [c for c in candidates if c.name.lower() == entry.lower()]
        if len(hits) == 1:
            if hits[0] not in result.found:
                result.found.append(hits[0])
        elif hits:
            result.ambiguous.append(entry)
        else:
            result.unknown.append(entry)
    return result


@dataclass
class LineageNode:
    """An organization in the incubation tree; ``incubation`` links it to its parent node."""

    organization: Organization
    incubation: Incubation | None
    children: list[LineageNode] = field(default_factory=list)


@dataclass(frozen=True)
class Lineage:
    trees: list[LineageNode]
    unlinked: list[Organization]


def incubation_lineage(
    organizations: QuerySet[Organization], *, root: Organization | None = None
) -> Lineage:
    """Incubation trees over ``organizations`` in two queries (organizations, incubations).

    Roots are the organizations not incubated by one of ``organizations``; roots that have
    incubated nobody are returned apart as ``unlinked``. With ``root`` only its tree is built.
    """
    nodes = organizations.only("pk", "slug", "short_name", "kind").order_by(Lower("short_name"))
    orgs = {o.pk: o for o in nodes}
    links = (
        Incubation.objects.for_orgs(organizations.values("pk"))
        .filter(child__in=organizations.values("pk"))
        .order_by("start_date", "pk")
    )
    children_of: dict[int, list[Incubation]] = {}
    incubated: set[int] = set()
    for link in links:
        link.organization = orgs[link.organization_id]
        link.child = orgs[link.child_id]
        children_of.setdefault(link.organization_id, []).append(link)
        incubated.add(link.child_id)

    def grow(org: Organization, incubation: Incubation | None, path: frozenset[int]) -> LineageNode:
        node = LineageNode(org, incubation)
        for link in children_of.get(org.pk, []):
            if link.child_id not in path:  # the service refuses cycles; never loop on bad data
                node.children.append(grow(link.child, link, path | {link.child_id}))
        return node

    if root is not None:
        return Lineage([grow(orgs[root.pk], None, frozenset({root.pk}))], [])
    roots = [o for pk, o in orgs.items() if pk not in incubated]
    return Lineage(
        trees=[grow(o, None, frozenset({o.pk})) for o in roots if o.pk in children_of],
        unlinked=[o for o in roots if o.pk not in children_of],
    )
