"""``manage.py workforce_import --org SLUG FILE [--dry-run]``: import employment periods.

Runs as the system operator, so it may import the disadvantaged-status columns; each status it
writes is logged in the vault's access log with purpose "importazione" and no user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopnet.core.models import Organization
from coopnet.workforce.imports import run_import


class Command(BaseCommand):
    help = "Importa rapporti di lavoro (e condizioni di svantaggio) da un file CSV o XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="identificativo dell'organizzazione")
        parser.add_argument("file", help="file CSV o XLSX")
        parser.add_argument(
            "--dry-run", action="store_true", help="controlla il file senza salvare nulla"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"Organizzazione «{options['org']}» sconosciuta.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Il file {path} non esiste.")
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Non riesco a leggere {path}: {error.strerror}") from error
        report = run_import(
            organization=organization,
            content=content,
            filename=path.name,
            actor=None,
            dry_run=options["dry_run"],
            sensitive_allowed=True,
        )
        # The same report as ``members_import``: every bad row, then the counts.
        for line in report.lines():
            self.stdout.write(line)
        if report.errors:
            raise CommandError(f"{len(report.errors)} errori: nulla è stato salvato.", returncode=1)
