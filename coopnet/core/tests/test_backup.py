"""`manage.py backup` / `restore` bring back every row, on SQLite and on PostgreSQL.

The round trip runs against the test database in use, whatever its vendor: the code path is
chosen by ``connection.vendor``. Restoring replaces whole tables, so the round-trip test is
transactional (the restore cannot run inside the test's wrapping transaction), with
``serialized_rollback`` like the other transactional tests, so the migration data (comuni,
parameters, content types) is reloaded rather than recreated after the flush.
"""

import hashlib
import os
import stat
from pathlib import Path
from typing import cast

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from coopnet.core.audit import log_action
from coopnet.core.backup import BackupError, backup_database, pg_invocation, restore_database
from coopnet.core.models import Organization, Parameter, Role, RoleAssignment
from coopnet.core.tests.factories import OrganizationFactory, RoleAssignmentFactory


def table_state() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the rows of every table of the database."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def seed_small_dataset() -> None:
    for i in range(3):
        assignment = cast(
            RoleAssignment,
            RoleAssignmentFactory(
                organization=OrganizationFactory(slug=f"coop-backup-{i}"), role=Role.COORDINATOR
            ),
        )
        log_action(
            actor=None,
            organization=assignment.organization,
            action="core.role.grant",
            obj=assignment,
            after={"role": assignment.role},
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_brings_back_every_row(tmp_path):
    # given a small dataset, backed up
    seed_small_dataset()
    at_backup = table_state()
    path = tmp_path / "coopnet.backup"
    call_command("backup", str(path))
    assert [p.name for p in tmp_path.iterdir()] == ["coopnet.backup"]  # no partial file left
    # and then changed: rows deleted, updated and added in several tables
    RoleAssignment.objects.all().delete()
    Organization.objects.filter(slug="coop-backup-0").update(short_name="Cambiata")
    OrganizationFactory(slug="nata-dopo-il-backup")
    Parameter.objects.filter(pk__in=Parameter.objects.values("pk")[:3]).delete()
    with connection.cursor() as cursor:  # audit entries are append-only for the ORM
        cursor.execute("DELETE FROM core_auditentry")
    changed = table_state()
    assert {t for t in at_backup if changed[t] != at_backup[t]} >= {
        "core_roleassignment",
        "core_organization",
        "core_parameter",
        "core_auditentry",
    }
    # when the backup is restored
    call_command("restore", str(path), yes=True)
    # then every table has exactly the rows it had at backup time
    assert table_state() == at_backup


@pytest.mark.django_db
def test_restore_asks_for_confirmation(tmp_path, monkeypatch, org):
    # given a file that would be restored
    path = tmp_path / "coopnet.backup"
    path.write_bytes(b"whatever")
    questions: list[str] = []

    def answer_no(question: str) -> str:
        questions.append(question)
        return "n"

    monkeypatch.setattr("builtins.input", answer_no)
    # when the operator answers no
    with pytest.raises(CommandError, match="Ripristino annullato"):
        call_command("restore", str(path))
    # then nothing changed
    assert len(questions) == 1
    assert "Continuare?" in questions[0]
    assert Organization.objects.filter(pk=org.pk).exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, org):
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    with pytest.raises(CommandError, match="non è un backup"):
        call_command("restore", str(path), yes=True)
    assert Organization.objects.filter(pk=org.pk).exists()


@pytest.mark.django_db
def test_restore_of_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="non esiste"):
        call_command("restore", str(tmp_path / "missing"), yes=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    # given a permissive umask, as a cron job may have
    previous = os.umask(0o022)
    try:
        call_command("backup", str(tmp_path / "coopnet.backup"))
    finally:
        os.umask(previous)
    # then the file (every member's personal data) is private to its owner
    assert stat.S_IMODE((tmp_path / "coopnet.backup").stat().st_mode) == 0o600


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path):
    path = tmp_path / "existing.backup"
    path.write_text("an older backup")
    with pytest.raises(CommandError, match="esiste già"):
        call_command("backup", str(path))
    assert path.read_text() == "an older backup"


@pytest.mark.django_db
def test_backup_into_a_missing_directory(tmp_path):
    with pytest.raises(CommandError, match="non esiste"):
        call_command("backup", str(tmp_path / "no" / "such.backup"))


def test_postgres_password_goes_to_the_environment_only(monkeypatch):
    # given PostgreSQL settings with a password and TLS options
    monkeypatch.setenv("PGPASSWORD", "left-over")
    settings_dict = {
        "NAME": "coopnet",
        "USER": "coopnet",
        "PASSWORD": "s3cret!",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }
    # when the client invocation is built
    args, env = pg_invocation(settings_dict)
    # then the password is never on the command line
    assert not any("s3cret" in arg for arg in args)
    assert args == [
        "--no-password",
        "--host",
        "db.internal",
        "--port",
        "5433",
        "--username",
        "coopnet",
        "--dbname",
        "coopnet",
    ]
    assert env["PGPASSWORD"] == "s3cret!"
    assert env["PGSSLMODE"] == "require"


def test_postgres_without_password_drops_an_inherited_one(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "someone-elses")
    _args, env = pg_invocation({"NAME": "coopnet"})
    assert "PGPASSWORD" not in env


@pytest.fixture
def sqlite_file_db(tmp_path, django_db_blocker):
    """A second, file-based SQLite database in WAL mode, like `make run`'s var/coopnet.sqlite3."""
    alias = "backup_scratch"
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "live.sqlite3"),
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
    }
    with django_db_blocker.unblock():
        scratch = connections[alias]
        with scratch.cursor() as cursor:
            cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            cursor.executemany("INSERT INTO note (text) VALUES (%s)", [("uno",), ("due",)])
        yield alias
        scratch.close()
    del connections[alias]
    del connections.settings[alias]


def _notes(alias: str) -> list[tuple[int, str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT id, text FROM note ORDER BY id")
        return list(cursor.fetchall())


def test_sqlite_file_round_trip_in_wal_mode(sqlite_file_db, tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        # given a live file database, backed up while open
        path: Path = tmp_path / "copy.sqlite3"
        backup_database(path, using=sqlite_file_db)
        assert path.read_bytes().startswith(b"SQLite format 3\x00")
        # and then changed
        with connections[sqlite_file_db].cursor() as cursor:
            cursor.execute("DELETE FROM note WHERE text = 'uno'")
            cursor.execute("INSERT INTO note (text) VALUES ('tre')")
        assert _notes(sqlite_file_db) == [(2, "due"), (3, "tre")]
        # when restored
        restore_database(path, using=sqlite_file_db)
        # then the open connection sees exactly the backed-up rows
        assert _notes(sqlite_file_db) == [(1, "uno"), (2, "due")]


def test_sqlite_restore_refuses_to_run_inside_a_transaction(
    sqlite_file_db, tmp_path, django_db_blocker
):
    with django_db_blocker.unblock():
        path = tmp_path / "copy.sqlite3"
        backup_database(path, using=sqlite_file_db)
        with transaction.atomic(using=sqlite_file_db), pytest.raises(BackupError):
            restore_database(path, using=sqlite_file_db)
        assert _notes(sqlite_file_db) == [(1, "uno"), (2, "due")]
