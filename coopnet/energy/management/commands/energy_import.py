"""`manage.py energy_import --org SLUG [--configurations F] [--members F] [--plants F]
[--meters F] [--prices F] [--gse F]`: the community's register, meter readings, zonal prices and
the GSE's statement from CSV.

The register files are checked together and stored all or nothing; then prices, then
readings, each all or nothing. Any error stops the command (exit 1) with file, line, reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopnet.core.models import Organization
from coopnet.energy import services
from coopnet.energy.imports import Report

REGISTER = ("configurations", "members", "plants")


class Command(BaseCommand):
    help = "Importa anagrafiche, letture dei contatori e prezzi zonali di una comunità energetica."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="identificativo (slug) della comunità")
        parser.add_argument("--configurations", type=Path, help="configurazioni (CSV)")
        parser.add_argument("--members", type=Path, help="membri e punti di prelievo (CSV)")
        parser.add_argument("--plants", type=Path, help="impianti (CSV)")
        parser.add_argument("--meters", type=Path, help="letture dei contatori (CSV)")
        parser.add_argument("--prices", type=Path, help="prezzi zonali (CSV)")
        parser.add_argument("--gse", type=Path, help="rendiconto del GSE (CSV)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"Organizzazione «{options['org']}» sconosciuta.")
        given = [k for k in (*REGISTER, "meters", "prices", "gse") if options[k] is not None]
        if not given:
            raise CommandError("Indica almeno un file da importare.")
        for key in given:
            if not options[key].is_file():
                raise CommandError(f"Il file {options[key]} non esiste.")
        if any(options[k] is not None for k in REGISTER):
            files = {k: options[k] for k in REGISTER}
            self._done(services.register_import(organization=organization, actor=None, **files))
        if options["prices"] is not None:
            path = options["prices"]
            self._done(services.prices_import(organization=organization, actor=None, path=path))
        if options["meters"] is not None:
            path = options["meters"]
            self._done(services.readings_import(organization=organization, actor=None, path=path))
        if options["gse"] is not None:
            path = options["gse"]
            self._done(services.gse_import(organization=organization, actor=None, path=path))

    def _done(self, report: Report) -> None:
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} errori: nulla è stato salvato.", returncode=1)
