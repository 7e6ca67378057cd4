"""Closing a meeting and its minutes: rendered as PDF by WeasyPrint, archived with their
SHA-256, generated once; page 1 turned into an image must not be blank."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coopnet.core import jobs as core_jobs
from coopnet.core.models import Job, JobState
from coopnet.core.tests.pdf import ink, page_one_png
from coopnet.governance import services, tasks
from coopnet.governance.models import MINUTES_JOB, Meeting, MeetingStatus

from .factories import (
    close_by_hands,
    first_item,
    in_session,
    members,
    numbers,
    participant,
    present,
)


@pytest.fixture
def held(org):
    """An assembly in session: three present, one represented, one point voted and closed."""
    people = members(org, 4)
    meeting = in_session(org)
    present(meeting, *people[:3])
    services.proxy_grant(
        actor=None,
        grantor=participant(meeting, people[3]),
        delegate=participant(meeting, people[0]),
    )
    item = first_item(meeting)
    services.item_update(
        actor=None, item=item, data={"minutes_text": "Il tesoriere illustra il bilancio."}
    )
    ballot = services.ballot_open(actor=None, item=item, secret=False)
    close_by_hands(ballot, against=numbers(people[1]))
    return meeting


def test_the_minutes_pdf_renders_a_page_with_content(held):
    pdf = services.minutes_pdf(held)
    assert pdf.startswith(b"%PDF")
    page = page_one_png(pdf)
    # an A4 page at 50 dpi is about 413 x 585 pixels; text and tables ink a few thousand
    assert page.width > 400
    assert ink(page) > 3000
    assert ink(Image.new("L", page.size, 255)) == 0  # the measure itself can fail


def test_closing_archives_the_minutes_once_with_their_hash(
    held, django_capture_on_commit_callbacks
):
    # when the chair closes the meeting
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(actor=None, meeting=held)
    # then the minutes are archived with their SHA-256
    meeting = Meeting.objects.get(pk=held.pk)
    assert meeting.status == MeetingStatus.CLOSED
    with meeting.minutes_file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == meeting.minutes_sha256
    job = Job.objects.get(kind=MINUTES_JOB, params__meeting_id=held.pk)
    assert (job.state, job.result) == (JobState.SUCCEEDED, {"sha256": meeting.minutes_sha256})
    # and generating again changes nothing (the task is idempotent)
    tasks.archive_minutes.call(job.pk)
    services.minutes_archive(meeting_id=held.pk)
    assert Meeting.objects.get(pk=held.pk).minutes_file.name == meeting.minutes_file.name


def test_minutes_whose_worker_died_are_failed_on_the_page_and_retried(
    client, org, admin_user, held, django_capture_on_commit_callbacks
):
    # given a closed meeting whose minutes job a worker claimed, then died on
    with django_capture_on_commit_callbacks(execute=False):
        services.meeting_close(actor=None, meeting=held)
    job = Job.objects.get(kind=MINUTES_JOB, params__meeting_id=held.pk)
    assert core_jobs.job_start(job_id=job.pk) is not None
    client.force_login(admin_user)
    url = reverse("governance:detail", args=[org.slug, held.pk])
    assert 'hx-select="#minutes-job"' in client.get(url).text  # polled while it works
    # when its lease lapses, the meeting page says so and offers to retry
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.get(url)
    assert "ha smesso di rispondere" in page.text
    assert 'data-testid="retry-job"' in page.text
    # when the administrator retries, the minutes are archived
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:minutes_retry", args=[org.slug, held.pk]))
    assert 'data-testid="download-minutes"' in client.get(url).text
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)


def test_a_meeting_with_an_open_vote_cannot_close(org):
    members(org, 2)
    meeting = in_session(org)
    services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    with pytest.raises(ValidationError, match="votazioni ancora aperte"):
        services.meeting_close(actor=None, meeting=meeting)


def test_minutes_text_is_editable_until_closing(held, django_capture_on_commit_callbacks):
    item = first_item(held)
    services.item_update(actor=None, item=item, data={"minutes_text": "Testo corretto."})
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(actor=None, meeting=held)
    with pytest.raises(ValidationError, match="Chiusa"):
        services.item_update(actor=None, item=first_item(held), data={"minutes_text": "Altro"})
