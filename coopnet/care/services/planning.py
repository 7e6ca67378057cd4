"""Solver runs in the app: queue a day, solve it in the background, apply the reviewed proposal.

Re-planning (after an absence) first keeps everyone else's visits with their carer and at
their time, and frees them only if that would leave visits out (see ``_solve``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.jobs import JobOutcome, JobRun, job_create
from coopnet.core.models import Organization, User
from coopnet.scheduling import (
    Problem,
    Solution,
    Task,
    TimeWindow,
    check,
    solve,
)

from .. import tasks
from ..eligibility import carer_days
from ..models import (
    Carer,
    RunStatus,
    ScheduleRun,
    Visit,
    VisitStatus,
)
from ..objective import measure, place_lunches
from ..problem import (
    DayProblem,
    build_problem,
    current_solution,
    moment,
    planned_minutes,
)
from ..selectors import scheduling_settings

PROGRESS_EVERY_SECONDS = 1.0


def _snapshot(visit: Visit) -> list[Any]:
    start = visit.planned_start.isoformat() if visit.planned_start else None
    return [visit.status, visit.carer_id, start]


# --- runs -----------------------------------------------------------------------------------


SCHEDULE = "care.schedule"


@transaction.atomic
def run_create(
    *, actor: User | None, organization: Organization, day: dt.date, replan: bool = False
) -> ScheduleRun:
    """Queue an optimisation of ``day`` as a background job (solved after the commit)."""
    if not Visit.objects.filter(
        organization=organization, date=day, status__in=VisitStatus.open()
    ).exists():
        raise ValidationError({"date": _("In questo giorno non ci sono visite da pianificare.")})
    settings = scheduling_settings(organization)
    job = job_create(
        actor=actor,
        organization=organization,
        kind=SCHEDULE,
        task=tasks.run_schedule,
        params={"date": day.isoformat(), "replan": replan},
    )
    run = ScheduleRun.objects.create(
        organization=organization,
        date=day,
        replan=replan,
        job=job,
        time_limit=settings.time_limit_seconds,
        created_by=actor,
    )
    log_action(
        actor=actor,
        organization=organization,
        action="care.schedule.create",
        obj=run,
        after={"date": day.isoformat(), "replan": replan, "time_limit": run.time_limit},
    )
    return run


def _progress_writer(job_run: JobRun) -> Callable[[float], None]:
    """The solver's progress (a fraction) as the job's percent, at most once a second; each
    report renews the job's lease (and stops a solve whose job was lost)."""
    last = [0.0, -1]

    def write(fraction: float) -> None:
        percent = min(99, int(fraction * 100))
        now = time.monotonic()
        if percent != last[1] and (now - last[0] >= PROGRESS_EVERY_SECONDS or percent >= 99):
            job_run.progress(percent, 100)
            last[0], last[1] = now, percent

    return write


def pinned(problem: Problem, starts: dict[str, int]) -> Problem:
    """The problem with every visit that has an available carer kept with that carer and, when
    it has a planned start, at that minute (it may not start earlier; later costs tardiness)."""
    carer_ids = frozenset(c.id for c in problem.carers)

    def keep(task: Task) -> Task:
        start = starts.get(task.id)
        windows = task.windows if start is None else (TimeWindow(start, start + task.duration),)
        return replace(task, forbidden=carer_ids - {problem.previous[task.id]}, windows=windows)

    tasks = tuple(
        keep(task) if problem.previous.get(task.id) in carer_ids else task for task in problem.tasks
    )
    return replace(problem, tasks=tasks)


def _solve(
    day_problem: DayProblem, *, seconds: int, replan: bool, write: Callable[[float], None]
) -> Solution:
    """Solve; a re-plan first keeps everyone's visits with their carer and at their time,
    moving only the absent carers' ones, and frees the others only if that leaves visits
    out."""
    problem = day_problem.problem
    if not replan:
        return solve(problem, seconds=seconds, progress=write)
    half = max(1.0, seconds / 2)
    kept = solve(
        pinned(problem, planned_minutes(day_problem)),
        seconds=half,
        progress=lambda f: write(f / 2),
    )
    if not kept.unassigned:
        return kept
    free = solve(problem, seconds=half, progress=lambda f: write(0.5 + f / 2))
    return free if len(free.unassigned) < len(kept.unassigned) else kept


def run_solve(job_run: JobRun) -> JobOutcome:
    """The work of a schedule job: solve its run's day and store the proposal on the run. The
    store ends with a progress report, so a job lost meanwhile keeps nothing."""
    run = ScheduleRun.objects.select_related("organization").get(job=job_run.job)
    day_problem = build_problem(run.organization, run.date, replan=run.replan)
    problem = day_problem.problem
    current = current_solution(day_problem)
    place_lunches(problem, current)
    solution = _solve(
        day_problem, seconds=run.time_limit, replan=run.replan, write=_progress_writer(job_run)
    )
    left = len(day_problem.left_out)
    lunches = {**day_problem.fixed_lunches, **solution.lunches}
    unassigned = {**solution.unassigned, **day_problem.left_out}
    result = {
        "routes": {
            carer_id: [[v.task_id, v.start, v.end] for v in visits]
            for carer_id, visits in solution.routes.items()
            if visits
        },
        "unassigned": unassigned,
        "lunches": {
            carer_id: [lunch.start, lunch.end]
            for carer_id, lunch in lunches.items()
            if solution.routes.get(carer_id)
        },
        "carers_left_out": day_problem.carers_left_out,
        "snapshot": {
            str(v.pk): _snapshot(v)
            for v in [*day_problem.visits.values(), *_left_out_visits(day_problem)]
        },
        "solver": solution.solver,
        "travel_note": day_problem.travel_note,
        "problems": check(problem, solution).errors[:20],
    }
    with transaction.atomic():
        ScheduleRun.objects.filter(pk=run.pk).update(
            result=result,
            totals_before=measure(problem, current, left),
            totals_after=measure(problem, solution, left),
        )
        job_run.progress(100, 100)
    return JobOutcome(result={"run": run.pk, "unassigned": len(unassigned)})


def _left_out_visits(day_problem: DayProblem) -> list[Visit]:
    ids = [int(i) for i in day_problem.left_out]
    return list(Visit.objects.filter(pk__in=ids)) if ids else []


@dataclass(frozen=True)
class ApplyReport:
    assigned: int
    unassigned: int
    skipped: int


@transaction.atomic
def run_apply(*, actor: User | None, run: ScheduleRun) -> ApplyReport:
    """Write a reviewed proposal to the visits: carers and start times, atomically. Visits
    changed since the run (started, moved by hand) and carers no longer available are
    skipped, never overwritten."""
    run = (
        ScheduleRun.objects.select_for_update(of=("self",))
        .select_related("organization", "job")
        .get(pk=run.pk)
    )
    if run.status == RunStatus.APPLIED:
        raise ValidationError(_("Questo piano è già stato applicato."))
    if run.status != RunStatus.DONE or not run.result:
        raise ValidationError(_("Il calcolo non è ancora pronto."))
    result = run.result
    placed = {
        task_id: (carer_id, start)
        for carer_id, visits in result["routes"].items()
        for task_id, start, _end in visits
    }
    snapshot = result["snapshot"]
    visits = {
        str(v.pk): v
        for v in Visit.objects.select_for_update()
        .filter(organization=run.organization, pk__in=[int(i) for i in snapshot])
        .select_related("organization")
    }
    carers = {c.pk: c for c in Carer.objects.filter(organization=run.organization, active=True)}
    available = {
        pk
        for pk, d in carer_days(run.organization, run.date, carers.values()).items()
        if d.available
    }
    changed, assigned, unassigned, skipped = [], 0, 0, 0
    for visit_id, then in snapshot.items():
        visit = visits.get(visit_id)
        if visit is None or _snapshot(visit) != then:
            skipped += 1
            continue
        before = _snapshot(visit)
        if visit_id in placed:
            carer_id, start = placed[visit_id]
            if int(carer_id) not in available:
                skipped += 1
                continue
            visit.carer_id, visit.planned_start = int(carer_id), moment(run.date, start)
            visit.status = VisitStatus.SCHEDULED
            assigned += 1
        elif visit.carer_id is not None:
            visit.carer_id, visit.planned_start = None, None
            visit.status = VisitStatus.PLANNED
            unassigned += 1
        else:
            continue
        if _snapshot(visit) != before:
            visit.updated_at = timezone.now()
            changed.append((visit, before))
    Visit.objects.bulk_update(
        [v for v, _b in changed], ["carer", "planned_start", "status", "updated_at"]
    )
    for visit, before in changed:
        log_action(
            actor=actor,
            organization=run.organization,
            action="care.visit.schedule",
            obj=visit,
            before=dict(zip(("status", "carer", "planned_start"), before, strict=True)),
            after=dict(zip(("status", "carer", "planned_start"), _snapshot(visit), strict=True)),
        )
    run.applied_at = timezone.now()
    run.save(update_fields=["applied_at"])
    report = ApplyReport(assigned=assigned, unassigned=unassigned, skipped=skipped)
    log_action(
        actor=actor,
        action="care.schedule.apply",
        obj=run,
        after={"assigned": assigned, "unassigned": unassigned, "skipped": skipped},
    )
    return report
