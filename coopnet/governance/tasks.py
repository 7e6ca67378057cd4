"""Background tasks of the governance app (run by `manage.py db_worker`); arguments are ids."""

from __future__ import annotations

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from coopnet.core.jobs import JobOutcome, JobRun, run_job

from . import notices, selectors
from .models import (
    Meeting,
    MeetingStatus,
    NoticeChannelKind,
    NoticeDelivery,
    NoticeStatus,
    Participant,
)
from .services import minutes_archive


def _planned(meeting: Meeting) -> list[NoticeDelivery]:
    """One delivery per member and channel: e-mail and PEC when known, else a note."""
    rows = []
    roll = Participant.objects.filter(meeting=meeting, on_roll=True).select_related(
        "membership__person"
    )
    for participant in roll:
        person = participant.membership.person
        found = [(NoticeChannelKind.EMAIL, person.email), (NoticeChannelKind.PEC, person.pec)]
        addresses = [(channel, address) for channel, address in found if address]
        for channel, address in addresses or [(NoticeChannelKind.NONE, "")]:
            rows.append(
                NoticeDelivery(
                    organization_id=meeting.organization_id,
                    meeting=meeting,
                    participant=participant,
                    channel=channel,
                    address=address,
                    status=NoticeStatus.PENDING if address else NoticeStatus.NO_ADDRESS,
                )
            )
    return rows


@task()
def send_meeting_notices(meeting_id: int, base_url: str = "") -> dict[str, int]:
    """Send the notice to everyone on the roll, by e-mail and PEC, with the ICS file.

    Idempotent: each member and channel has one delivery row, claimed before sending, so a
    second run (or two workers at once) never sends the same notice twice.
    """
    meeting = Meeting.objects.select_related("organization").get(pk=meeting_id)
    if meeting.status not in {MeetingStatus.CONVENED, MeetingStatus.IN_SESSION}:
        return {"sent": 0, "failed": 0}
    NoticeDelivery.objects.bulk_create(_planned(meeting), ignore_conflicts=True, batch_size=500)
    items = selectors.agenda(meeting)
    ics = notices.calendar_file(meeting, items)
    todo = NoticeDelivery.objects.filter(
        meeting=meeting, status__in=[NoticeStatus.PENDING, NoticeStatus.FAILED]
    ).select_related("participant")
    sent = failed = 0
    with get_connection() as connection:
        for delivery in todo:
            claimed = NoticeDelivery.objects.filter(
                pk=delivery.pk, status__in=[NoticeStatus.PENDING, NoticeStatus.FAILED]
            ).update(status=NoticeStatus.SENT, sent_at=timezone.now(), error="")
            if not claimed:
                continue
            email = notices.message(
                meeting,
                items,
                name=delivery.participant.name,
                address=delivery.address,
                ics=ics,
                base_url=base_url,
            )
            email.connection = connection
            try:
                email.send()
            except Exception as error:
                NoticeDelivery.objects.filter(pk=delivery.pk).update(
                    status=NoticeStatus.FAILED, sent_at=None, error=str(error)[:500]
                )
                failed += 1
            else:
                sent += 1
    return {"sent": sent, "failed": failed}


def _minutes(run: JobRun) -> JobOutcome:
    meeting = minutes_archive(meeting_id=run.job.params["meeting_id"])
    return JobOutcome(result={"sha256": meeting.minutes_sha256})


@task()
def archive_minutes(job_id: int) -> None:
    """Render and archive a closed meeting's minutes (a core Job: leased, retried from the
    meeting page); idempotent, archived minutes are never rendered again."""
    run_job(job_id, _minutes)
