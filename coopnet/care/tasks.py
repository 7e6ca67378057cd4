"""Background tasks of the care services app (run by `manage.py db_worker`); each runs one
core Job."""

from __future__ import annotations

from django_tasks import task

from coopnet.core.jobs import run_job

from .services import planning  # which queues this task: used only when it runs


@task()
def run_schedule(job_id: int) -> None:
    """Solve the day of a schedule job's run; idempotent (a started or finished job is left
    alone, and a retried one solves again from the visits as they are now)."""
    run_job(job_id, planning.run_solve)
