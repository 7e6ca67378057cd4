"""`manage.py members_import --org SLUG FILE [--dry-run]`: import a libro soci from XLSX or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from coopnet.core.models import Organization
from coopnet.members import services


class Command(BaseCommand):
    help = (
        "Importa il libro soci da un file XLSX o CSV (tutto o niente); "
        "--dry-run controlla soltanto."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--org", required=True, help="identificativo (slug) dell'organizzazione"
        )
        parser.add_argument("file", type=Path, help="file .xlsx o .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="controlla ogni riga senza salvare nulla"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"Organizzazione «{options['org']}» sconosciuta.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Il file {path} non esiste.")
        report = services.import_register(
            organization=organization, path=path, actor=None, dry_run=options["dry_run"]
        )
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
