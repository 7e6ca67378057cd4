"""The community's files uploaded from the office page as background jobs: checked without
storing, confirmed, errors listed with file, line and reason, a refused file stores nothing,
a dead worker's import is retried, a crash leaves nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.core import jobs as core_jobs
from coopnet.core.models import Job, JobState
from coopnet.energy import services, tasks
from coopnet.energy.models import Configuration, Reading

from .conftest import CONFIGURATIONS, METER_HEADER, PLANT, meter_lines

pytestmark = pytest.mark.django_db


def upload(client, org, kind, path):
    with path.open("rb") as handle:
        return client.post(
            reverse("energy:import", args=[org.slug]), {"file": kind, "upload": handle}
        )


def job_of(response) -> Job:
    return Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.fixture
def checked(client, registered, admin_user, write, media):
    """A day of good readings uploaded and checked, waiting for the confirmation."""
    client.force_login(admin_user)
    path = write("letture.csv", METER_HEADER + "\n".join(meter_lines()) + "\n")
    return job_of(upload(client, registered, "meters", path))


def test_a_register_file_is_checked_then_imported_on_confirmation(
    client, community, admin_user, write, media, django_capture_on_commit_callbacks
):
    # given an administrator uploading the configurations
    client.force_login(admin_user)
    path = write("configurazioni.csv", CONFIGURATIONS, bom=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, community, "configurations", path)
    # then the check ran at once and stored nothing
    check = job_of(response)
    page = client.get(response["Location"])
    assert (check.state, check.params) == (
        JobState.SUCCEEDED,
        {"file": "configurations", "dry_run": True},
    )
    assert 'data-testid="confirm-import"' in page.text
    assert check.result["counts"]["configurazioni"]["created"] == 1
    assert not Configuration.objects.for_org(community).exists()
    # when they confirm
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(reverse("energy:import_confirm", args=[community.slug, check.pk]))
    # then the configuration is stored and the page says so
    job = job_of(confirmed)
    assert job.pk != check.pk
    assert (job.state, job.result["saved"]) == (JobState.SUCCEEDED, True)
    assert Configuration.objects.for_org(community).get().code == "CP-NORD"
    assert "Importazione completata" in client.get(confirmed["Location"]).text


def test_a_refused_file_lists_file_line_and_reason_and_stores_nothing(
    client, registered, admin_user, write, media, django_capture_on_commit_callbacks
):
    # given readings with a negative value on line 3 and an unknown POD on line 4
    client.force_login(admin_user)
    lines = meter_lines()
    lines[1] = lines[1].rsplit(";", 1)[0] + ";-1"
    lines[2] = "IT009E99999999" + lines[2][len(PLANT) :]
    path = write("letture.csv", METER_HEADER + "\n".join(lines) + "\n")
    with django_capture_on_commit_callbacks(execute=True):
        check = job_of(upload(client, registered, "meters", path))
    page = client.get(reverse("energy:import_status", args=[registered.slug, check.pk]))
    # then the page lists both, with the file and the line, and offers no confirmation
    assert [(e["file"], e["line"]) for e in check.result["errors"]] == [
        ("letture.csv", 3),
        ("letture.csv", 4),
    ]
    assert "IT009E99999999 non è un" in page.text
    assert 'data-testid="import-errors"' in page.text
    assert 'data-testid="confirm-import"' not in page.text
    # and confirming anyway is refused, nothing stored
    refused = client.post(
        reverse("energy:import_confirm", args=[registered.slug, check.pk]), follow=True
    )
    assert "solo un file controllato e senza errori" in refused.text
    assert not Reading.objects.exists()


def test_a_large_file_is_checked_in_the_background_with_progress(
    client, registered, admin_user, write, media, monkeypatch, django_capture_on_commit_callbacks
):
    # given a file above the size checked while the page waits
    monkeypatch.setattr(services.jobs, "IMMEDIATE_BYTES", 10)
    client.force_login(admin_user)
    path = write("letture.csv", METER_HEADER + "\n".join(meter_lines()) + "\n")
    with django_capture_on_commit_callbacks(execute=False):
        check = job_of(upload(client, registered, "meters", path))
    # then the page shows it queued and polls
    url = reverse("energy:import_status", args=[registered.slug, check.pk])
    page = client.get(url)
    assert check.state == JobState.QUEUED
    assert 'data-testid="job-progress"' in page.text
    assert 'hx-trigger="every 2s"' in page.text
    # when the worker runs it, the poll shows the report
    tasks.run_import.call(check.pk)
    polled = client.get(url, headers={"HX-Request": "true"})
    assert 'data-testid="confirm-import"' in polled.text
    assert "<html" not in polled.text


def test_an_import_whose_worker_died_is_failed_and_can_be_retried(
    client, registered, checked, django_capture_on_commit_callbacks
):
    # given a confirmed import that a worker claimed and then died on
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("energy:import_confirm", args=[registered.slug, checked.pk]))
    job = Job.objects.exclude(pk=checked.pk).get()
    assert core_jobs.job_start(job_id=job.pk) is not None
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    # when the office opens its page, it is failed and offers a retry
    page = client.get(reverse("energy:import_status", args=[registered.slug, job.pk]))
    assert 'data-testid="retry-job"' in page.text
    # and the retry imports the readings
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("energy:import_retry", args=[registered.slug, job.pk]))
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert Reading.objects.for_org(registered).count() == 3 * 23


def test_an_import_that_crashes_midway_leaves_nothing_half_written(
    client, registered, checked, monkeypatch, django_capture_on_commit_callbacks
):
    # given a worker that crashes after the readings were written, before the commit
    real = services.imports._audit

    def write_then_crash(*args):
        real(*args)
        assert Reading.objects.count() == 3 * 23  # written, not committed
        raise MemoryError("the worker ran out of memory")

    monkeypatch.setattr(services.imports, "_audit", write_then_crash)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("energy:import_confirm", args=[registered.slug, checked.pk]))
    # then the job failed, saying so, and nothing is stored
    page = client.get(response["Location"])
    assert "errore inatteso e non ha salvato nulla" in page.text
    assert not Reading.objects.exists()


def test_the_task_is_idempotent_and_the_same_file_twice_changes_nothing(
    client, registered, checked, admin_user, write, django_capture_on_commit_callbacks
):
    tasks.run_import.call(checked.pk)
    checked.refresh_from_db()
    assert (checked.state, checked.attempts) == (JobState.SUCCEEDED, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_confirm(actor=admin_user, check=checked)
    # when the same file is uploaded again
    path = write("letture.csv", METER_HEADER + "\n".join(meter_lines()) + "\n")
    again = job_of(upload(client, registered, "meters", path))
    # then every hour is unchanged
    assert again.result["counts"]["letture orarie"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 3 * 23,
    }


def test_a_coordinator_cannot_upload(client, registered, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("energy:import", args=[registered.slug])).status_code == 404
