"""Backup and restore of the whole database: SQLite's online backup API, or pg_dump/pg_restore.

A backup is written next to its final name and renamed only when complete, so a failed run
never leaves a half-written file that looks like a good backup. It holds every member's
personal data, so it is created readable by its owner only (0600), whatever the umask.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"

# libpq reads these from the environment; settings OPTIONS keys map onto them.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator."""


def backup_database(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Write a complete copy of the database to ``path`` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise BackupError(_("%(path)s esiste già: scegli un altro nome.") % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("La cartella %(dir)s non esiste.") % {"dir": path.parent})
    connection = connections[using]
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", "--file", str(partial)], connection)
        else:
            raise BackupError(_unsupported(connection))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore_database(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the database's content with the backup at ``path``."""
    path = Path(path)
    connection = connections[using]
    if connection.vendor == "sqlite":
        _check_magic(path, SQLITE_MAGIC)
        _sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        _check_magic(path, PG_DUMP_MAGIC)
        connection.close()  # pg_restore --clean drops tables: hold no connection meanwhile
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(path),
            ],
            connection,
        )
    else:
        raise BackupError(_unsupported(connection))


def _unsupported(connection: BaseDatabaseWrapper) -> str:
    return _("Backup non disponibile per il database %(vendor)s.") % {"vendor": connection.vendor}


def _check_magic(path: Path, magic: bytes) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(magic))
    except OSError as error:
        raise BackupError(
            _("Impossibile leggere %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    if head != magic:
        raise BackupError(
            _("%(path)s non è un backup di questo tipo di database.") % {"path": path}
        )


def _raw_sqlite(connection: BaseDatabaseWrapper) -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _sqlite_backup(connection: BaseDatabaseWrapper, target_path: Path) -> None:
    target = sqlite3.connect(target_path)
    try:
        _raw_sqlite(connection).backup(target)
    finally:
        target.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, source_path: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError(_("Il ripristino non può avvenire dentro una transazione."))
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        source.backup(_raw_sqlite(connection))
    except sqlite3.DatabaseError as error:
        raise BackupError(_("Ripristino non riuscito: %(error)s") % {"error": error}) from error
    finally:
        source.close()


def pg_invocation(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for a PostgreSQL client program.

    The password goes only into ``PGPASSWORD``: command lines are visible to every user of
    the machine (``ps``), the environment of a process is not.
    """
    args = ["--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", str(settings_dict["NAME"])]
    env = {key: value for key, value in os.environ.items() if key != "PGPASSWORD"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in _PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return args, env


def _run(command: list[str], connection: BaseDatabaseWrapper) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            _("%(program)s non trovato: installa il client di PostgreSQL.")
            % {"program": command[0]}
        )
    args, env = pg_invocation(connection.settings_dict)
    result = subprocess.run(  # noqa: S603  no shell, arguments from settings
        [program, *command[1:], *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s non è riuscito: %(error)s")
            % {"program": command[0], "error": result.stderr.strip()}
        )
