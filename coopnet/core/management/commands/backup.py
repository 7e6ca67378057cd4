"""Back up the whole database to a file: ``manage.py backup PATH``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _

from coopnet.core.backup import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Write a complete backup of the database to PATH (SQLite: online backup, safe while "
        "the server runs; PostgreSQL: pg_dump custom format)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="File to create; it must not exist.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        with translation.override(settings.LANGUAGE_CODE):
            try:
                backup_database(path, using=options["database"])
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                _("Backup scritto in %(path)s (%(size)d byte).")
                % {"path": path, "size": path.stat().st_size}
            )
