"""Background tasks of the governance app (run by `manage.py db_worker`); arguments are ids.
Each runs a service: the writes live in ``services``."""

from __future__ import annotations

from django_tasks import task

from coopnet.core.jobs import JobOutcome, JobRun, run_job

from .services import minutes_archive, notices_send


@task()
def send_meeting_notices(meeting_id: int, base_url: str = "") -> dict[str, int]:
    """Send the notice of convocation to everyone on the roll (idempotent: nobody gets it
    twice, see ``services.notices_send``)."""
    return notices_send(meeting_id=meeting_id, base_url=base_url)


def _minutes(run: JobRun) -> JobOutcome:
    meeting = minutes_archive(meeting_id=run.job.params["meeting_id"])
    return JobOutcome(result={"sha256": meeting.minutes_sha256})


@task()
def archive_minutes(job_id: int) -> None:
    """Render and archive a closed meeting's minutes (a core Job: leased, retried from the
    meeting page); idempotent, archived minutes are never rendered again."""
    run_job(job_id, _minutes)
