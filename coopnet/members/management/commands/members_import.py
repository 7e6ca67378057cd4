"""`manage.py members_import --org SLUG FILE [--dry-run]`: import a libro soci from XLSX or CSV."""

from __future__ import annotations

from pathlib import Path

from coopnet.core.models import Organization
from coopnet.members import services
from coopnet.members.imports.command import ImportCommand
from coopnet.members.imports.report import ImportReport


class Command(ImportCommand):
    help = (
        "Importa il libro soci da un file XLSX o CSV (tutto o niente); "
        "--dry-run controlla soltanto."
    )

    def import_file(self, organization: Organization, path: Path, dry_run: bool) -> ImportReport:
        return services.import_register(
            organization=organization, path=path, actor=None, dry_run=dry_run
        )
