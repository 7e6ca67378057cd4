"""Background tasks of the energy app (run by `manage.py db_worker`); each runs one core Job."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from coopnet.core.jobs import JobOutcome, JobRun, local_path, run_job

from . import services

# The kinds of file an office uploads: label, and how the import service takes it
FILES = {
    "configurations": _("Configurazioni"),
    "members": _("Membri e punti di prelievo"),
    "plants": _("Impianti"),
    "prices": _("Prezzi zonali"),
    "meters": _("Letture dei contatori"),
}
SHOWN = 500  # problems kept in the job's result (the total is kept too)


def _import(run: JobRun) -> JobOutcome:
    job = run.job
    file, dry_run = job.params["file"], bool(job.params["dry_run"])
    common: dict[str, Any] = {
        "organization": job.organization,
        "actor": job.created_by,
        "dry_run": dry_run,
        "progress": run.progress,
    }
    with local_path(job.input_file) as path:
        if file == "meters":
            report = services.readings_import(path=path, **common)
        elif file == "prices":
            report = services.prices_import(path=path, **common)
        else:
            files: dict[str, Any] = {file: path}
            report = services.register_import(**common, **files)
        stored_name = path.name
    result = report.as_json()
    for key in ("errors", "warnings"):
        result[f"{key}_total"] = len(result[key])
        result[key] = result[key][:SHOWN]
        for problem in result[key]:  # the name the office gave the file, not the stored one
            if problem["file"] == stored_name:
                problem["file"] = job.input_name
    return JobOutcome(result=result, keep_input=dry_run)


@task()
def run_import(job_id: int) -> None:
    """Check or import an uploaded file; the report is the job's result.

    Idempotent: a finished job is not run again, and a second import of the same file finds
    every row unchanged. The import writes in one transaction, so a worker killed in the
    middle leaves nothing half-written.
    """
    run_job(job_id, _import)
