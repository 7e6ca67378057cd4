"""Background work of the libro soci, as core jobs: the check and import of an uploaded file and
the printed book (a PDF of 2,000 members takes WeasyPrint about half a minute)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from coopnet.core.jobs import job_create, local_path
from coopnet.core.models import Job, JobState, Organization, User

from .. import tasks
from ..imports import count_data_rows
from ..selectors import RegisterFilters

IMPORT_JOB = "members.import"
REGISTER_PDF_JOB = "members.register_pdf"
# Files up to this many rows are checked while the page waits; larger ones in the background.
IMMEDIATE_ROWS = 2000


def _rows(job: Job) -> int:
    try:
        with local_path(job.input_file) as path:
            return count_data_rows(path)
    except Exception:  # an unreadable file: the check itself reports why
        return 0


def import_check(*, actor: User, organization: Organization, upload: UploadedFile) -> Job:
    """Keep an uploaded libro soci and check it without saving: a small file at once, while
    the page waits (the queued task then finds it done), a large one in the background."""
    job = job_create(
        actor=actor,
        organization=organization,
        kind=IMPORT_JOB,
        task=tasks.run_import,
        params={"dry_run": True},
        input_file=upload,
    )
    if _rows(job) <= IMMEDIATE_ROWS:
        tasks.run_import.call(job.pk)
        job.refresh_from_db()
    return job


def import_confirm(*, actor: User, check: Job) -> Job:
    """Queue the real import of a file whose check found no error; the file moves to it."""
    checked = check.state == JobState.SUCCEEDED and check.params.get("dry_run")
    if not checked or check.result.get("errors"):
        raise ValidationError(_("Si può importare solo un file controllato e senza errori."))
    if not check.input_file:
        raise ValidationError(
            _("Il file è già stato importato o non si conserva più: caricalo di nuovo.")
        )
    return job_create(
        actor=actor,
        organization=check.organization,
        kind=IMPORT_JOB,
        task=tasks.run_import,
        params={"dry_run": False},
        input_from=check,
    )


def register_pdf_request(
    *, actor: User, organization: Organization, filters: RegisterFilters, filename: str
) -> Job:
    """Queue the printing of the libro soci with the register page's filters."""
    return job_create(
        actor=actor,
        organization=organization,
        kind=REGISTER_PDF_JOB,
        task=tasks.build_register_pdf,
        params={"filters": asdict(filters), "filename": filename},
    )
