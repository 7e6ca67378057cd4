"""Background tasks of the care services app (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .services import planning


@task()
def run_schedule(run_id: int) -> None:
    """Solve one queued ``ScheduleRun``; idempotent (a started or finished run is left alone)."""
    planning.run_execute(run_id)
