"""``manage.py workforce_import --org SLUG FILE [--dry-run]``: import employment periods.

Runs as the system operator, so it may import the disadvantaged-status columns; each status it
writes is logged in the vault's access log with purpose "importazione" and no user.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from coopnet.core.models import Organization
from coopnet.members.imports.command import ImportCommand
from coopnet.members.imports.report import ImportReport
from coopnet.workforce.imports import run_import


class Command(ImportCommand):
    help = "Importa rapporti di lavoro (e condizioni di svantaggio) da un file CSV o XLSX."

    def import_file(self, organization: Organization, path: Path, dry_run: bool) -> ImportReport:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Non riesco a leggere {path}: {error.strerror}") from error
        return run_import(
            organization=organization,
            content=content,
            filename=path.name,
            actor=None,
            dry_run=dry_run,
            sensitive_allowed=True,
        )
