"""Background tasks of the members app (run by `manage.py db_worker`)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from coopnet.core.models import User

from .imports import ImportJob
from .jobs import ExportJob


@task()
def run_import(
    organization_id: int, token: str, user_id: int | None, dry_run: bool
) -> dict[str, Any]:
    """Check or import an uploaded libro soci; the report is kept beside the file and returned.

    Idempotent: a finished run returns its stored report, and a second real import of the
    same file finds every row unchanged.
    """
    job = ImportJob.load(organization_id, token)
    actor = User.objects.filter(pk=user_id).first() if user_id else None
    return job.run(actor=actor, dry_run=dry_run).to_dict()


@task()
def build_register_pdf(organization_id: int, token: str) -> dict[str, Any]:
    """Print the libro soci as a PDF book into its export file; idempotent (a finished book
    is kept, not printed again)."""
    return ExportJob.load(organization_id, token).run()
