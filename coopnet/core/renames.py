"""Apps renamed after data was written under their old label: moving the data, reading old codes.

A rename keeps every row. Before ``migrate`` plans anything, ``rename_legacy_apps`` moves an
old label's tables, content types and migration records to the new label (the migration files
are the same, so nothing is re-applied), and re-points queued jobs and tasks. The audit log is
append-only and keeps its old codes; ``current_code`` reads them under today's name.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.migrations.recorder import MigrationRecorder

# Old app label -> new label, with the Python package each lived in.
RENAMED_APPS: dict[str, str] = {"services": "care"}
RENAMED_PACKAGES: dict[str, str] = {"coopnet.services": "coopnet.care"}


def current_code(code: str) -> str:
    """A code written under an old label ("services.visit.edit") as it is named today."""
    head, dot, rest = code.partition(".")
    new = RENAMED_APPS.get(head)
    return f"{new}{dot}{rest}" if new else code


def old_codes(prefix: str) -> list[str]:
    """``prefix`` and the same prefix under each old label that now has its name."""
    codes = [prefix]
    for old, new in RENAMED_APPS.items():
        if prefix == new or prefix.startswith(f"{new}."):
            codes.append(old + prefix[len(new) :])
    return codes


def _rewrite_prefix(
    cursor: CursorWrapper, table: str, column: str, old: str, new: str, tables: set[str]
) -> None:
    """Rename the leading ``old`` of a column's values (a job kind, a task path) to ``new``."""
    if table in tables:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s || SUBSTR({column}, %s) WHERE {column} LIKE %s",  # noqa: S608  names are this module's constants
            [new, len(old) + 1, f"{old}%"],
        )


def rename_legacy_apps(connection: BaseDatabaseWrapper) -> list[str]:
    """Move every renamed app still recorded under its old label; say what moved."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    moved: list[str] = []
    for old, new in RENAMED_APPS.items():
        applied = recorder.migration_qs.filter(app=old)
        if not applied.exists() or recorder.migration_qs.filter(app=new).exists():
            continue
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
        with connection.schema_editor() as editor:
            for table in sorted(t for t in tables if t.startswith(f"{old}_")):
                editor.execute(
                    editor.sql_rename_table
                    % {
                        "old_table": editor.quote_name(table),
                        "new_table": editor.quote_name(new + table[len(old) :]),
                    }
                )
            cursor = editor.connection.cursor()
            cursor.execute(
                "UPDATE django_content_type SET app_label = %s WHERE app_label = %s", [new, old]
            )
            _rewrite_prefix(cursor, "core_job", "kind", f"{old}.", f"{new}.", tables)
            for old_package, new_package in RENAMED_PACKAGES.items():
                _rewrite_prefix(
                    cursor,
                    "django_tasks_database_dbtaskresult",
                    "task_path",
                    f"{old_package}.",
                    f"{new_package}.",
                    tables,
                )
            applied.update(app=new)
        moved.append(f"{old} -> {new}")
    return moved
