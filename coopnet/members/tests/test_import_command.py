"""`manage.py members_import`: the same report as the page, exit code 1 on errors."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from coopnet.core.models import AuditEntry
from coopnet.members.models import Membership

from .test_import import GOOD_ROWS, member, write_csv, write_xlsx


def run(*args: str) -> str:
    out = StringIO()
    call_command("members_import", *args, stdout=out)
    return out.getvalue()


def test_a_good_file_is_imported_and_counted(org, tmp_path):
    path = write_xlsx(tmp_path / "soci.xlsx", GOOD_ROWS)
    output = run("--org", org.slug, str(path))
    assert "Righe: 8 · nuove: 8 · aggiornate: 0 · invariate: 0 · errori: 0" in output
    assert Membership.objects.filter(organization=org).count() == 8
    # and again: every row is unchanged
    assert "nuove: 0 · aggiornate: 0 · invariate: 8" in run("--org", org.slug, str(path))


def test_a_dry_run_prints_the_counts_and_saves_nothing(org, tmp_path):
    path = write_csv(tmp_path / "soci.csv", GOOD_ROWS)
    output = run("--org", org.slug, str(path), "--dry-run")
    assert "nuove: 8" in output
    assert "Prova senza salvataggio" in output
    assert Membership.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_bad_rows_are_printed_with_their_line_and_the_command_fails(org, tmp_path):
    rows = [member("Buono"), member("Cattivo", comune="Atlantide"), member("Altro", categoria="")]
    path = write_csv(tmp_path / "soci.csv", rows)
    out = StringIO()
    with pytest.raises(CommandError, match="2 errori") as raised:
        call_command("members_import", "--org", org.slug, str(path), stdout=out)
    assert raised.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == "riga 3: comune «Atlantide» sconosciuto"
    assert lines[1] == "riga 4: manca la categoria"
    assert "Importazione annullata" in lines[-1]
    assert Membership.objects.count() == 0


def test_exit_codes_from_the_command_line(org, tmp_path, capsys, monkeypatch):
    # the command line closes the database connections when it ends: keep the test's one
    monkeypatch.setattr(connections, "close_all", lambda: None)
    good = write_csv(tmp_path / "good.csv", GOOD_ROWS[:1])
    bad = write_csv(tmp_path / "bad.csv", [member("X", data_domanda="32/01/2020")])
    execute_from_command_line(["manage.py", "members_import", "--org", org.slug, str(good)])
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "members_import", "--org", org.slug, str(bad)])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "riga 2: data_domanda «32/01/2020» non è una data valida" in captured.out
    assert "1 errore: nulla è stato salvato." in captured.err


def test_an_unknown_organization_or_file_is_an_error(org, tmp_path):
    with pytest.raises(CommandError, match="sconosciuta"):
        run("--org", "nessuna", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="non esiste"):
        run("--org", org.slug, str(tmp_path / "manca.csv"))
