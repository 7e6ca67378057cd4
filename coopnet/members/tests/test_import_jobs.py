"""The import as a background job: a dead worker's import fails and is retried, a failed import
leaves nothing half-written, the uploaded file (names, codici fiscali) does not stay on disk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coopnet.core import jobs as core_jobs
from coopnet.core.models import Job, JobState
from coopnet.members import services, tasks
from coopnet.members.models import Membership, Person

from .test_import import GOOD_ROWS, counts, upload, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(client, org, admin_user, tmp_path, media):
    """A good file uploaded and checked, waiting for the confirmation."""
    client.force_login(admin_user)
    response = upload(client, org, write_csv(tmp_path / "soci.csv", GOOD_ROWS[:3]))
    return Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


def stored_uploads(media, org) -> list:
    return sorted((media / "jobs" / str(org.pk)).glob("*.csv"))


def test_an_import_whose_worker_died_is_failed_and_can_be_retried(
    client, org, checked, media, django_capture_on_commit_callbacks
):
    # given a confirmed import that a worker claimed and then died on (killed, no heartbeat)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/o/{org.slug}/members/import/{checked.pk}/confirm/")
    job = Job.objects.exclude(pk=checked.pk).get()
    assert core_jobs.job_start(job_id=job.pk) is not None
    status_url = f"/o/{org.slug}/members/import/{job.pk}/"
    assert 'hx-trigger="every 2s"' in client.get(status_url).text
    # when its lease lapses, the polling page shows it failed, why, and a retry button
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.get(status_url, headers={"HX-Request": "true"})
    assert "every 2s" not in page.text
    assert "ha smesso di rispondere" in page.text
    assert 'data-testid="retry-job"' in page.text
    assert Membership.objects.count() == 0
    assert len(stored_uploads(media, org)) == 1  # kept for the retry
    # when the administrator retries, the same file is imported
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url + "retry/")
    assert response["Location"] == status_url
    assert "Importazione completata" in client.get(status_url).text
    assert Membership.objects.filter(organization=org).count() == 3
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert stored_uploads(media, org) == []


def test_a_running_import_cannot_be_retried(
    client, org, checked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/o/{org.slug}/members/import/{checked.pk}/confirm/")
    job = Job.objects.exclude(pk=checked.pk).get()
    core_jobs.job_start(job_id=job.pk)
    page = client.post(f"/o/{org.slug}/members/import/{job.pk}/retry/", follow=True)
    assert "ancora in corso" in page.text
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)


def test_an_import_that_crashes_midway_leaves_nothing_half_written(
    client, org, checked, media, monkeypatch, django_capture_on_commit_callbacks
):
    # given a worker that crashes after the new members were written, before the commit
    real = services.register_bulk_import

    def write_then_crash(**kwargs):
        real(**kwargs)
        assert Person.objects.filter(organization=org).count() == 3  # written, not committed
        raise MemoryError("the worker ran out of memory")

    monkeypatch.setattr(services.register_import, "register_bulk_import", write_then_crash)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/o/{org.slug}/members/import/{checked.pk}/confirm/")
    # then the job failed, saying so, and the register is as it was
    page = client.get(response["Location"])
    assert "errore inatteso e non ha salvato nulla" in page.text
    job = Job.objects.exclude(pk=checked.pk).get()
    assert job.state == JobState.FAILED
    assert counts() == {**before, "audit": before["audit"] + 1}  # only the job's creation


def test_an_import_whose_lease_was_lost_while_writing_is_rolled_back(
    org, checked, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    # given a worker so slow that, while it writes, its job was failed by a polling page: its
    # next progress report inside the import transaction finds the job no longer its own
    real = services.register_bulk_import

    def write_then_lose_the_lease(**kwargs):
        real(**kwargs)
        raise core_jobs.JobLostError

    monkeypatch.setattr(services.register_import, "register_bulk_import", write_then_lose_the_lease)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_confirm(actor=admin_user, check=checked)
    # then its writes are undone and it does not claim success
    job.refresh_from_db()
    assert job.state != JobState.SUCCEEDED
    assert Person.objects.filter(organization=org).count() == 0


def test_an_upload_is_deleted_after_the_retention_and_must_be_uploaded_again(
    client, org, checked, media, settings, django_capture_on_commit_callbacks
):
    assert len(stored_uploads(media, org)) == 1
    # when the retention has passed without a confirmation
    later = timezone.now() + dt.timedelta(hours=settings.COOPNET_UPLOAD_RETENTION_HOURS, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        core_jobs.jobs_cleanup(now=later)
    # then the file (names, codici fiscali) is gone and confirming asks for it again
    assert stored_uploads(media, org) == []
    page = client.post(f"/o/{org.slug}/members/import/{checked.pk}/confirm/", follow=True)
    assert "caricalo di nuovo" in page.text
    assert Membership.objects.count() == 0


def test_the_task_is_idempotent(org, checked):
    tasks.run_import.call(checked.pk)
    checked.refresh_from_db()
    assert (checked.state, checked.attempts) == (JobState.SUCCEEDED, 1)


def test_a_failed_import_whose_file_is_gone_asks_for_it_instead_of_a_retry(
    client, org, checked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/o/{org.slug}/members/import/{checked.pk}/confirm/")
    job = Job.objects.exclude(pk=checked.pk).get()
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, input_file="")
    page = client.get(f"/o/{org.slug}/members/import/{job.pk}/")
    assert "per riprovare caricalo di nuovo" in page.text
    assert 'data-testid="retry-job"' not in page.text
