"""Background jobs: claimed with a lease, failed when the worker dies, retried, cleaned up."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import task

from coopnet.core import jobs
from coopnet.core.jobs import JobLostError, JobOutcome, JobRun
from coopnet.core.models import AuditEntry, Job, JobState
from coopnet.core.tests.factories import make_job

KIND = "core.test"

pytestmark = pytest.mark.usefixtures("media")  # job files go to a temporary folder


def _echo(run: JobRun) -> JobOutcome:
    """The work of the test task: read the input file, report progress, keep a result file."""
    run.progress(1, 2)
    with run.job.input_file.open("rb") as upload:
        text = upload.read().decode()
    if run.job.params.get("crash"):
        raise RuntimeError("boom")
    return JobOutcome(result={"read": text}, file=ContentFile(b"out", name="out.txt"))


class ObjectStorage(Storage):
    """A storage without local paths, like S3."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def _save(self, name: str, content: File[Any]) -> str:
        self.blobs[name] = content.read()
        return name

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        return ContentFile(self.blobs[name], name=name)

    def exists(self, name: str) -> bool:
        return name in self.blobs


@task()
def echo(job_id: int) -> None:
    jobs.run_job(job_id, _echo)


def create(org, admin_user, capture, *, run: bool = True, **params: Any) -> Job:
    """A job with an uploaded file, run by the test task after the commit unless ``run`` is
    False (no worker has taken it yet)."""
    with capture(execute=run):
        job = jobs.job_create(
            actor=admin_user,
            organization=org,
            kind=KIND,
            task=echo,
            params=params,
            input_file=ContentFile(b"hello", name="Soci.CSV"),
        )
    job.refresh_from_db()
    return job


def lapse(job: Job) -> None:
    """Time passes beyond the lease without a heartbeat from the worker."""
    past = timezone.now() - dt.timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(lease_expires_at=past)


@pytest.mark.django_db
def test_a_job_is_queued_after_the_commit_run_and_keeps_its_result(
    org, admin_user, django_capture_on_commit_callbacks, media
):
    job = create(org, admin_user, django_capture_on_commit_callbacks)
    assert (job.state, job.result, job.attempts) == (JobState.SUCCEEDED, {"read": "hello"}, 1)
    with job.result_file.open("rb") as result:
        assert result.read() == b"out"
    assert str(job.result_file.name).startswith(f"jobs/{org.pk}/")
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.lease_expires_at is None
    assert job.finished_at is not None
    # the input was consumed: its file is gone, its name remains for the page
    assert job.input_name == "Soci.CSV"
    assert not job.input_file
    assert not list((media / "jobs" / str(org.pk)).glob("*.csv"))
    assert AuditEntry.objects.filter(action="core.job.create", object_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_a_worker_that_dies_lets_the_lease_lapse_and_the_job_can_be_retried(
    org, admin_user, django_capture_on_commit_callbacks
):
    # given a job claimed by a worker that is then killed (no heartbeat, no result)
    job = create(org, admin_user, django_capture_on_commit_callbacks, run=False)
    dead = jobs.job_start(job_id=job.pk)
    assert dead is not None
    assert jobs.job_check_lease(job=job).state == JobState.RUNNING  # within its lease
    # when the lease lapses, the next look at the job marks it failed, saying why
    lapse(job)
    job = jobs.job_check_lease(job=job)
    assert job.state == JobState.FAILED
    assert job.error == jobs.LAPSED
    assert job.input_file  # kept for the retry
    # and the dead worker, were it to come back, can no longer report or finish
    with pytest.raises(JobLostError):
        dead.progress(1, 2)
    with pytest.raises(JobLostError):
        jobs.job_succeed(run=dead, outcome=JobOutcome(result={"late": True}))
    # when the user retries, the same inputs run again
    with django_capture_on_commit_callbacks(execute=True):
        jobs.job_retry(actor=admin_user, job=job, task=echo)
    job.refresh_from_db()
    assert (job.state, job.result, job.attempts, job.error) == (
        JobState.SUCCEEDED,
        {"read": "hello"},
        2,
        "",
    )
    assert AuditEntry.objects.filter(action="core.job.retry", object_id=str(job.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "message"),
    [
        (JobState.QUEUED, "ancora in corso"),
        (JobState.RUNNING, "ancora in corso"),
        (JobState.SUCCEEDED, "già concluso"),
    ],
)
def test_a_retry_is_refused_unless_the_job_failed(org, admin_user, state, message):
    job = make_job(
        organization=org,
        state=state,
        lease_expires_at=timezone.now() + dt.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match=message):
        jobs.job_retry(actor=admin_user, job=job, task=echo)
    job.refresh_from_db()
    assert job.state == state


@pytest.mark.django_db
def test_a_crash_of_the_work_fails_the_job_with_a_message_for_its_users(
    org, admin_user, django_capture_on_commit_callbacks, media
):
    job = create(org, admin_user, django_capture_on_commit_callbacks, crash=True)
    assert (job.state, job.error, job.result) == (JobState.FAILED, jobs.CRASHED, {})
    assert not job.result_file
    assert job.input_file  # kept for the retry, until the upload retention


@pytest.mark.django_db
def test_a_finished_job_is_not_run_again(org, admin_user, django_capture_on_commit_callbacks):
    job = create(org, admin_user, django_capture_on_commit_callbacks)
    assert jobs.job_start(job_id=job.pk) is None
    echo.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 1)


@pytest.mark.django_db
def test_cleanup_fails_lapsed_jobs_and_removes_old_uploads_and_jobs(
    org, admin_user, settings, django_capture_on_commit_callbacks, media
):
    settings.COOPNET_UPLOAD_RETENTION_HOURS = 2
    settings.COOPNET_JOB_RETENTION_HOURS = 24
    # given a checked upload waiting for confirmation, a finished job and a dead worker's job
    waiting = create(org, admin_user, django_capture_on_commit_callbacks, run=False)
    upload = media / waiting.input_file.name
    finished = create(org, admin_user, django_capture_on_commit_callbacks)
    result = media / finished.result_file.name
    dead = make_job(organization=org, state=JobState.RUNNING, lease_expires_at=timezone.now())
    now = timezone.now()
    # within the retention nothing but the lapsed lease changes
    with django_capture_on_commit_callbacks(execute=True):
        counts = jobs.jobs_cleanup(now=now + dt.timedelta(hours=1))
    assert counts == {"expired": 1, "uploads": 0, "jobs": 0}
    assert upload.exists()
    dead.refresh_from_db()
    assert (dead.state, dead.error) == (JobState.FAILED, jobs.LAPSED)
    # after the upload retention the upload is gone, the job stays
    with django_capture_on_commit_callbacks(execute=True):
        counts = jobs.jobs_cleanup(now=now + dt.timedelta(hours=3))
    assert counts == {"expired": 0, "uploads": 1, "jobs": 0}
    assert not upload.exists()
    waiting.refresh_from_db()
    assert not waiting.input_file
    # after the job retention finished jobs go with their files
    with django_capture_on_commit_callbacks(execute=True):
        counts = jobs.jobs_cleanup(now=now + dt.timedelta(hours=26))
    assert counts["jobs"] == 2  # the finished job and the failed one
    assert not result.exists()
    assert list(Job.objects.values_list("pk", flat=True)) == [waiting.pk]


@pytest.mark.django_db
def test_a_retry_without_the_upload_asks_for_it_again(
    org, admin_user, django_capture_on_commit_callbacks
):
    job = create(org, admin_user, django_capture_on_commit_callbacks, crash=True)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.jobs_cleanup(now=timezone.now() + dt.timedelta(days=1, hours=-1))
    with pytest.raises(ValidationError, match="caricalo di nuovo"):
        jobs.job_retry(actor=admin_user, job=job, task=echo)


@pytest.mark.django_db
def test_the_cleanup_command_reports_what_it_did(org, capsys):
    make_job(organization=org, state=JobState.RUNNING, lease_expires_at=timezone.now())
    call_command("jobs_cleanup")
    assert "1 lavori interrotti" in capsys.readouterr().out
    assert Job.objects.get().state == JobState.FAILED


@pytest.mark.django_db
def test_an_input_in_object_storage_is_read_through_a_private_copy(org):
    storage = ObjectStorage()
    name = storage.save("jobs/1/x.csv", ContentFile(b"codice_fiscale\n"))
    job = make_job(organization=org)
    job.input_file.storage = storage
    job.input_file.name = name
    with jobs.local_path(job.input_file) as path:
        assert path.read_bytes() == b"codice_fiscale\n"
    assert not path.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_picking_the_same_job_run_it_once(org):
    # given one queued job and two workers that take it at the same moment
    job = make_job(organization=org)
    barrier = threading.Barrier(2)
    turns: contextlib.AbstractContextManager[Any] = (
        threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()
    )
    claims: list[JobRun | None] = []

    def worker() -> None:
        try:
            barrier.wait()
            with turns:
                claims.append(jobs.job_start(job_id=job.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly one holds it, as its first attempt
    held = [claim for claim in claims if claim is not None]
    assert len(claims) == 2
    assert [claim.attempt for claim in held] == [1]
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)


@pytest.mark.django_db
def test_a_new_job_cleans_up_its_organizations_expired_jobs(
    org, other_org, admin_user, settings, django_capture_on_commit_callbacks
):
    # given finished jobs older than the retention, here and in another organization
    long_ago = timezone.now() - dt.timedelta(hours=settings.COOPNET_JOB_RETENTION_HOURS + 1)
    old = make_job(org, state=JobState.SUCCEEDED, finished_at=long_ago)
    elsewhere = make_job(other_org, state=JobState.SUCCEEDED, finished_at=long_ago)
    # when the organization starts a new job (so `make run` needs no cron)
    new = create(org, admin_user, django_capture_on_commit_callbacks)
    # then its own old job is gone; the other organization's waits for the command
    assert set(Job.objects.values_list("pk", flat=True)) == {new.pk, elsewhere.pk}
    assert not Job.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_polling_a_job_in_its_lease_writes_nothing(org):
    # a worker's write transaction holds SQLite's lock: the poll must not wait for it
    job = make_job(
        org, state=JobState.RUNNING, lease_expires_at=timezone.now() + dt.timedelta(minutes=1)
    )
    with CaptureQueriesContext(connection) as queries:
        jobs.job_check_lease(job=job)
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
