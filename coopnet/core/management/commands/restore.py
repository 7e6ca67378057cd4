"""Replace the database's content with a backup: ``manage.py restore PATH [--yes]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation
from django.utils.translation import gettext as _

from coopnet.core.backup import BackupError, restore_database

YES = frozenset({"s", "si", "sì", "y", "yes"})


class Command(BaseCommand):
    help = (
        "Restore the database from a file written by `manage.py backup`. Every current row "
        "is replaced. Asks for confirmation unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        alias = options["database"]
        with translation.override(settings.LANGUAGE_CODE):
            if not path.is_file():
                raise CommandError(_("%(path)s non esiste.") % {"path": path})
            if not options["yes"]:
                question = _(
                    "Tutti i dati attuali del database «%(name)s» saranno sostituiti da "
                    "%(path)s. Continuare? [s/N] "
                ) % {"name": connections[alias].settings_dict["NAME"], "path": path}
                if input(question).strip().lower() not in YES:
                    raise CommandError(_("Ripristino annullato: nessun dato è cambiato."))
            try:
                restore_database(path, using=alias)
            except BackupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                _(
                    "Database ripristinato da %(path)s. Se il backup viene da una versione "
                    "precedente di coopnet, esegui «manage.py migrate»."
                )
                % {"path": path}
            )
