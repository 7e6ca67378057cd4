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
