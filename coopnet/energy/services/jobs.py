"""Imports uploaded from the office pages, as core jobs: a check that stores nothing, then,
confirmed, the import itself (all or nothing), both in the background for large files."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from coopnet.core.jobs import job_create
from coopnet.core.models import Job, JobState, Organization, User

from .. import tasks

IMPORT_JOB = "energy.import"
# Files up to this size are checked while the page waits; larger ones in the background.
IMMEDIATE_BYTES = 1_000_000


def import_check(
    *, actor: User, organization: Organization, file: str, upload: UploadedFile
) -> Job:
    """Keep an uploaded file of kind ``file`` (``tasks.FILES``) and check it without storing
    anything: a small file at once, while the page waits, a large one in the background."""
    if file not in tasks.FILES:
        raise ValidationError({"file": _("Tipo di file sconosciuto.")})
    job = job_create(
        actor=actor,
        organization=organization,
        kind=IMPORT_JOB,
        task=tasks.run_import,
        params={"file": file, "dry_run": True},
        input_file=upload,
    )
    if (upload.size or 0) <= IMMEDIATE_BYTES:
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
        params={"file": check.params["file"], "dry_run": False},
        input_from=check,
    )
