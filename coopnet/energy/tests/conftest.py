"""A small community: one configuration in Lombardia (FC +10), a municipality owning a
150 kW PV plant with a 20% grant, a natural person (exempt from F since DM 127/2025) and an
SME (a business), written as the CSV files an office would send."""

import datetime as dt
from pathlib import Path

import pytest

PERSON = "RSSMRA85T10A562S"
SME = "01234560017"
TOWN = "80012340016"
THIRD_SECTOR = "92000000031"
PLANT = "IT001E00000001"
PERSON_POD = "IT001E00000011"
SME_POD = "IT001E00000012"

CONFIGURATIONS = "codice;cabina_primaria;zona;regione\nCP-NORD;AC001E00001;NORD;Lombardia\n"
MEMBERS = (
    "codice_fiscale;denominazione;tipo_membro;pod;configurazione;vulnerabile;dal;al\n"
    f"{PERSON};Mario Rossi;persona_fisica;{PERSON_POD};CP-NORD;sì;01/01/2025;\n"
    f"{SME};Forno Bianchi srl;pmi;{SME_POD};CP-NORD;no;01/01/2025;\n"
    f"{TOWN};Comune di Prova;ente_territoriale;;;no;;\n"
)
PLANTS = (
    "pod;fonte;potenza_kw;data_esercizio;titolare_codice_fiscale;configurazione;"
    "contributo_pct;preesistente\n"
    f"{PLANT};fotovoltaico;150;01/03/2025;{TOWN};CP-NORD;20;no\n"
)


@pytest.fixture
def community(org):
    org.founded_on = dt.date(2025, 1, 1)
    org.save(update_fields=["founded_on"])
    return org


@pytest.fixture
def write(tmp_path):
    """Write ``text`` to a file named ``name`` (UTF-8, optionally with a BOM)."""

    def writer(name: str, text: str, *, bom: bool = False) -> Path:
        path = tmp_path / name
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
        return path

    return writer


@pytest.fixture
def register_files(write):
    return {
        "configurations": write("configurazioni.csv", CONFIGURATIONS, bom=True),
        "members": write("membri.csv", MEMBERS),
        "plants": write("impianti.csv", PLANTS),
    }


@pytest.fixture
def registered(community, register_files):
    from coopnet.energy import services

    report = services.register_import(organization=community, actor=None, **register_files)
    assert report.ok, report.lines()
    return community


# -- a day of meter data and prices: 29 March 2026, the 23-hour day of the spring change --

DAY = dt.date(2026, 3, 29)
NOON = "2026-03-29T12:00:00+02:00"  # injection 5000 Wh > withdrawal 3000 Wh
ONE_PM = "2026-03-29T13:00:00+02:00"  # injection 1000 Wh < withdrawal 3000 Wh
METER_HEADER = "pod;inizio;minuti;verso;kwh\n"
PRICE_HEADER = "inizio;minuti;zona;eur_mwh\n"


def day_hours():
    from coopnet.energy.settlement import ROME, local_hours

    return [h.astimezone(ROME).isoformat() for h in local_hours(DAY, DAY)]


def meter_lines(skip=()):
    """Every hour of the day for the three PODs; the plant's noon in four quarter-hours."""
    special: dict[str, dict[str, str | None]] = {
        NOON: {PLANT: None, PERSON_POD: "1", SME_POD: "2"},
        ONE_PM: {PLANT: "1", PERSON_POD: "2", SME_POD: "1"},
    }
    lines = []
    for start in day_hours():
        values = special.get(start, {PLANT: "0", PERSON_POD: "0,5", SME_POD: "0"})
        for pod, verso in ((PLANT, "immissione"), (PERSON_POD, "prelievo"), (SME_POD, "prelievo")):
            if (pod, start) in skip:
                continue
            if values[pod] is None:  # 4 x 1.25 kWh = 5000 Wh
                for minute in ("00", "15", "30", "45"):
                    quarter = start.replace(":00:00+", f":{minute}:00+")
                    lines.append(f"{pod};{quarter};15;{verso};1,250")
            else:
                lines.append(f"{pod};{start};60;{verso};{values[pod]}")
    return lines


def price_lines():
    """200 €/MWh (no variable part), noon in quarter-hours averaging 100, 1 pm at 150."""
    lines = []
    for start in day_hours():
        if start == NOON:
            for minute, price in (("00", "90"), ("15", "100"), ("30", "110,5"), ("45", "99,5")):
                lines.append(f"{start.replace(':00:00+', f':{minute}:00+')};15;NORD;{price}")
        else:
            lines.append(f"{start};60;NORD;{'150' if start == ONE_PM else '200'}")
    return lines


@pytest.fixture
def meters_file(write):
    return write("letture.csv", METER_HEADER + "\n".join(meter_lines()) + "\n")


@pytest.fixture
def prices_file(write):
    return write("prezzi.csv", PRICE_HEADER + "\n".join(price_lines()) + "\n")
