"""Workforce import: format, dry run, all or nothing, idempotence, the command, the page."""

import datetime as dt
import sys
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from coopnet.core.models import AuditEntry
from coopnet.members.imports import parse_decimal
from coopnet.members.models import Person
from coopnet.workforce.imports import COLUMNS, run_import
from coopnet.workforce.models import (
    DisadvantageCategory,
    DisadvantagedStatus,
    Employment,
    SensitiveAccess,
)

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = ";".join(COLUMNS)
ROSSI = "RSSMRA80A01H501U;Rossi;Mario;socio_lavoratore;;38;01/02/2024;;25.000,50;no;;;;"
VERDI = (
    "VRDLGU75C12A944R;Verdi;Luigi;dipendente_determinato;;20,5;01/03/2024;31/12/2024;;"
    "si;tossicodipendente;SerD Bologna;01/01/2024;31/12/2025"
)
# the same person twice, in two periods that do not overlap
VERDI_AGAIN = "VRDLGU75C12A944R;Verdi;Luigi;dipendente_indeterminato;;38;01/01/2025;;;no;;;;"


def csv_file(*rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def run(org, content, *, dry_run=False, sensitive_allowed=True, filename="personale.csv"):
    return run_import(
        organization=org,
        content=content,
        filename=filename,
        actor=None,
        dry_run=dry_run,
        sensitive_allowed=sensitive_allowed,
    )


def snapshot_counts():
    return (
        Person.objects.count(),
        Employment.objects.count(),
        DisadvantagedStatus.objects.count(),
        SensitiveAccess.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_good_file_is_imported(org):
    report = run(org, csv_file(ROSSI, VERDI, VERDI_AGAIN))
    assert report.ok, report.lines()
    assert (report.rows, report.created, report.persons_created) == (3, 3, 2)
    rossi = Employment.objects.get(person__surname="Rossi")
    assert rossi.weekly_hours == 38
    assert rossi.gross_annual_pay == Decimal("25000.50")
    assert rossi.end_date is None  # blank data_fine: still employed
    verdi = Employment.objects.filter(person__surname="Verdi").order_by("start_date")
    assert verdi[0].weekly_hours == Decimal("20.5")
    assert verdi[0].end_date == dt.date(2024, 12, 31)
    status = DisadvantagedStatus.objects.get()
    assert status.category == "tossicodipendente"
    assert status.valid_to == dt.date(2025, 12, 31)
    # the import of special-category data is logged, with no user and purpose "importazione"
    entry = SensitiveAccess.objects.get()
    assert (entry.user, entry.action, entry.purpose) == (None, "modifica", "importazione")


def test_dry_run_writes_nothing(org):
    before = snapshot_counts()
    report = run(org, csv_file(ROSSI, VERDI), dry_run=True)
    assert report.ok
    assert report.created == 2
    assert report.sensitive_changed == 1
    assert "Prova senza salvataggio" in report.lines()[-1]
    assert snapshot_counts() == before


def test_a_broken_file_changes_nothing_and_lists_every_bad_row(org):
    before = snapshot_counts()
    rows = [
        ROSSI,
        "XXXXXX;Bianchi;Anna;socio_lavoratore;;38;01/02/2024;;;no;;;;",  # line 3
        "BNCNNA80A41H501R;Bianchi;Anna;impiegato;;38;31/02/2024;;;no;;;;",  # line 4
        "GLLPLA85M10F205M;Gallo;Paolo;socio_lavoratore;;abc;01/02/2024;;;forse;;;;",  # line 5
        "RSSLRA90A41F205C;Russo;Lara;socio_lavoratore;;38;01/02/2024;;;si;;;;",  # line 6
        "CNTGNN70A01F205I;Conti;Gianni;socio_lavoratore;;38;01/02/2024;01/01/2024;;no;;;;",  # 7
    ]
    report = run(org, csv_file(*rows))
    assert not report.ok
    bad_lines = sorted({e.line for e in report.errors})
    assert bad_lines == [3, 4, 5, 6, 7]
    text = "\n".join(report.lines())
    assert "riga 3: codice_fiscale:" in text
    assert "riga 4: tipo_contratto:" in text
    assert "riga 4: data_inizio:" in text
    assert "gg/mm/aaaa" in text
    assert "riga 5: ore_settimanali:" in text
    assert "riga 5: svantaggiato:" in text
    assert "riga 6: categoria_svantaggio:" in text
    assert "R-381-4a" in text
    assert "riga 7: data_fine:" in text
    assert "Importazione annullata" in report.lines()[-1]
    assert "errori: 9" in text  # one per problem, as in the members import
    # the good row (line 2) was not saved either
    assert snapshot_counts() == before


def test_importing_the_same_file_twice_changes_nothing(org):
    content = csv_file(ROSSI, VERDI, VERDI_AGAIN)
    run(org, content)
    before = snapshot_counts()
    report = run(org, content)
    assert report.ok
    assert report.unchanged == 3
    assert (report.created, report.updated, report.persons_created, report.sensitive_changed) == (
        0,
        0,
        0,
        0,
    )
    assert snapshot_counts() == before


def test_a_corrected_row_updates_the_period(org):
    run(org, csv_file(ROSSI))
    report = run(org, csv_file(ROSSI.replace(";01/02/2024;;", ";01/02/2024;30/06/2024;")))
    assert report.updated == 1
    assert Employment.objects.get().end_date == dt.date(2024, 6, 30)


def test_existing_persons_are_matched_by_codice_fiscale(org):
    existing = PersonFactory.create(
        organization=org, codice_fiscale="RSSMRA80A01H501U", surname="Rossi"
    )
    report = run(org, csv_file(ROSSI))
    assert report.persons_created == 0
    assert Employment.objects.get().person == existing


def test_overlapping_periods_in_the_file_are_bad_rows(org):
    overlapping = VERDI_AGAIN.replace("01/01/2025", "01/06/2024")
    report = run(org, csv_file(VERDI, overlapping))
    assert [e.line for e in report.errors] == [3]
    assert "sovrappone" in report.errors[0].message
    assert not Employment.objects.exists()


def test_the_same_row_twice_is_reported(org):
    report = run(org, csv_file(ROSSI, ROSSI))
    assert [e.line for e in report.errors] == [3]


def test_branch_rules_apply_to_imports(mixed_org, org):
    report = run(mixed_org, csv_file(ROSSI))
    assert report.errors[0].message.startswith("ramo:")
    assert "R-381-1c" in report.errors[0].message
    report = run(org, csv_file(ROSSI.replace("socio_lavoratore;;", "socio_lavoratore;B;")))
    assert report.errors[0].message.startswith("ramo:")
    assert run(mixed_org, csv_file(ROSSI.replace("socio_lavoratore;;", "socio_lavoratore;b;"))).ok


def test_a_wrong_header_is_one_clear_error(org):
    report = run(org, b"codice_fiscale;cognome\nRSSMRA80A01H501U;Rossi\n")
    assert len(report.errors) == 1
    assert report.errors[0].line is None
    assert "mancano le colonne" in report.errors[0].message


def test_an_empty_file(org):
    assert "vuoto" in run(org, b"").errors[0].message
    assert "righe" in run(org, csv_file()).errors[0].message


def test_comma_separated_csv_with_bom(org):
    content = (
        "\ufeff"
        + ",".join(COLUMNS)
        + "\n"
        + ROSSI.replace("25.000,50", "25000.50").replace(";", ",")
        + "\n"
    ).encode()
    report = run(org, content)
    assert report.ok, report.lines()
    assert Employment.objects.get().gross_annual_pay == Decimal("25000.50")


def test_xlsx_with_real_dates_and_numbers(org):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            "RSSMRA80A01H501U",
            "Rossi",
            "Mario",
            "tirocinio",
            None,
            12.5,
            dt.date(2024, 2, 1),  # read back as a datetime
            None,
            8000,
            "no",
            None,
            None,
            None,
            None,
        ]
    )
    sheet.append(
        [
            "VRDLGU75C12A944R",
            "Verdi",
            "Luigi",
            "collaboratore",
            None,
            "10",
            "01/03/2024",
            "",
            "1.500,00",
            "SI",
            "detenuto",
            "UEPE",
            "01/01/2024",
            None,
        ]
    )
    buffer = BytesIO()
    workbook.save(buffer)
    report = run(org, buffer.getvalue(), filename="personale.xlsx")
    assert report.ok, report.lines()
    assert Employment.objects.get(person__surname="Rossi").weekly_hours == Decimal("12.5")
    assert Employment.objects.get(person__surname="Verdi").gross_annual_pay == Decimal("1500")


def test_not_a_workbook(org):
    report = run(org, b"PK\x03\x04 not really", filename="x.xlsx")
    assert "XLSX" in report.errors[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("€ 1 000", "1000"),
    ],
)
def test_decimals_with_comma_or_dot(text, value):
    assert parse_decimal(text) == Decimal(value)


def test_sensitive_columns_are_refused_without_the_right(org):
    report = run(org, csv_file(ROSSI, VERDI), sensitive_allowed=False)
    assert report.sensitive_refused
    assert [e.line for e in report.errors] == [3]
    assert not Employment.objects.exists()


def test_report_never_names_a_category(org):
    report = run(org, csv_file(VERDI), dry_run=True)
    text = "\n".join(report.lines())
    for category in [*DisadvantageCategory.values, *map(str, DisadvantageCategory.labels)]:
        assert category not in text


# --- the command --------------------------------------------------------------------------


def test_command_imports_and_prints_the_report(org, tmp_path, capsys):
    path = tmp_path / "personale.csv"
    path.write_bytes(csv_file(ROSSI, VERDI))
    call_command("workforce_import", "--org", org.slug, str(path))
    out = capsys.readouterr().out
    assert "Righe: 2 · nuove: 2 · aggiornate: 0 · invariate: 0 · errori: 0" in out
    assert "condizioni di svantaggio nuove o aggiornate: 1" in out
    assert Employment.objects.count() == 2


def test_command_dry_run(org, tmp_path, capsys):
    path = tmp_path / "personale.csv"
    path.write_bytes(csv_file(ROSSI))
    call_command("workforce_import", "--org", org.slug, str(path), "--dry-run")
    assert "Prova senza salvataggio" in capsys.readouterr().out
    assert not Employment.objects.exists()


def test_command_bad_rows_exit_with_an_error(org, tmp_path, capsys):
    path = tmp_path / "personale.csv"
    path.write_bytes(csv_file(ROSSI, "XXX;Bianchi;Anna;socio_lavoratore;;38;01/02/2024;;;no;;;;"))
    with pytest.raises(CommandError) as error:
        call_command("workforce_import", "--org", org.slug, str(path))
    assert "nulla è stato salvato" in str(error.value)
    assert error.value.returncode == 1
    assert "riga 3: codice_fiscale:" in capsys.readouterr().out
    assert not Employment.objects.exists()


def manage(*args):
    """The exit code ``manage.py`` would give: CommandError's returncode, else 0."""
    try:
        call_command("workforce_import", *args)
    except CommandError as error:
        sys.stderr.write(str(error))
        return error.returncode
    return 0


def test_command_exit_codes(org, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_file(ROSSI))
    bad.write_bytes(b"nonsense\n")
    assert manage("--org", org.slug, str(good), "--dry-run") == 0
    assert manage("--org", org.slug, str(bad)) == 1
    assert "Intestazione non valida" in capsys.readouterr().out
    assert manage("--org", "nessuna", str(good)) == 1
    assert "sconosciuta" in capsys.readouterr().err
    assert manage("--org", org.slug, str(tmp_path / "missing.csv")) == 1
    assert "non esiste" in capsys.readouterr().err
    assert not Employment.objects.exists()


# --- the upload page ----------------------------------------------------------------------


def upload(client, org, content, name="personale.csv"):
    url = reverse("workforce:import", kwargs={"org_slug": org.slug})
    return client.post(
        url, {"action": "preview", "file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_upload_dry_run_then_confirm(client, org, admin_user):
    client.force_login(admin_user)
    preview = upload(client, org, csv_file(ROSSI))
    assert preview.context["report"].dry_run
    assert preview.context["can_confirm"]
    assert not Employment.objects.exists()
    url = reverse("workforce:import", kwargs={"org_slug": org.slug})
    done = client.post(url, {"action": "confirm", "token": preview.context["token"]})
    assert done.context["report"].saved
    assert Employment.objects.count() == 1
    # a second confirm with the same token finds nothing to import
    again = client.post(url, {"action": "confirm", "token": preview.context["token"]})
    assert again.status_code == 302
    assert Employment.objects.count() == 1


def test_upload_with_errors_cannot_be_confirmed(client, org, admin_user):
    client.force_login(admin_user)
    response = upload(
        client, org, csv_file("XXX;Bianchi;Anna;socio_lavoratore;;38;01/02/2024;;;no;;;;")
    )
    assert not response.context["can_confirm"]
    assert "riga 2: codice_fiscale:" in response.content.decode()


def test_upload_sensitive_rows_without_second_factor_is_refused_and_logged(client, org, admin_user):
    client.force_login(admin_user)
    response = upload(client, org, csv_file(VERDI))
    assert not response.context["report"].ok
    assert "verifica in due passaggi" in response.content.decode()
    denied = SensitiveAccess.objects.get()
    assert denied.action == "negato"
    assert "secondo fattore" in denied.detail


def test_upload_sensitive_rows_with_second_factor(otp_login, org, hr_user):
    client = otp_login(hr_user)
    preview = upload(client, org, csv_file(VERDI))
    assert preview.context["report"].ok
    page = preview.content.decode()
    for category in [*DisadvantageCategory.values, *map(str, DisadvantageCategory.labels)]:
        assert category not in page
    url = reverse("workforce:import", kwargs={"org_slug": org.slug})
    client.post(url, {"action": "confirm", "token": preview.context["token"]})
    assert DisadvantagedStatus.objects.count() == 1
    entry = SensitiveAccess.objects.get(action="modifica")
    assert entry.user == hr_user
    assert entry.purpose == "importazione"


def test_upload_rejects_other_file_types(client, org, admin_user):
    client.force_login(admin_user)
    response = upload(client, org, b"x", name="personale.pdf")
    assert response.context["report"] is None
    assert ".csv" in response.content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROSSI.replace("Rossi", "Ros\x00si"), "Riga 2: carattere NUL nel file"),
        (ROSSI.replace("Rossi", "R" * 131_073), "Riga 2: un campo supera 131072 caratteri."),
    ],
)
def test_a_nul_character_or_an_overlong_field_is_refused_with_its_line(org, row, message):
    before = snapshot_counts()
    for dry_run in (True, False):
        report = run(org, csv_file(row), dry_run=dry_run)
        assert len(report.errors) == 1
        assert message in report.errors[0].message
    assert snapshot_counts() == before


def test_an_employment_starting_in_year_1_is_refused_with_the_reason(org):
    report = run(org, csv_file(ROSSI.replace("01/02/2024", "01/02/0001")), dry_run=True)
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "data_inizio: data non valida: scrivila come gg/mm/aaaa.")
    ]
