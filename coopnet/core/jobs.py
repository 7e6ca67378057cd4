"""Background jobs: the one way long work (an import, a PDF, a solve) is queued, run and shown.

A service creates the ``Job`` with its inputs and enqueues its app's task after the commit; the
task calls ``run_job(job_id, work)``, which claims the job with a lease, lets ``work`` report
progress (each report renews the lease) and stores the outcome or the failure. A job whose
lease lapses (its worker was killed) is marked failed by ``job_check_lease`` (the polling page)
or ``jobs_cleanup`` (the periodic command); ``job_retry`` queues it again with the same inputs.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks.base import Task

from .audit import log_action, snapshot
from .models import Job, JobState, Organization, User

logger = logging.getLogger(__name__)

# Stored untranslated and shown with {% translate job.error %}, in the reader's language.
LAPSED = gettext_noop(
    "Il lavoro si è interrotto perché il processo che lo eseguiva ha smesso di rispondere "
    "(per esempio per un riavvio del server). Nulla è stato salvato a metà: puoi riprovare."
)
CRASHED = gettext_noop(
    "Il lavoro si è interrotto per un errore inatteso e non ha salvato nulla. Riprova o chiedi "
    "aiuto all'amministratore."
)


class JobLostError(Exception):
    """The job is no longer this worker's: its lease lapsed and it was failed (or retried)."""


@dataclass(frozen=True)
class JobRun:
    """A worker's hold on a job: the job as claimed and the attempt that holds it."""

    job: Job
    attempt: int

    def progress(self, done: int, total: int) -> None:
        """Report progress and renew the lease; raises ``JobLostError`` if the job was lost."""
        job_progress(run=self, done=done, total=total)


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job keeps: a JSON result, an optional file, and whether its input file
    is still needed (a check before the real run) or may be deleted now."""

    result: dict[str, Any]
    file: File[Any] | None = None
    keep_input: bool = False


def _lease_end(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.COOPNET_JOB_LEASE_SECONDS)


def _held(run: JobRun) -> QuerySet[Job]:
    """The job, only while this run still holds it."""
    return Job.objects.filter(pk=run.job.pk, state=JobState.RUNNING, attempts=run.attempt)


def _delete_on_commit(field: FieldFile) -> None:
    """Delete a job's file once the row that names it no longer does."""
    name, storage = field.name, field.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _enqueue_on_commit(task: Task[[int], Any], job: Job) -> None:
    job_id = job.pk
    transaction.on_commit(lambda: task.enqueue(job_id))


@transaction.atomic
def job_create(
    *,
    actor: User | None,
    organization: Organization,
    kind: str,
    task: Task[[int], Any],
    params: dict[str, Any],
    input_file: File[Any] | None = None,
    input_from: Job | None = None,
) -> Job:
    """Queue ``task(job_id)`` for a new job with these inputs: ``params`` and either an uploaded
    ``input_file`` or the input file of an earlier job (``input_from``, e.g. a checked upload
    that is now imported), which moves to the new job."""
    jobs_cleanup(organization=organization)
    job = Job(organization=organization, kind=kind, created_by=actor, params=params)
    if input_file is not None:
        job.input_name = Path(input_file.name or "").name
        job.input_file.save(job.input_name, input_file, save=False)
    elif input_from is not None:
        job.input_name, job.input_file.name = input_from.input_name, input_from.input_file.name
        Job.objects.filter(pk=input_from.pk).update(input_file="")
    job.save()
    log_action(
        actor=actor,
        organization=organization,
        action="core.job.create",
        obj=job,
        after=snapshot(job, ["kind", "params", "input_name"]),
    )
    _enqueue_on_commit(task, job)
    return job


def job_start(*, job_id: int) -> JobRun | None:
    """Claim a queued job with a lease; None when it is not queued (finished, or another worker
    claimed it first: the conditional update lets exactly one worker win)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        lease_expires_at=_lease_end(now),
        progress_done=0,
        progress_total=0,
    )
    if not claimed:
        return None
    job = Job.objects.select_related("organization", "created_by").get(pk=job_id)
    return JobRun(job=job, attempt=job.attempts)


def job_progress(*, run: JobRun, done: int, total: int) -> None:
    """Store progress and renew the lease. Called inside a work's own transaction it is also a
    fence: a job failed meanwhile raises ``JobLostError`` there and the work is rolled back."""
    now = timezone.now()
    renewed = _held(run).update(
        progress_done=min(done, total),
        progress_total=total,
        heartbeat_at=now,
        lease_expires_at=_lease_end(now),
    )
    if not renewed:
        raise JobLostError(run.job.pk)


@transaction.atomic
def job_succeed(*, run: JobRun, outcome: JobOutcome) -> None:
    """Keep the outcome; the input file goes unless the outcome still needs it."""
    job = run.job
    stored = ""
    if outcome.file is not None:
        name = job.result_file.field.generate_filename(job, outcome.file.name or "result")
        stored = job.result_file.storage.save(name, outcome.file)
    changes: dict[str, Any] = {}
    if not outcome.keep_input:
        changes["input_file"] = ""
    now = timezone.now()
    finished = _held(run).update(
        state=JobState.SUCCEEDED,
        result=outcome.result,
        result_file=stored,
        progress_done=F("progress_total"),
        heartbeat_at=now,
        lease_expires_at=None,
        finished_at=now,
        **changes,
    )
    if not finished:
        if stored:
            job.result_file.storage.delete(stored)
        raise JobLostError(job.pk)
    if not outcome.keep_input:
        _delete_on_commit(job.input_file)


def job_fail(*, run: JobRun, error: str = CRASHED) -> None:
    """Mark the run's job failed with a message for its users (if it still holds it)."""
    now = timezone.now()
    _held(run).update(state=JobState.FAILED, error=error, lease_expires_at=None, finished_at=now)


def _expire(jobs: QuerySet[Job], now: dt.datetime) -> int:
    return jobs.filter(state=JobState.RUNNING, lease_expires_at__lt=now).update(
        state=JobState.FAILED, error=LAPSED, lease_expires_at=None, finished_at=now
    )


def job_check_lease(*, job: Job) -> Job:
    """The job as stored now, marked failed first if its worker let the lease lapse. Only a
    lapsed lease is written: a poll never waits for the lock of a worker's write (SQLite)."""
    job.refresh_from_db()
    now = timezone.now()
    lapsed = job.state == JobState.RUNNING and job.lease_expires_at and job.lease_expires_at < now
    if lapsed and _expire(Job.objects.filter(pk=job.pk), now):
        logger.warning("Job %s: the lease lapsed, marked failed", job.pk)
        job.refresh_from_db()
    return job


@transaction.atomic
def job_retry(*, actor: User | None, job: Job, task: Task[[int], Any]) -> Job:
    """Queue a failed job again with the same inputs; refused while it is queued or running."""
    job_check_lease(job=job)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state != JobState.FAILED:
        raise ValidationError(
            _("Il lavoro è ancora in corso: si può riprovare solo dopo che si è interrotto.")
            if job.active
            else _("Il lavoro è già concluso: non c'è niente da riprovare.")
        )
    if job.input_missing:
        raise ValidationError(
            _("Il file caricato non c'è più (si conserva per %(hours)s ore): caricalo di nuovo.")
            % {"hours": settings.COOPNET_UPLOAD_RETENTION_HOURS}
        )
    before = snapshot(job, ["state", "error", "attempts"])
    job.state, job.error, job.result = JobState.QUEUED, "", {}
    job.progress_done = job.progress_total = 0
    job.heartbeat_at = job.lease_expires_at = job.started_at = job.finished_at = None
    job.save()
    log_action(
        actor=actor,
        action="core.job.retry",
        obj=job,
        before=before,
        after=snapshot(job, ["state", "error", "attempts"]),
    )
    _enqueue_on_commit(task, job)
    return job


@transaction.atomic
def jobs_cleanup(
    *, organization: Organization | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Fail jobs whose lease lapsed, delete uploads older than the upload retention (personal
    data) and finished jobs, with their files, older than the job retention."""
    now = now or timezone.now()
    jobs = (
        Job.objects.all() if organization is None else Job.objects.filter(organization=organization)
    )
    expired = _expire(jobs, now)
    upload_limit = now - dt.timedelta(hours=settings.COOPNET_UPLOAD_RETENTION_HOURS)
    uploads = jobs.filter(created_at__lt=upload_limit).exclude(input_file="")
    for job in uploads.exclude(state=JobState.RUNNING):
        _delete_on_commit(job.input_file)
    removed_uploads = uploads.exclude(state=JobState.RUNNING).update(input_file="")
    job_limit = now - dt.timedelta(hours=settings.COOPNET_JOB_RETENTION_HOURS)
    old = jobs.filter(state__in=[JobState.SUCCEEDED, JobState.FAILED], finished_at__lt=job_limit)
    for job in old:
        _delete_on_commit(job.input_file)
        _delete_on_commit(job.result_file)
    removed_jobs, _per_model = old.delete()
    return {"expired": expired, "uploads": removed_uploads, "jobs": removed_jobs}


def run_job(job_id: int, work: Callable[[JobRun], JobOutcome]) -> None:
    """The body of a job's task: claim, work, keep the outcome or the failure. Idempotent: a
    job that is finished or held by another worker is left alone."""
    run = job_start(job_id=job_id)
    if run is None:
        return
    try:
        outcome = work(run)
        job_succeed(run=run, outcome=outcome)
    except JobLostError:
        logger.warning("Job %s lost its lease while working; its work was not kept", job_id)
    except Exception:  # any failure of the work is the job's failure, shown to its users
        logger.exception("Job %s failed", job_id)
        job_fail(run=run)


@contextmanager
def local_path(field: FieldFile) -> Iterator[Path]:
    """A job file as a local path: the stored file itself, or a private temporary copy when
    the storage has no paths (object storage)."""
    try:
        path = Path(field.path)
    except NotImplementedError:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / Path(field.name or "input").name
            with field.open("rb") as source, copy.open("wb") as target:
                shutil.copyfileobj(source, target)
            yield copy
        return
    yield path
