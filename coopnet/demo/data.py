"""Fixed tables of the demo cooperative: who its people are, what it offers, where it works.

Coordinates are real places in and around Bologna (rounded); everything else is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from coopnet.care.models import DoubleVisitKind, TransportMode
from coopnet.members.models import MemberCategory as M
from coopnet.workforce.models import Branch, ContractType, DisadvantageCategory, QualificationKind

Q = QualificationKind


@dataclass(frozen=True)
class Job:
    """An employment of the demo cooperative and the qualification it needs."""

    branch: str
    level: str
    weekly_hours: int
    pay: int  # gross annual pay in euros
    qualification: str = ""
    contract: str = ContractType.PERMANENT


JOBS = {
    "coordinamento": Job(Branch.A, "E2", 38, 34_500),
    "oss": Job(Branch.A, "C2", 38, 25_400, Q.OSS),
    "oss_part": Job(Branch.A, "C2", 24, 16_100, Q.OSS, ContractType.WORKER_MEMBER),
    "asa": Job(Branch.A, "B1", 30, 19_300, Q.ASA, ContractType.FIXED_TERM),
    "infermiere": Job(Branch.A, "D3", 36, 31_200, Q.NURSE),
    "educatore": Job(Branch.A, "D2", 38, 29_800, Q.EDUCATOR),
    "tutor": Job(Branch.B, "D1", 38, 27_900),
    "verde": Job(Branch.B, "A2", 30, 18_700, Q.DRIVER, ContractType.WORKER_MEMBER),
}

QUALIFICATION_ISSUERS = {
    Q.OSS: "Regione Emilia-Romagna, ente di formazione accreditato",
    Q.ASA: "Regione Emilia-Romagna",
    Q.NURSE: "Università di Bologna, corso di laurea in Infermieristica",
    Q.EDUCATOR: "Università di Bologna, corso di laurea in Educatore professionale",
    Q.DRIVER: "Motorizzazione civile di Bologna",
}


@dataclass(frozen=True)
class Certificate:
    """Who certifies a disadvantage (R-381-4d), with what, and for how long (None: no expiry)."""

    body: str
    document_type: str
    months: int | None


CERTIFICATES = {
    DisadvantageCategory.PHYSICAL: Certificate(
        "Commissione medica INPS di Bologna", "Verbale di invalidità civile (67%)", None
    ),
    DisadvantageCategory.ADDICTION: Certificate(
        "SerDP dell'AUSL di Bologna", "Certificazione del programma terapeutico", 12
    ),
}


@dataclass(frozen=True)
class Carer:
    """How a person gives visits: days (ISO digits), start place and transport."""

    days: str
    home: tuple[float, float]
    mode: str = TransportMode.CAR
    shift: tuple[int, int] = (7, 14)


@dataclass(frozen=True)
class MemberSpec:
    """One person of the libro soci, in order of admission."""

    category: str
    job: str = ""  # a key of JOBS; "" when not employed
    login: str = ""  # the demo login (local part at coopnet.example) linked to the person
    carer: Carer | None = None
    shares: int = 1
    disadvantage: str = ""  # a DisadvantageCategory of a branch-B worker (R-381-4a)


CENTRE = (44.4939, 11.3429)  # Piazza Maggiore
MEMBERS = (
    MemberSpec(M.LAVORATORE, "coordinamento", login="admin.coop", shares=40),
    MemberSpec(M.LAVORATORE, "educatore", login="coordinatore", shares=20),
    MemberSpec(M.LAVORATORE, "oss", carer=Carer("12345", (44.4710, 11.4050)), shares=20),
    MemberSpec(
        M.LAVORATORE,
        "infermiere",
        carer=Carer("123456", (44.4780, 11.2750), shift=(8, 17)),
        shares=20,
    ),
    MemberSpec(M.LAVORATORE, "tutor", login="tutor", shares=20),
    MemberSpec(M.LAVORATORE, "oss", carer=Carer("34567", (44.5150, 11.3400), TransportMode.BIKE)),
    MemberSpec(M.SOVVENTORE, shares=200),
    MemberSpec(M.LAVORATORE, "oss", login="operatore", carer=Carer("1234567", (44.4905, 11.3500))),
    MemberSpec(M.LAVORATORE, "verde", shares=10, disadvantage=DisadvantageCategory.PHYSICAL),
    MemberSpec(
        M.VOLONTARIO, login="socio", carer=Carer("245", (44.4970, 11.3500), TransportMode.WALK)
    ),
    MemberSpec(M.LAVORATORE, "oss_part", carer=Carer("12367", (44.5760, 11.3600)), shares=10),
    MemberSpec(M.LAVORATORE, "asa", carer=Carer("123456", (44.4870, 11.3300), TransportMode.BIKE)),
    MemberSpec(M.FRUITORE),
    MemberSpec(M.VOLONTARIO, carer=Carer("135", (44.4850, 11.3560), TransportMode.BIKE)),
    MemberSpec(M.LAVORATORE, "verde", shares=10, disadvantage=DisadvantageCategory.ADDICTION),
    MemberSpec(M.PERSONA_GIURIDICA, shares=40),
    MemberSpec(M.FRUITORE),
    MemberSpec(
        M.LAVORATORE, "educatore", carer=Carer("12345", (44.5010, 11.3330), TransportMode.BIKE)
    ),
    MemberSpec(M.VOLONTARIO, carer=Carer("12345", (44.4990, 11.3280), TransportMode.WALK)),
    MemberSpec(M.FRUITORE),
    MemberSpec(M.LAVORATORE, "oss", carer=Carer("14567", (44.5300, 11.2900)), shares=20),
    MemberSpec(M.LAVORATORE, "asa", shares=4),
    MemberSpec(M.VOLONTARIO),
    MemberSpec(M.LAVORATORE, "oss", shares=20),  # withdraws: see WITHDRAWN
    MemberSpec(M.LAVORATORE, "oss_part", shares=8),
)
WITHDRAWN = 23  # index in MEMBERS of the member who left
APPLICANT = MemberSpec(M.LAVORATORE, "oss_part")  # applied, waiting for the board
PARTLY_PAID = frozenset({6, 15})  # members still owing part of their capital

STREETS = (
    "Via Saragozza", "Via San Vitale", "Via Mazzini", "Via Andrea Costa", "Via del Pratello",
    "Via Massarenti", "Via Battindarno", "Via Ferrarese", "Via Murri", "Via Toscana",
    "Via Corticella", "Via Emilia Ponente", "Via Irnerio", "Via Santo Stefano", "Via Zamboni",
    "Via Guerrazzi", "Via Libia", "Via Lame", "Via Bertini", "Via Po",
)  # fmt: skip
BIRTHPLACES = ("Bologna", "Bologna", "Bologna", "Modena", "Ferrara", "Imola", "Parma", "Napoli",
               "Bari", "Palermo", "Lecce", "Rimini")  # fmt: skip


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    minutes: int
    price: Decimal
    qualification: str = ""
    volunteers: bool = False


SERVICES = (
    Service("igiene", "Igiene e cura della persona", 45, Decimal("24.90"), Q.OSS),
    Service("domestico", "Aiuto domestico", 60, Decimal("21.50")),
    Service("infermieristica", "Prestazione infermieristica", 30, Decimal("38.00"), Q.NURSE),
    Service("educativa", "Intervento educativo domiciliare", 60, Decimal("29.40"), Q.EDUCATOR),
    Service("compagnia", "Compagnia e socializzazione", 60, Decimal("0.00"), volunteers=True),
    Service("commissioni", "Spesa e commissioni", 45, Decimal("0.00"), volunteers=True),
)


@dataclass(frozen=True)
class Line:
    """A weekly line of a care plan: service, days, window (hours), minutes, double visit,
    optional (a social call that may move to another day)."""

    service: str
    days: str
    window: tuple[dt.time, dt.time]
    minutes: int
    double: str = ""
    optional: bool = False


def _t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


MORNING = (_t(7, 30), _t(11))
LATE_MORNING = (_t(9), _t(13))
HYGIENE = Line("igiene", "1234567", MORNING, 45)
NURSING = Line("infermieristica", "135", (_t(8), _t(12)), 30)
HOUSEWORK = Line("domestico", "246", LATE_MORNING, 60)
COMPANY = Line("compagnia", "24", (_t(9, 30), _t(12, 30)), 60, optional=True)
ERRANDS = Line("commissioni", "5", LATE_MORNING, 45)
EDUCATION = Line("educativa", "13", (_t(10), _t(13)), 60)
LIFTING = Line("igiene", "1234567", (_t(8), _t(10, 30)), 40, DoubleVisitKind.SIMULTANEOUS)
CHECK = Line("igiene", "35", (_t(8), _t(12)), 30, DoubleVisitKind.SEQUENTIAL)


@dataclass(frozen=True)
class Home:
    """A beneficiary's home and care plan."""

    address: str
    point: tuple[float, float]
    lines: tuple[Line, ...]
    needs: str = ""
    private: bool = False  # paid by the family, not by the Comune


HOMES = (
    Home("Via Saragozza 112", (44.4880, 11.3250), (HYGIENE, NURSING), "Citofono in alto a destra."),
    Home("Via San Vitale 56", (44.4946, 11.3530), (LIFTING, HOUSEWORK), "Sollevatore in camera."),
    Home("Via Mazzini 80", (44.4878, 11.3640), (HYGIENE, COMPANY), "Ascensore spesso guasto."),
    Home(
        "Via Andrea Costa 45", (44.4918, 11.3140), (HYGIENE,), "Gatto in casa: chiudere la porta."
    ),
    Home("Via del Pratello 30", (44.4952, 11.3345), (HOUSEWORK, ERRANDS), private=True),
    Home(
        "Via Massarenti 120",
        (44.4915, 11.3760),
        (EDUCATION,),
        "Preferisce essere chiamato per nome.",
    ),
    Home(
        "Via Battindarno 90", (44.4950, 11.3000), (HYGIENE, NURSING), "Chiavi dalla vicina, int. 4."
    ),
    Home("Via Ferrarese 60", (44.5120, 11.3570), (COMPANY, ERRANDS), "Ama giocare a carte."),
    Home("Via Murri 70", (44.4800, 11.3580), (HYGIENE, HOUSEWORK, CHECK)),
    Home("Via Toscana 40", (44.4720, 11.3700), (LIFTING,), "Due rampe di scale senza ascensore."),
    Home(
        "Via Corticella 100",
        (44.5190, 11.3480),
        (HYGIENE, COMPANY),
        "La figlia è presente il martedì.",
    ),
    Home("Via Irnerio 20", (44.5000, 11.3470), (NURSING, HOUSEWORK), "Suonare due volte."),
)
FRUITORE_HOMES = (2, 7, 10)  # the homes of the three socio fruitore members, in order
