"""The demo's renewable energy community: the community cooperative of the demo network runs
one, with two configurations, eleven members of every kind (a vulnerable household, two
businesses, the municipality, the parish, an association), three PV plants, two months of
hourly readings and zonal prices (synthetic, deterministic) and the last month settled.

Everything goes through the energy services, as CSV files an office would upload; a
community that already has configurations is left alone.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import tempfile
from pathlib import Path
from typing import Literal

from codicefiscale import codicefiscale
from django.utils import timezone
from stdnum import luhn

from coopnet.core.models import Organization, OrganizationKind
from coopnet.energy import services
from coopnet.energy.models import Configuration, Settlement
from coopnet.energy.settlement import ROME, local_hours

ZONE, REGION = "NORD", "08"  # the Bologna hills, Emilia-Romagna
# R-CER-1: the plants and members are in Monte San Pietro, one member lives in Bologna (no
# control rights: not a plants' comune), by ISTAT code as the register files may give it
HERE, BOLOGNA = "037042", "037006"
PERSONS: tuple[tuple[str, str, Literal["M", "F"], str, str, bool], ...] = (
    # surname, given name, sex, born, configuration, vulnerable
    ("Bellini", "Anna", "F", "1958-04-12", "A", False),
    ("Ferri", "Luca", "M", "1981-09-30", "A", False),
    ("Gallo", "Marta", "F", "1990-01-22", "A", True),
    ("Neri", "Paolo", "M", "1975-06-05", "B", False),
    ("Righi", "Elena", "F", "1969-11-17", "B", False),
    ("Zanetti", "Carlo", "M", "1947-03-08", "B", False),  # lives in Bologna
)
BODIES = (  # name, kind, configuration
    ("Forno del Borgo srl", "pmi", "A"),
    ("Bar della Piazza snc", "pmi", "B"),
    ("Comune di Monte San Pietro", "ente_territoriale", "A"),
    ("Parrocchia di San Martino", "ente_religioso", "B"),
    ("Associazione Borgo Insieme", "terzo_settore", "A"),
)
PLANTS = (  # owner (index in BODIES), kW, commissioned, grant %, configuration
    (2, 60, dt.date(2024, 9, 1), 20, "A"),
    (3, 30, dt.date(2025, 3, 15), 0, "B"),
    (0, 20, dt.date(2025, 6, 1), 0, "A"),
)
USE_WH = {"persona_fisica": 350, "pmi": 1800, "ente_territoriale": 2500}  # mean per hour


def community_cooperative() -> Organization | None:
    return (
        Organization.objects.filter(kind=OrganizationKind.COMMUNITY_COOP, founded_on__isnull=False)
        .order_by("pk")
        .first()
    )


def _pod(n: int) -> str:
    return f"IT004E{n:08d}"


def _vat(n: int) -> str:
    number = f"{n:07d}037"
    return number + luhn.calc_check_digit(number)


def _months() -> tuple[dt.date, dt.date]:
    """The first day of the month two months ago and the last day of last month."""
    first_of_this = timezone.localdate().replace(day=1)
    last = first_of_this - dt.timedelta(days=1)
    return (last.replace(day=1) - dt.timedelta(days=1)).replace(day=1), last


def _register(folder: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str, int]]]:
    """The register files; (POD, kind, configuration) of the points and (POD, kW) of plants."""
    members = [
        "codice_fiscale;denominazione;tipo_membro;pod;configurazione;vulnerabile;dal;al;comune"
    ]
    points = []
    for i, (surname, given, sex, born, config, vulnerable) in enumerate(PERSONS):
        code = codicefiscale.encode(
            lastname=surname, firstname=given, gender=sex, birthdate=born, birthplace="Bologna"
        )
        pod = _pod(100 + i)
        comune = BOLOGNA if surname == "Zanetti" else HERE
        members.append(
            f"{code};{given} {surname};persona_fisica;{pod};CP-{config};"
            f"{'sì' if vulnerable else 'no'};01/01/2025;;{comune}"
        )
        points.append((pod, "persona_fisica", config))
    owners = []
    for j, (name, kind, config) in enumerate(BODIES):
        pod = _pod(200 + j)
        owners.append(_vat(9100 + j))
        members.append(f"{owners[-1]};{name};{kind};{pod};CP-{config};no;01/01/2025;;{HERE}")
        points.append((pod, kind, config))
    plants = ["pod;fonte;potenza_kw;data_esercizio;titolare_codice_fiscale;configurazione;"
              "contributo_pct;preesistente;comune"]  # fmt: skip
    plant_pods = []
    for k, (owner, kw, commissioned, grant, config) in enumerate(PLANTS):
        pod = _pod(300 + k)
        plants.append(
            f"{pod};fotovoltaico;{kw};{commissioned:%d/%m/%Y};{owners[owner]};CP-{config};"
            f"{grant};no;{HERE}"
        )
        plant_pods.append((pod, kw))
    (folder / "configurazioni.csv").write_text(
        "codice;cabina_primaria;zona;regione\n"
        f"CP-A;AC004E00101;{ZONE};{REGION}\nCP-B;AC004E00102;{ZONE};{REGION}\n"
    )
    (folder / "membri.csv").write_text("\n".join(members) + "\n")
    (folder / "impianti.csv").write_text("\n".join(plants) + "\n")
    return points, plant_pods


def _series(
    folder: Path,
    points: list[tuple[str, str, str]],
    plants: list[tuple[str, int]],
    first: dt.date,
    last: dt.date,
) -> None:
    """Hourly readings of every point and plant and the zone's hourly prices."""
    rng = random.Random(13)  # noqa: S311 (synthetic data, seeded to be the same every time)
    readings, prices = ["pod;inizio;minuti;verso;kwh"], ["inizio;minuti;zona;eur_mwh"]
    for hour in local_hours(first, last):
        local = hour.astimezone(ROME)
        start = local.isoformat()
        sun = max(0.0, math.sin((local.hour + 0.5 - 7) / 12 * math.pi)) * rng.uniform(0.3, 1)
        evening = 1.6 if 18 <= local.hour <= 22 else 1.0
        for pod, kind, _config in points:
            wh = int(USE_WH.get(kind, 500) * evening * rng.uniform(0.4, 1.3))
            readings.append(f"{pod};{start};60;prelievo;{wh / 1000:.3f}")
        for pod, kw in plants:
            readings.append(f"{pod};{start};60;immissione;{int(kw * 900 * sun) / 1000:.3f}")
        price = 95 + 40 * math.cos((local.hour - 19) / 24 * 2 * math.pi) + rng.uniform(-10, 10)
        prices.append(f"{start};60;{ZONE};{price:.2f}")
    (folder / "letture.csv").write_text("\n".join(readings) + "\n")
    (folder / "prezzi.csv").write_text("\n".join(prices) + "\n")


def seed_energy() -> Settlement | None:
    """The community cooperative's energy community and its last month settled; None when
    there is no community cooperative or it already has one."""
    org = community_cooperative()
    if org is None or Configuration.objects.for_org(org).exists():
        return None
    first, last = _months()
    with tempfile.TemporaryDirectory(prefix="demo-energy-") as name:
        folder = Path(name)
        points, plants = _register(folder)
        _series(folder, points, plants, first, last)
        for report in (
            services.register_import(
                organization=org,
                actor=None,
                configurations=folder / "configurazioni.csv",
                members=folder / "membri.csv",
                plants=folder / "impianti.csv",
            ),
            services.prices_import(organization=org, actor=None, path=folder / "prezzi.csv"),
            services.readings_import(organization=org, actor=None, path=folder / "letture.csv"),
        ):
            if not report.saved:
                raise RuntimeError("\n".join(report.lines()[:3]))
    return services.settlement_run(
        organization=org, actor=None, first_day=last.replace(day=1), last_day=last
    )
