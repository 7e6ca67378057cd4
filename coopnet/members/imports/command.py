"""An import run from ``manage.py`` (``members_import``, ``workforce_import``):
``--org SLUG FILE [--dry-run]``, the same report as the page line by line, and exit code 1
when any row is wrong (nothing is then saved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from coopnet.core.models import Organization

from .report import ImportReport


class ImportCommand(BaseCommand):
    """A command importing one file into one organization: subclasses say how (``import_file``)."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--org", required=True, help="identificativo (slug) dell'organizzazione"
        )
        parser.add_argument("file", type=Path, help="file .xlsx o .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="controlla ogni riga senza salvare nulla"
        )

    def import_file(self, organization: Organization, path: Path, dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"Organizzazione «{options['org']}» sconosciuta.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Il file {path} non esiste.")
        report = self.import_file(organization, path, options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
        if report.errors:
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "%(n)s errore: nulla è stato salvato.",
                    "%(n)s errori: nulla è stato salvato.",
                    count,
                )
                % {"n": count},
                returncode=1,
            )
