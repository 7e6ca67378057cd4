"""Background tasks of the members app (run by `manage.py db_worker`); each runs one core Job."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django_tasks import task

from coopnet.core.jobs import JobOutcome, JobRun, local_path, run_job

from . import exports, selectors, services


def _import(run: JobRun) -> JobOutcome:
    job = run.job
    dry_run = bool(job.params["dry_run"])
    with local_path(job.input_file) as path:
        report = services.import_register(
            organization=job.organization,
            path=path,
            actor=job.created_by,
            dry_run=dry_run,
            progress=run.progress,
        )
    return JobOutcome(result=report.to_dict(), keep_input=dry_run)


@task()
def run_import(job_id: int) -> None:
    """Check or import an uploaded libro soci; the report is the job's result.

    Idempotent: a finished job is not run again, and a second real import of the same file
    finds every row unchanged. The import writes in one transaction, so a worker killed in
    the middle leaves nothing half-written.
    """
    run_job(job_id, _import)


def _print(run: JobRun) -> JobOutcome:
    job = run.job
    filters = selectors.RegisterFilters(**job.params["filters"])
    rows = selectors.register(job.organization, filters)
    document = exports.pdf_document(job.organization, rows)
    run.progress(1, 2)  # laid out; writing the file is the other half
    pdf = ContentFile(document.write_pdf(), name="libro-soci.pdf")
    return JobOutcome(result={"pages": len(document.pages)}, file=pdf)


@task()
def build_register_pdf(job_id: int) -> None:
    """Print the libro soci as a PDF book, the job's result file; idempotent."""
    run_job(job_id, _print)
