"""Import of the libro soci: every bad row reported, all or nothing, idempotent."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from codicefiscale import codicefiscale as cf_encoder
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from coopnet.core.models import AuditEntry, JobState
from coopnet.core.tests.factories import make_job
from coopnet.members import services
from coopnet.members.imports import (
    COMMON_COLUMNS,
    HISTORICAL_NOTE,
    LEGAL_COLUMNS,
    NATURAL_COLUMNS,
    parse_date,
    parse_decimal,
)
from coopnet.members.models import (
    Membership,
    MembershipEvent,
    MembershipEventKind,
    MembershipStatus,
    Person,
    ShareAccount,
    ShareTransaction,
    ShareTransactionKind,
    Statute,
)
from coopnet.members.services import import_register, statute_for

from .factories import PersonFactory
from .factories import member as member_factory

HEADER = [*NATURAL_COLUMNS, *COMMON_COLUMNS]
BOTH_HEADERS = [*NATURAL_COLUMNS, *LEGAL_COLUMNS, *COMMON_COLUMNS]
VALID_PARTITA_IVA = "12345670124"
# a legal person's row, for a file with ``BOTH_HEADERS``
COMPANY = {
    "partita_iva": VALID_PARTITA_IVA,
    "denominazione": "Fondazione Esempio",
    "categoria": "persona_giuridica",
    "data_domanda": "01/02/2021",
    "data_ammissione": "01/03/2021",
    "azioni_sottoscritte": "10",
    "importo_versato": "250",
}


@cache
def codice_fiscale(surname: str, name: str, born: str = "01/01/1980") -> str:
    return cf_encoder.encode(
        lastname=surname, firstname=name, gender="M", birthdate=born, birthplace="Bologna"
    )


def member(surname: str, name: str = "Anna", **values: Any) -> dict[str, Any]:
    """One natural-person row with sensible defaults (an admitted worker member)."""
    row: dict[str, Any] = {
        "codice_fiscale": codice_fiscale(surname, name),
        "cognome": surname,
        "nome": name,
        "email": f"{surname.lower()}@example.org",
        "telefono": "051 123456",
        "indirizzo": "Via Roma 1",
        "comune": "Bologna",
        "categoria": "lavoratore",
        "data_domanda": "10/01/2020",
        "data_ammissione": "15/02/2020",
        "numero_libro_soci": "",
        "azioni_sottoscritte": "4",
        "valore_nominale": "25,00",
        "importo_versato": "100,00",
        "data_uscita": "",
        "causa_uscita": "",
    }
    row.update(values)
    return row


def write_csv(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]], *, header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    workbook.save(path)
    return path


def counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "events": MembershipEvent.objects.count(),
        "ledger": ShareTransaction.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def run(org, path: Path, *, dry_run: bool = False, actor=None):
    return import_register(organization=org, path=path, actor=actor, dry_run=dry_run)


def errors_by_line(report) -> dict[int | None, str]:
    found: dict[int | None, str] = {}
    for error in report.errors:
        found[error.line] = f"{found.get(error.line, '')} {error.message}".strip()
    return found


GOOD_ROWS = [
    member("Rossi", "Mario", numero_libro_soci="1"),
    member("Bianchi", "Lucia", numero_libro_soci="2", azioni_sottoscritte="2",
           importo_versato="25"),
    member("Verdi", "Carla", categoria="fruitore"),
    member("Neri", "Paolo", categoria="volontario", azioni_sottoscritte="1",
           importo_versato="25"),
    member("Gialli", "Ugo", data_ammissione="", azioni_sottoscritte="", valore_nominale="",
           importo_versato=""),
    member("Blu", "Elsa", numero_libro_soci="7", data_uscita="31/12/2022",
           causa_uscita="recesso"),
    member("Viola", "Ezio", data_uscita="30/06/2021", causa_uscita="esclusione"),
    member("Grigi", "Rita", data_uscita="01/03/2023", causa_uscita="morte"),
]  # fmt: skip


# --- a good file ---------------------------------------------------------------------------


def test_a_good_file_imports_every_row(org, tmp_path):
    # given a CSV libro soci with workers, a user member, a volunteer, an application and exits
    path = write_csv(tmp_path / "soci.csv", GOOD_ROWS)
    # when it is imported
    report = run(org, path)
    # then every row is saved
    assert report.errors == []
    assert (report.rows, report.created, report.unchanged, report.saved) == (8, 8, 0, True)
    by_surname = {
        m.person.surname: m
        for m in Membership.objects.filter(organization=org).select_related("person")
    }
    # explicit numbers are kept, blank ones continue after the highest (7) in admission order
    numbers = {name: m.register_number for name, m in by_surname.items()}
    assert numbers == {
        "Rossi": 1,
        "Bianchi": 2,
        "Blu": 7,
        "Verdi": 8,
        "Neri": 9,
        "Viola": 10,
        "Grigi": 11,
        "Gialli": None,
    }
    assert by_surname["Verdi"].category == "fruitore"
    assert by_surname["Neri"].category == "volontario"
    assert by_surname["Gialli"].status == MembershipStatus.APPLIED
    rossi = by_surname["Rossi"]
    assert rossi.status == MembershipStatus.ACTIVE
    assert rossi.admitted_on == dt.date(2020, 2, 15)
    assert rossi.person.comune_id == "037006"
    assert rossi.person.birth_date == dt.date(1980, 1, 1)  # decoded from the codice fiscale


def test_the_share_ledger_has_a_subscription_and_a_payment_line(org, tmp_path):
    run(org, write_csv(tmp_path / "soci.csv", GOOD_ROWS))
    bianchi = Membership.objects.get(person__surname="Bianchi")
    lines = list(bianchi.share_transactions.order_by("id"))
    assert [(t.kind, t.shares_delta, t.subscribed_delta, t.paid_delta) for t in lines] == [
        (ShareTransactionKind.SUBSCRIPTION, 2, Decimal("50.00"), Decimal("0.00")),
        (ShareTransactionKind.PAYMENT, 0, Decimal("0.00"), Decimal("25.00")),
    ]
    account = ShareAccount.objects.get(membership=bianchi)
    assert (account.shares, account.subscribed, account.paid) == (2, Decimal("50"), Decimal("25"))
    assert lines[0].date == dt.date(2020, 2, 15)


def test_exits_are_recorded_as_historical_with_their_cause(org, tmp_path):
    run(org, write_csv(tmp_path / "soci.csv", GOOD_ROWS))
    exits = {
        m.person.surname: m
        for m in Membership.objects.filter(ended_on__isnull=False).select_related("person")
    }
    assert {name: (m.status, m.exit_cause, m.ended_on) for name, m in exits.items()} == {
        "Blu": (MembershipStatus.WITHDRAWN, "recesso", dt.date(2022, 12, 31)),
        "Viola": (MembershipStatus.EXCLUDED, "esclusione", dt.date(2021, 6, 30)),
        "Grigi": (MembershipStatus.DECEASED, "morte", dt.date(2023, 3, 1)),
    }
    kinds = list(exits["Blu"].events.values_list("kind", "note"))
    assert kinds == [
        (MembershipEventKind.APPLICATION, "Importazione del libro soci"),
        (MembershipEventKind.ADMISSION, ""),
        (MembershipEventKind.WITHDRAWAL_ACCEPTED, HISTORICAL_NOTE),
    ]
    assert exits["Viola"].events.get(kind=MembershipEventKind.EXCLUSION).note == HISTORICAL_NOTE
    # R-CC-2532 and R-CC-2533 dates, as the board's decisions would have set them
    assert exits["Blu"].mutual_relation_ends_on == dt.date(2023, 12, 31)
    assert exits["Viola"].opposition_deadline == dt.date(2021, 8, 29)


def test_an_exit_by_transfer_of_the_whole_holding_is_imported(org, tmp_path, admin_user):
    # given a member who left by transferring all their shares
    rows = [member("Ceduto", data_uscita="30/04/2023", causa_uscita="trasferimento")]
    # when the file is imported
    report = run(org, write_csv(tmp_path / "soci.csv", rows), actor=admin_user)
    # then the membership is closed with its cause, its event and its audit entry
    assert report.errors == []
    membership = Membership.objects.get()
    assert (membership.status, membership.exit_cause, membership.ended_on) == (
        MembershipStatus.TRANSFERRED,
        "trasferimento",
        dt.date(2023, 4, 30),
    )
    kinds = list(membership.events.values_list("kind", flat=True))
    assert kinds[-1] == MembershipEventKind.TRANSFER_EXIT
    exits = AuditEntry.objects.filter(action="members.membership.exit")
    assert [(e.before, (e.after or {})["status"]) for e in exits] == [(None, "cessato")]


def test_every_write_is_audited(org, tmp_path, admin_user):
    run(org, write_csv(tmp_path / "soci.csv", GOOD_ROWS[:1]), actor=admin_user)
    actions = sorted(AuditEntry.objects.filter(organization=org).values_list("action", flat=True))
    # one entry per created object: the person, the membership (its last step), two lines
    assert actions == [
        "members.membership.admit",
        "members.person.create",
        "members.shares.sottoscrizione",
        "members.shares.versamento",
    ]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {admin_user.pk}


# --- bad rows ------------------------------------------------------------------------------


def bad_rows() -> list[dict[str, Any]]:
    """Line 2 is good; each following line has one mistake."""
    return [
        member("Rossi", "Mario", numero_libro_soci="3"),  # 2
        member("Errato", codice_fiscale="RSSMRA80A01A944X"),  # 3 bad check character
        member("Comune", comune="Atlantide"),  # 4
        member("Data", data_domanda="31/02/2020"),  # 5
        member("Prima", data_domanda="01/03/2020", data_ammissione="01/02/2020"),  # 6
        member("Uscita", data_uscita="01/01/2020", causa_uscita="recesso"),  # 7
        member("Finanza", categoria="finanziatore"),  # 8 not in the statute (see test)
        member("Rossi", "Mario"),  # 9 same codice fiscale as line 2
        member("Doppio", numero_libro_soci="3"),  # 10 same number as line 2
        member("Troppo", importo_versato="150"),  # 11 more than 4 x 25
        member("Ricco", azioni_sottoscritte="6000"),  # 12 over the R-CC-2525 cap
        member("Ignoto", categoria="amico"),  # 13
        member("Causa", data_uscita="01/01/2024", causa_uscita="fuga"),  # 14
        member("Ambiguo", comune="Castro"),  # 15
    ]


@pytest.fixture
def strict_statute(org):
    statute = statute_for(org)
    statute.allowed_categories = ["lavoratore", "fruitore", "volontario"]
    statute.save()
    return statute


def test_a_dry_run_reports_every_bad_row_and_writes_nothing(org, tmp_path, strict_statute):
    # given a file with one good row and twelve bad ones
    path = write_csv(tmp_path / "soci.csv", bad_rows())
    before = counts()
    # when it is checked
    report = run(org, path, dry_run=True)
    # then every bad row is reported with its line and an Italian reason
    found = errors_by_line(report)
    assert list(found) == list(range(3, 16))
    assert "carattere di controllo" in found[3]
    assert "comune «Atlantide» sconosciuto" in found[4]
    assert "data_domanda «31/02/2020» non è una data valida" in found[5]
    assert "precede la data della domanda" in found[6]
    assert "la data di uscita 01/01/2020 precede la data di ammissione 15/02/2020" in found[7]
    assert "non prevede la categoria «Socio finanziatore»" in found[8]
    assert "è già alla riga 2 del file" in found[9]
    assert "il numero 3 del libro soci è già alla riga 2" in found[10]
    assert "supera il capitale sottoscritto 100,00 € (4 x 25,00 €)" in found[11]
    assert "R-CC-2525: la partecipazione di 150.000,00 € supera il limite" in found[12]
    assert "categoria «amico» sconosciuta" in found[13]
    assert "causa di uscita «fuga» sconosciuta" in found[14]
    assert "Castro (BG)" in found[15]
    assert "Castro (LE)" in found[15]
    assert (report.created, report.saved) == (1, False)
    # and nothing was written
    assert counts() == before


def test_fewer_shares_than_the_statute_asks_are_reported_in_the_dry_run(org, tmp_path, statute):
    statute.min_shares = 2
    statute.save()
    rows = [member("Poche", azioni_sottoscritte="1", importo_versato="25")]
    report = run(org, write_csv(tmp_path / "soci.csv", rows), dry_run=True)
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "lo statuto chiede di sottoscrivere almeno 2 quote")
    ]


def test_one_bad_row_among_good_ones_imports_nothing(org, tmp_path):
    names = ["Alfa", "Beta", "Gamma", "Delta", "Epsilon"]
    rows = [member(name, numero_libro_soci=str(i)) for i, name in enumerate(names, start=1)]
    rows[3]["data_ammissione"] = "01/01/2019"  # before the application of 10/01/2020
    before = counts()
    report = run(org, write_csv(tmp_path / "soci.csv", rows))
    assert [e.line for e in report.errors] == [5]
    assert (report.saved, report.created) == (False, 0)
    assert counts() == before


def test_a_row_the_services_refuse_rolls_back_the_whole_import(org, tmp_path, monkeypatch):
    # given a stored member who paid half, and a file that adds a member and the other half
    run(org, write_csv(tmp_path / "a.csv", [member("Uno", importo_versato="50")]))
    rows = [member("Uno", importo_versato="100"), member("Due")]

    def refuse(**kwargs):
        raise ValidationError("rifiutato dal servizio")

    monkeypatch.setattr(services.register_import, "shares_pay", refuse)
    before = counts()
    # when it is imported and the payment service refuses the stored member's row
    report = run(org, write_csv(tmp_path / "b.csv", rows))
    # then that row is reported and the new member, written in bulk before it, is undone too
    assert [(e.line, e.message) for e in report.errors] == [(2, "rifiutato dal servizio")]
    assert not report.saved
    assert counts() == before


def test_a_number_taken_between_the_check_and_the_write_is_reported(org, tmp_path, monkeypatch):
    # given a file whose row asks for number 1, free when the file is checked
    real = services.register_bulk_import

    def admit_someone_first(**kwargs):
        member_factory(org, person=PersonFactory(organization=org))  # takes number 1
        return real(**kwargs)

    monkeypatch.setattr(services.register_import, "register_bulk_import", admit_someone_first)
    before = counts()
    # when another admission takes it before the import writes
    report = run(org, write_csv(tmp_path / "soci.csv", [member("Tardi", numero_libro_soci="1")]))
    # then the bulk service refuses it with the row's line, and nothing is saved
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "Il numero 1 del libro soci è già stato usato.")
    ]
    assert counts() == before


def test_a_register_number_held_by_another_person_is_refused(org, tmp_path):
    run(org, write_csv(tmp_path / "a.csv", [member("Primo", numero_libro_soci="5")]))
    report = run(org, write_csv(tmp_path / "b.csv", [member("Secondo", numero_libro_soci="5")]))
    assert [e.line for e in report.errors] == [2]
    assert "il numero 5 del libro soci è già di Primo Anna" in report.errors[0].message


def test_unknown_or_missing_columns_are_reported_on_the_header(org, tmp_path):
    path = write_csv(tmp_path / "x.csv", [], header=["codice_fiscale", "cognome", "nome", "eta"])
    report = run(org, path, dry_run=True)
    assert [e.line for e in report.errors] == [None]
    assert "eta" in report.errors[0].message


# --- R-381-2a ------------------------------------------------------------------------------


def test_volunteers_beyond_half_of_the_members_are_refused(org, tmp_path):
    rows = [
        member("Lavoro", numero_libro_soci="1"),
        member("Aiuto", categoria="volontario"),
        member("Dono", categoria="volontario"),
    ]
    report = run(org, write_csv(tmp_path / "soci.csv", rows), dry_run=True)
    assert [e.line for e in report.errors] == [4]
    assert "R-381-2a" in report.errors[0].message
    assert "3" in report.errors[0].message


def test_volunteers_admitted_the_same_day_as_the_workers_are_counted_after_them(org, tmp_path):
    rows = [member("Aiuto", categoria="volontario"), member("Lavoro"), member("Altro")]
    report = run(org, write_csv(tmp_path / "soci.csv", rows))
    assert report.errors == []
    assert report.saved


# --- idempotence and updates ---------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(org, tmp_path):
    path = write_csv(tmp_path / "soci.csv", GOOD_ROWS)
    first = run(org, path)
    assert first.saved
    before = counts()
    second = run(org, path)
    assert second.errors == []
    assert (second.created, second.updated, second.unchanged) == (0, 0, 8)
    assert counts() == before


def test_a_second_file_can_admit_an_applicant_and_record_a_payment(org, tmp_path):
    application = member("Attesa", data_ammissione="", azioni_sottoscritte="", importo_versato="")
    run(org, write_csv(tmp_path / "a.csv", [application, member("Pagante", importo_versato="50")]))
    admitted = {**application, "data_ammissione": "01/03/2020", "azioni_sottoscritte": "2",
                "importo_versato": "50"}  # fmt: skip
    report = run(
        org, write_csv(tmp_path / "b.csv", [admitted, member("Pagante", importo_versato="75")])
    )
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    attesa = Membership.objects.get(person__surname="Attesa")
    assert (attesa.status, attesa.register_number) == (MembershipStatus.ACTIVE, 2)
    assert ShareAccount.objects.get(membership__person__surname="Pagante").paid == Decimal("75")


def test_a_row_that_contradicts_the_register_is_an_error(org, tmp_path):
    run(org, write_csv(tmp_path / "a.csv", [member("Rossi", numero_libro_soci="1")]))
    changed = member("Rossi", numero_libro_soci="1", categoria="fruitore")
    report = run(org, write_csv(tmp_path / "b.csv", [changed]), dry_run=True)
    assert [e.line for e in report.errors] == [2]
    assert "dati diversi" in report.errors[0].message


# --- formats -------------------------------------------------------------------------------


def test_csv_with_commas_dot_decimals_and_windows_encoding(org, tmp_path):
    rows = [member("Città", "Niccolò", comune="forli", valore_nominale="1234.50", email="",
                   azioni_sottoscritte="1", importo_versato="1.234,50")]  # fmt: skip
    path = write_csv(tmp_path / "soci.csv", rows, delimiter=",", encoding="cp1252")
    report = run(org, path)
    assert report.errors == []
    person = Person.objects.get()
    assert (person.surname, person.given_name) == ("Città", "Niccolò")
    assert person.comune is not None
    assert person.comune.name == "Forlì"
    assert ShareAccount.objects.get().paid == Decimal("1234.50")


def test_xlsx_with_real_date_and_number_cells(org, tmp_path):
    rows = [
        member(
            "Foglio",
            data_domanda=dt.datetime(2021, 5, 3),  # noqa: DTZ001  a naive cell, as Excel stores it
            data_ammissione=dt.date(2021, 6, 1),
            numero_libro_soci=12,
            azioni_sottoscritte=3,
            valore_nominale=50,
            importo_versato=75.5,
            comune="Bologna (BO)",
        )
    ]
    report = run(org, write_xlsx(tmp_path / "soci.xlsx", rows))
    assert report.errors == []
    membership = Membership.objects.get()
    assert (membership.applied_on, membership.admitted_on) == (
        dt.date(2021, 5, 3),
        dt.date(2021, 6, 1),
    )
    assert membership.register_number == 12
    account = ShareAccount.objects.get()
    assert (account.shares, account.subscribed, account.paid) == (
        3,
        Decimal("150"),
        Decimal("75.50"),
    )


def test_legal_person_rows_next_to_natural_persons(org, tmp_path):
    path = write_xlsx(tmp_path / "soci.xlsx", [member("Rossi"), COMPANY], header=BOTH_HEADERS)
    report = run(org, path)
    assert report.errors == []
    legal = Person.objects.get(kind="giuridica")
    assert (legal.denomination, legal.partita_iva) == ("Fondazione Esempio", VALID_PARTITA_IVA)
    assert legal.memberships.get().category == "persona_giuridica"
    assert run(org, path).unchanged == 2


def test_a_natural_person_cannot_be_a_legal_person_member(org, tmp_path):
    report = run(org, write_csv(tmp_path / "a.csv", [member("X", categoria="persona_giuridica")]))
    assert "solo una persona giuridica" in report.errors[0].message


def test_header_names_are_matched_ignoring_case_and_spaces(org, tmp_path):
    header = [f"  {c.upper()} " for c in HEADER]
    rows = [{f"  {k.upper()} ": v for k, v in member("Maiuscolo").items()}]
    report = run(org, write_csv(tmp_path / "a.csv", rows, header=header))
    assert report.errors == []
    assert report.created == 1


def test_blank_statute_uses_the_default_nominal_value(org, tmp_path):
    Statute.objects.filter(organization=org).delete()
    report = run(org, write_csv(tmp_path / "a.csv", [member("Base", valore_nominale="")]))
    assert report.errors == []
    assert ShareAccount.objects.get().subscribed == Decimal("100.00")  # 4 x 25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,50", Decimal("1234.50")),
        ("1234.50", Decimal("1234.50")),
        ("1234,5", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234", Decimal("1234.00")),
        ("€ 25", Decimal("25.00")),
        (25, Decimal("25.00")),
        ("", None),
    ],
)
def test_amounts_with_comma_or_dot(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12.345,678"])
def test_bad_amounts(text):
    with pytest.raises(ValueError, match=r".*"):
        parse_decimal(text)


def test_dates_in_italian_order():
    assert parse_date("05/04/2021") == dt.date(2021, 4, 5)
    assert parse_date("5/4/2021") == dt.date(2021, 4, 5)
    with pytest.raises(ValueError, match="day is out of range"):
        parse_date("31/04/2021")


# --- the pages: upload, report, confirm ----------------------------------------------------


def upload(client, org, path: Path):
    url = reverse("members:import", kwargs={"org_slug": org.slug})
    with path.open("rb") as handle:
        return client.post(url, {"file": handle})


def test_the_import_page_names_itself_in_the_tab_and_the_heading(client, org, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("members:import", kwargs={"org_slug": org.slug}))
    assert "<title>Importa il libro soci · coopnet</title>" in page.text
    assert "<h1>Importa il libro soci · La Ginestra</h1>" in page.text


def test_upload_check_and_confirm(
    client, org, admin_user, tmp_path, media, django_capture_on_commit_callbacks
):
    # given an administrator and a good file
    client.force_login(admin_user)
    path = write_csv(tmp_path / "soci.csv", GOOD_ROWS[:3])
    # when they upload it, the check runs at once and nothing is saved yet
    response = upload(client, org, path)
    assert response.status_code == 302
    status_url = response["Location"]
    page = client.get(status_url)
    assert page.status_code == 200
    assert "Conferma importazione" in page.text
    assert Membership.objects.count() == 0
    stored = list((media / "jobs" / str(org.pk)).glob("*.csv"))
    assert len(stored) == 1
    assert stored[0].name != "soci.csv"  # a random name
    # when they confirm, the import runs (as a task, after the commit) and shows the result
    confirm_url = status_url + "confirm/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Importazione completata" in page.text
    assert "File: soci.csv" in page.text
    assert Membership.objects.filter(organization=org).count() == 3
    assert not stored[0].exists()  # the uploaded personal data is not kept once imported
    assert set(AuditEntry.objects.exclude(actor=None).values_list("actor", flat=True)) == {
        admin_user.pk
    }
    # and confirming again is refused and changes nothing
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(confirm_url, follow=True)
    assert "caricalo di nuovo" in again.text
    assert counts() == before


def test_the_report_lists_every_bad_row_and_offers_no_confirmation(
    client, org, admin_user, tmp_path, media
):
    client.force_login(admin_user)
    rows = [member("Buono"), member("Cattivo", data_domanda="ieri"), member("Altro", comune="X")]
    page = client.get(upload(client, org, write_csv(tmp_path / "soci.csv", rows))["Location"])
    assert "data_domanda «ieri» non è una data valida" in page.text
    assert "comune «X» sconosciuto" in page.text
    assert "Conferma importazione" not in page.text
    # a forced confirmation is refused
    response = client.post(page.request["PATH_INFO"] + "confirm/", follow=True)
    assert "solo un file controllato e senza errori" in response.text
    assert Membership.objects.count() == 0


def test_a_large_file_is_checked_in_the_background_and_polled(
    client, org, admin_user, tmp_path, media, monkeypatch, django_capture_on_commit_callbacks
):
    # given a threshold below the file's size, so the check goes to the task queue
    monkeypatch.setattr("coopnet.members.services.jobs.IMMEDIATE_ROWS", 1)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(client, org, write_csv(tmp_path / "soci.csv", GOOD_ROWS[:2]))
    # the page polls the queued job
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert "every 2s" in fragment.text
    # when the worker runs the task after the commit, the polling gets the report and stops
    [enqueue] = queued
    enqueue()
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert "Conferma importazione" in fragment.text
    assert "every 2s" not in fragment.text


def test_a_running_check_is_polled_every_two_seconds(client, org, admin_user, media):
    client.force_login(admin_user)
    job = make_job(
        organization=org,
        kind=services.IMPORT_JOB,
        params={"dry_run": True},
        state=JobState.RUNNING,
        progress_done=200,
        progress_total=1000,
        lease_expires_at=timezone.now() + dt.timedelta(minutes=1),
    )
    page = client.get(reverse("members:import_status", args=[org.slug, job.pk]))
    assert 'hx-trigger="every 2s"' in page.text
    assert "200 / 1000" in page.text
    assert "Controllo del file in corso" in page.text


def test_only_xlsx_or_csv_files_are_accepted(client, org, admin_user, tmp_path, media):
    client.force_login(admin_user)
    path = tmp_path / "soci.pdf"
    path.write_bytes(b"%PDF-1.4")
    response = upload(client, org, path)
    assert response.status_code == 200
    assert "Carica un file .xlsx o .csv." in response.text


def test_a_broken_xlsx_is_reported_not_crashed(client, org, admin_user, tmp_path, media):
    client.force_login(admin_user)
    path = tmp_path / "soci.xlsx"
    path.write_bytes(b"not a zip file")
    page = client.get(upload(client, org, path)["Location"])
    assert "non è un foglio XLSX leggibile" in page.text


@pytest.mark.parametrize("who", ["member_user", "outsider", "coordinator"])
def test_people_without_the_import_permission_get_404(client, org, who, request, media):
    client.force_login(request.getfixturevalue(who))
    job = make_job(organization=org, kind=services.IMPORT_JOB, state=JobState.FAILED)
    urls = [
        reverse("members:import", args=[org.slug]),
        reverse("members:import_status", args=[org.slug, job.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    for name in ("import_confirm", "import_retry"):
        assert client.post(reverse(f"members:{name}", args=[org.slug, job.pk])).status_code == 404


def test_another_organizations_upload_is_not_found(client, org, other_org, admin_user, media):
    client.force_login(admin_user)
    job = make_job(organization=other_org, kind=services.IMPORT_JOB)
    url = reverse("members:import_status", args=[org.slug, job.pk])
    assert client.get(url).status_code == 404
    # nor is a job of another kind
    book = make_job(organization=org, kind=services.REGISTER_PDF_JOB)
    assert client.get(reverse("members:import_status", args=[org.slug, book.pk])).status_code == 404
    assert client.get(f"/o/{org.slug}/members/import/..%2F..%2Fetc/").status_code == 404


def test_a_nul_character_is_refused_by_the_check_not_only_by_the_import(org, tmp_path):
    # PostgreSQL cannot store NUL: the dry run must refuse what the import would fail on
    rows = [member("Alfa"), member("Beta", indirizzo="via Roma\x00 1")]
    before = counts()
    for dry_run in (True, False):
        report = run(org, write_csv(tmp_path / "soci.csv", rows), dry_run=dry_run)
        assert [(e.line, e.message) for e in report.errors] == [
            (None, "Riga 3: carattere NUL nel file; salvalo di nuovo come CSV.")
        ]
    assert counts() == before


def test_a_field_over_the_csv_limit_is_reported_with_its_line(org, tmp_path):
    rows = [member("Alfa"), member("Beta", indirizzo="x" * 131_073)]
    report = run(org, write_csv(tmp_path / "soci.csv", rows), dry_run=True)
    assert [(e.line, e.message) for e in report.errors] == [
        (None, "Riga 3: un campo supera 131072 caratteri.")
    ]
