"""The demo network as a plan: names, places, dates and identifiers from seeded generators.

The plan depends only on the scale and the ISTAT comuni list, never on what the database
holds, so every run of ``seed_demo`` builds the same one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from django.utils.text import slugify
from faker import Faker
from stdnum import luhn

from coopnet.core.management.commands.demo_logins import DEMO_EMAIL_DOMAIN
from coopnet.core.models import AlboSection, Comune, LegalForm, OrganizationKind, Province, Role

SCALES = ("small", "consortium")
SEED = 381  # L. 381/1991
PEOPLE_PER_COOPERATIVE = {"small": 5, "consortium": 100}

K = OrganizationKind
YMD = tuple[int, int, int]  # a date in a table of plans
COOPERATIVE_KINDS = frozenset({*K.social_cooperatives(), K.COMMUNITY_COOP, K.COOP})

SECTORS_A = ("88.10.00", "87.30.00", "87.20.00", "88.91.00", "88.99.09", "85.59.20")
SECTORS_B = ("81.21.00", "81.30.00", "38.11.00", "56.22.02", "01.25.00", "18.12.00", "10.71.10")

# Every template names the cooperative "cooperativa sociale" (R-381-1b); one demo cooperative
# deliberately does not, so that the warning can be seen.
SOCIAL_LEGAL_NAMES = (
    "{name} società cooperativa sociale",
    "{name} società cooperativa sociale",
    "{name} cooperativa sociale a r.l.",
    "{name} società cooperativa sociale ONLUS",
    "Cooperativa sociale {name}",
    "{name} società cooperativa sociale impresa sociale",
)

NAME_POOL = (
    "Il Girasole", "La Rondine", "Arcobaleno", "Il Mosaico", "Il Faro", "Il Ponte",
    "La Bottega", "La Lanterna", "Il Sentiero", "L'Aquilone", "La Tartaruga", "Il Pettirosso",
    "La Goccia", "Il Granello", "L'Albero", "La Piroga", "Il Cerchio", "Il Mandorlo",
    "La Fonte", "Il Castagno", "La Cicogna", "L'Approdo", "Il Mulino", "La Spiga",
    "Il Glicine", "La Vela", "Il Timone", "La Bussola", "La Margherita", "Il Focolare",
    "La Fenice", "Il Cammino", "L'Orizzonte", "La Libellula", "La Collina", "La Sorgente",
    "Il Girotondo", "La Farfalla", "Il Gabbiano", "La Coccinella", "L'Ulivo", "La Betulla",
    "Il Noce", "La Locomotiva", "Il Cortile", "La Piazza", "Il Villaggio", "Il Volo",
    "L'Officina", "La Tela", "Il Filo", "Il Telaio", "La Zolla", "Il Solco", "La Radice",
    "Eta Beta", "Kaleidos", "Mappamondo", "Il Quadrifoglio", "La Carovana", "Il Pellicano",
    "La Meridiana", "Il Biancospino", "La Lucciola", "Il Tiglio", "La Gabbianella",
    "Il Capitello", "La Fattoria Sociale", "Il Pozzo", "La Strada", "Il Cantiere",
    "La Città del Sole", "Il Nido", "Le Vele", "Il Ciliegio", "La Mongolfiera",
)  # fmt: skip


class ComuneRow(NamedTuple):
    istat_code: str
    name: str
    province: str  # abbreviation


@dataclass(frozen=True)
class OrgPlan:
    slug: str
    kind: str
    short_name: str
    legal_name: str
    founded_on: dt.date
    seat: ComuneRow
    served: tuple[str, ...]
    sectors: tuple[str, ...]
    codice_fiscale: str
    legal_form: str
    albo_section: str
    albo_number: str
    rea_number: str
    address: str
    phone: str
    groups: tuple[tuple[str, dt.date], ...] = ()

    def data(self, comuni: dict[str, Comune]) -> dict[str, Any]:
        """The organization fields for ``organization_create``."""
        domain = f"{self.slug}.example"
        return {
            "kind": self.kind,
            "legal_name": self.legal_name,
            "short_name": self.short_name,
            "slug": self.slug,
            "codice_fiscale": self.codice_fiscale,
            "partita_iva": self.codice_fiscale,
            "legal_form": self.legal_form,
            "albo_section": self.albo_section,
            "albo_number": self.albo_number,
            "rea_number": self.rea_number,
            # A comune has no founding date worth showing.
            "founded_on": None if self.kind == K.PUBLIC_BODY else self.founded_on,
            "address": self.address,
            "seat_comune": comuni[self.seat.istat_code],
            "email": f"info@{domain}",
            "pec": f"{self.slug}@pec.example",
            "phone": self.phone,
            "website": f"https://www.{domain}/",
        }


@dataclass(frozen=True)
class IncubationPlan:
    parent: str
    child: str
    start_date: dt.date
    support: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class LoginPlan:
    email: str
    full_name: str
    role: str | None  # None: platform administrator
    organization: str | None


@dataclass
class Plan:
    scale: str
    organizations: list[OrgPlan] = field(default_factory=list)
    incubations: list[IncubationPlan] = field(default_factory=list)
    logins: list[LoginPlan] = field(default_factory=list)

    @property
    def people_per_cooperative(self) -> int:
        return PEOPLE_PER_COOPERATIVE[self.scale]


class _Planner:
    """Draws names, places, dates and identifiers from seeded generators."""

    def __init__(self, comuni: Sequence[ComuneRow], province_names: dict[str, str]) -> None:
        self.by_province: dict[str, list[ComuneRow]] = {}
        for row in comuni:
            self.by_province.setdefault(row.province, []).append(row)
        self.province_names = province_names
        self.names = list(NAME_POOL)
        self.used_names: set[str] = set()
        self.used_slugs: set[str] = set()
        self.used_codes: set[str] = set()
        self.reseed(SEED)

    def reseed(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311  demo data, not security
        self.fake = Faker("it_IT")
        self.fake.seed_instance(seed)
        self.rng.shuffle(self.names)

    def capital(self, province: str) -> ComuneRow:
        """The provincial capital (Forlì for Forlì-Cesena)."""
        rows = self.by_province[province]
        capital_name = self.province_names[province].split("-")[0]
        return next((r for r in rows if r.name == capital_name), rows[0])

    def comune(self, provinces: Sequence[str]) -> ComuneRow:
        province = self.rng.choice(provinces)
        if self.rng.random() < 0.3:
            return self.capital(province)
        return self.rng.choice(self.by_province[province])

    def served(self, seat: ComuneRow, extra: int) -> tuple[str, ...]:
        neighbours = [r.istat_code for r in self.by_province[seat.province] if r != seat]
        return (seat.istat_code, *self.rng.sample(neighbours, min(extra, len(neighbours))))

    def day(self, first_year: int, last_year: int) -> dt.date:
        start = dt.date(first_year, 1, 1)
        return start + dt.timedelta(
            days=self.rng.randrange((dt.date(last_year, 12, 31) - start).days)
        )

    def codice_fiscale(self) -> str:
        """A valid 11-digit codice fiscale / partita IVA: office code 001-100, Luhn check digit."""
        while True:
            base = f"{self.rng.randrange(1, 10**7):07d}{self.rng.randrange(1, 101):03d}"
            code = base + luhn.calc_check_digit(base)
            if code not in self.used_codes:
                self.used_codes.add(code)
                return code

    def short_name(self, seat: ComuneRow) -> str:
        base = self.names.pop() if self.names else self.rng.choice(NAME_POOL)
        name = base if base not in self.used_names else f"{base} {seat.name}"
        suffix = 2
        while name in self.used_names:
            name, suffix = f"{base} {seat.name} {suffix}", suffix + 1
        self.used_names.add(name)
        return name

    def slug(self, short_name: str) -> str:
        base = slugify(short_name)[:55]
        slug, suffix = base, 2
        while slug in self.used_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.used_slugs.add(slug)
        return slug

    def address(self) -> str:
        prefix = self.rng.choice(("Via", "Via", "Via", "Viale", "Piazza", "Largo", "Strada"))
        return (
            f"{prefix} {self.fake.first_name()} {self.fake.last_name()}, {self.rng.randint(1, 180)}"
        )

    def org(
        self,
        *,
        kind: str,
        seat: ComuneRow,
        founded_on: dt.date,
        sectors: Iterable[str],
        short_name: str = "",
        legal_name: str = "",
        groups: Iterable[tuple[str, dt.date]] = (),
        served_extra: int | None = None,
    ) -> OrgPlan:
        short_name = short_name or self.short_name(seat)
        self.used_names.add(short_name)
        albo: str = {
            K.SOCIAL_COOP_A: AlboSection.A,
            K.SOCIAL_COOP_B: AlboSection.B,
            K.SOCIAL_COOP_AB: AlboSection.AB,
            K.CONSORTIUM: AlboSection.C,
        }.get(OrganizationKind(kind), "")
        if served_extra is None:
            served_extra = self.rng.randint(0, 3) if kind in COOPERATIVE_KINDS else 0
        return OrgPlan(
            slug=self.slug(short_name),
            kind=kind,
            short_name=short_name,
            legal_name=legal_name or self.legal_name(kind, short_name),
            founded_on=founded_on,
            seat=seat,
            served=self.served(seat, served_extra),
            sectors=tuple(sectors),
            codice_fiscale=self.codice_fiscale(),
            legal_form=_LEGAL_FORMS.get(OrganizationKind(kind), LegalForm.SCRL),
            albo_section=albo,
            albo_number=f"{albo}/{self.rng.randint(100, 2999)}" if albo else "",
            rea_number=(
                ""
                if kind == K.PUBLIC_BODY
                else f"{seat.province}-{self.rng.randint(10**5, 4 * 10**5)}"
            ),
            address=self.address(),
            phone=self.fake.phone_number(),
            groups=tuple(groups),
        )

    def legal_name(self, kind: str, short_name: str) -> str:
        if kind in K.social_cooperatives():
            return self.rng.choice(SOCIAL_LEGAL_NAMES).format(name=short_name)
        return {
            K.COMMUNITY_COOP: "{name} società cooperativa di comunità",
            K.COOP: "{name} società cooperativa agricola",
            K.ASSOCIATION: "Associazione di volontariato {name} ODV",
            K.COMPANY: "{name} S.r.l.",
        }.get(OrganizationKind(kind), "{name}").format(name=short_name)

    def sectors(self, kind: str) -> tuple[str, ...]:
        if kind == K.SOCIAL_COOP_A:
            return tuple(self.rng.sample(SECTORS_A, self.rng.randint(1, 2)))
        if kind == K.SOCIAL_COOP_B:
            return tuple(self.rng.sample(SECTORS_B, self.rng.randint(1, 2)))
        if kind == K.SOCIAL_COOP_AB:
            return (self.rng.choice(SECTORS_A), self.rng.choice(SECTORS_B))
        return ("55.20.51", "56.11.11")  # community cooperative: hospitality in the village

    def cooperative(
        self, *, kind: str, provinces: Sequence[str], group: OrgPlan, first_year: int = 1975
    ) -> OrgPlan:
        founded_on = self.day(first_year, 2021)
        joined_on = max(founded_on, group.founded_on) + dt.timedelta(days=self.rng.randint(30, 700))
        return self.org(
            kind=kind,
            seat=self.comune(provinces),
            founded_on=founded_on,
            sectors=self.sectors(kind),
            groups=[(group.slug, joined_on)],
        )


_LEGAL_FORMS = {
    K.CONSORTIUM: LegalForm.CONSORTIUM,
    K.FEDERATION: LegalForm.ASSOCIATION,
    K.PUBLIC_BODY: LegalForm.PUBLIC,
    K.ASSOCIATION: LegalForm.ASSOCIATION,
    K.COMPANY: LegalForm.SRL,
}

FEDERATION_SLUG = "federazione-tosco-emiliana"
PROVINCES = ("BO", "MO", "FI", "RA", "FC", "RN", "PO", "PT")


def _small_plan(p: _Planner, plan: Plan) -> tuple[OrgPlan, OrgPlan]:
    """One consortium of 8 + 8 + 8 social cooperatives and friends, in Bologna, Modena, Firenze."""
    orgs = plan.organizations
    federation = p.org(
        kind=K.FEDERATION,
        short_name="Federazione Tosco-Emiliana",
        legal_name="Federazione Tosco-Emiliana delle Cooperative Sociali",
        seat=p.capital("BO"),
        founded_on=dt.date(1988, 5, 12),
        sectors=("94.11.00",),
    )
    consortium = p.org(
        kind=K.CONSORTIUM,
        short_name="Consorzio Il Melograno",
        legal_name="Consorzio Il Melograno società cooperativa sociale",
        seat=p.capital("BO"),
        founded_on=dt.date(1996, 3, 15),
        sectors=("82.99.99", "88.99.09"),
        groups=[(federation.slug, dt.date(1997, 1, 10))],
        served_extra=6,
    )
    orgs += [federation, consortium]
    joined = dt.date(1996, 3, 15)

    # Strawberry fields (R-NET-3): La Quercia → La Ghianda, Il Germoglio → Il Virgulto, Il Seme.
    lineage = [
        ("La Quercia", K.SOCIAL_COOP_AB, dt.date(1981, 10, 2), "BO"),
        ("La Ghianda", K.SOCIAL_COOP_A, dt.date(2002, 4, 18), "BO"),
        ("Il Germoglio", K.SOCIAL_COOP_B, dt.date(2004, 9, 6), "MO"),
        ("Il Virgulto", K.SOCIAL_COOP_A, dt.date(2016, 2, 1), "BO"),
        ("Il Seme", K.SOCIAL_COOP_B, dt.date(2019, 6, 24), "MO"),
    ]
    family = []
    for name, kind, founded_on, province in lineage:
        family.append(
            p.org(
                kind=kind,
                short_name=name,
                seat=p.capital(province) if name == "La Quercia" else p.comune([province]),
                founded_on=founded_on,
                sectors=p.sectors(kind),
                groups=[(consortium.slug, max(joined, founded_on + dt.timedelta(days=200)))],
            )
        )
    orgs += family
    quercia, ghianda, germoglio, virgulto, seme = family
    plan.incubations += [
        IncubationPlan(quercia.slug, ghianda.slug, ghianda.founded_on, ("people", "capital")),
        IncubationPlan(quercia.slug, germoglio.slug, germoglio.founded_on, ("people", "contracts")),
        IncubationPlan(ghianda.slug, virgulto.slug, virgulto.founded_on, ("back_office",)),
        IncubationPlan(germoglio.slug, seme.slug, seme.founded_on, ("contracts", "capital")),
    ]

    provinces = ("BO", "BO", "MO", "FI")
    for kind, count in ((K.SOCIAL_COOP_A, 6), (K.SOCIAL_COOP_B, 6), (K.SOCIAL_COOP_AB, 7)):
        for i in range(count):
            coop = p.cooperative(kind=kind, provinces=provinces, group=consortium)
            if kind == K.SOCIAL_COOP_B and i == 2:
                # The one legal name without "cooperativa sociale", to show R-381-1b.
                coop = replace(coop, legal_name=f"{coop.short_name} società cooperativa")
            orgs.append(coop)

    hills = [r for r in p.by_province["BO"] if r != p.capital("BO")]
    # Neighbours of other kinds: kind, name, where the seat is drawn (a province, or the hills
    # of Bologna), founded, ATECO codes (none: drawn for the kind), joined the consortium on.
    neighbours: list[tuple[K, str, str, YMD, tuple[str, ...], YMD | None]] = [
        (K.COMMUNITY_COOP, "Borgo Vivo", "hills", (2017, 11, 20), (), (2018, 3, 1)),
        (K.COOP, "Terre del Reno", "BO", (1978, 6, 30), ("01.25.00",), (2005, 1, 1)),
        (K.ASSOCIATION, "Il Mantello", "MO", (1992, 2, 14), ("94.99.90",), (2010, 9, 1)),
        (K.COMPANY, "Ortofrutta Emiliana", "MO", (2008, 7, 3), ("52.10.20",), None),
    ]
    for kind, name, where, founded, sectors, joined_on in neighbours:
        orgs.append(
            p.org(
                kind=kind,
                short_name=name,
                seat=p.rng.choice(hills) if where == "hills" else p.comune([where]),
                founded_on=dt.date(*founded),
                sectors=sectors or p.sectors(kind),
                groups=[(consortium.slug, dt.date(*joined_on))] if joined_on else [],
            )
        )
    for province in ("BO", "MO"):
        seat = p.capital(province)
        orgs.append(
            p.org(
                kind=K.PUBLIC_BODY,
                short_name=f"Comune di {seat.name}",
                seat=seat,
                founded_on=dt.date(1946, 6, 2),  # not stored: see OrgPlan.data
                sectors=("84.11.10",),
            )
        )
    return consortium, quercia


def _consortium_extras(p: _Planner, plan: Plan, melograno: OrgPlan) -> None:
    """About 300 cooperatives in three consortia of the federation (for benchmarks)."""
    p.reseed(SEED + 1)
    federation_start = dt.date(2002, 1, 1)
    groups: list[tuple[OrgPlan, tuple[str, ...], int]] = [(melograno, ("BO", "MO"), 74)]
    for short_name, capital, provinces, founded_on in (
        ("Consorzio Terre di Romagna", "RA", ("RA", "FC", "RN"), dt.date(1999, 4, 9)),
        ("Consorzio Arno Solidale", "FI", ("FI", "PO", "PT"), dt.date(2001, 10, 22)),
    ):
        group = p.org(
            kind=K.CONSORTIUM,
            short_name=short_name,
            legal_name=f"{short_name} società cooperativa sociale",
            seat=p.capital(capital),
            founded_on=founded_on,
            sectors=("82.99.99", "88.99.09"),
            groups=[(FEDERATION_SLUG, federation_start)],
            served_extra=8,
        )
        plan.organizations.append(group)
        groups.append((group, provinces, 100))
    kinds = (
        [K.SOCIAL_COOP_A] * 8 + [K.SOCIAL_COOP_B] * 7 + [K.SOCIAL_COOP_AB] * 4 + [K.COMMUNITY_COOP]
    )
    for group, area, count in groups:
        members = [
            p.cooperative(kind=p.rng.choice(kinds), provinces=area, group=group)
            for _ in range(count)
        ]
        plan.organizations += members
        members.sort(key=lambda o: o.founded_on)
        for child in p.rng.sample(members[len(members) // 2 :], 6):
            parent = p.rng.choice([m for m in members if m.founded_on < child.founded_on])
            plan.incubations.append(
                IncubationPlan(parent.slug, child.slug, child.founded_on, ("people", "back_office"))
            )


def build_plan(scale: str) -> Plan:
    """The demo network for ``scale``; the ``consortium`` scale contains the ``small`` one."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}")
    rows = [
        ComuneRow(*row)
        for row in Comune.objects.filter(province__abbreviation__in=PROVINCES)
        .order_by("istat_code")
        .values_list("istat_code", "name", "province__abbreviation")
    ]
    if not rows:
        raise RuntimeError("The comuni are missing: run `manage.py migrate` first.")
    province_names = dict(
        Province.objects.filter(abbreviation__in=PROVINCES).values_list("abbreviation", "name")
    )
    planner = _Planner(rows, province_names)
    plan = Plan(scale=scale)
    consortium, flagship = _small_plan(planner, plan)
    if scale == "consortium":
        _consortium_extras(planner, plan, consortium)
    at = f"@{DEMO_EMAIL_DOMAIN}"
    plan.logins = [
        LoginPlan(f"admin{at}", "Elena Martelli", None, None),
        LoginPlan(f"consorzio{at}", "Paolo Guidi", Role.CONSORTIUM_STAFF, consortium.slug),
        LoginPlan(f"admin.coop{at}", "Chiara Benassi", Role.COOP_ADMIN, flagship.slug),
        LoginPlan(f"coordinatore{at}", "Marco Zanetti", Role.COORDINATOR, flagship.slug),
        LoginPlan(f"tutor{at}", "Sara Montanari", Role.HR_TUTOR, flagship.slug),
        LoginPlan(f"operatore{at}", "Luca Bertoni", Role.CARER, flagship.slug),
        LoginPlan(f"socio{at}", "Giorgio Ferrari", Role.MEMBER, flagship.slug),
    ]
    return plan
