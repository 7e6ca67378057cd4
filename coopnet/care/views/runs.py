"""The optimising runs of a day: start one, its progress, its review, apply or retry it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import attempt, current_user, get_or_404, job_or_404, retry_job

from .. import selectors
from ..models import RunStatus, ScheduleRun
from ..objective import component_rows
from ..problem import moment
from ..services import planning
from ..tasks import run_schedule
from ._common import READ, WRITE, back
from .day import query_day, to_day

TIMELINE_MARGIN = 30  # minutes shown before the first and after the last visit


@require_POST
@org_view(WRITE)
def schedule_start(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Queue a solve of the day (``replan=1`` after an absence) and show its progress."""
    day = query_day(request)
    run = attempt(
        request,
        lambda: planning.run_create(
            actor=current_user(request),
            organization=access.organization,
            day=day,
            replan=request.POST.get("replan") == "1",
        ),
        None,  # the run's page shows its progress
    )
    return back("run", access, pk=run.pk) if run else to_day(access, day)


def _run(access: OrgAccess, pk: int) -> ScheduleRun:
    """The organization's run (else 404) with its job as stored now: a job whose worker died is
    failed here, when the page polls."""
    run: ScheduleRun = get_or_404(selectors.run_detail, access.organization, pk)
    if run.job_id is not None:
        run.job = job_or_404(access, planning.SCHEDULE, run.job_id)
    return run


@org_view(READ)
def run_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Progress while the solver works (htmx polls every second), then the review, or why
    the solve stopped and «Riprova»."""
    run = _run(access, pk)
    working = run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    if request.htmx:  # type: ignore[attr-defined]
        if working:
            return render(request, "care/_run_progress.html", {"run": run})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context: dict[str, Any] = {
        "run": run,
        "working": working,
        "job": run.job,
        "retry_url": reverse("care:run_retry", args=[access.organization.slug, pk]),
    }
    if run.result and run.status in (RunStatus.DONE, RunStatus.APPLIED):
        context.update(_review(access, run))
    return render(request, "care/run.html", context)


@require_POST
@org_view(WRITE)
def run_retry(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Solve an interrupted run again, from the visits as they are now."""
    run = _run(access, pk)
    if run.job is None:
        raise Http404
    retry_job(request, run.job, run_schedule)
    return back("run", access, pk=pk)


def _review(access: OrgAccess, run: ScheduleRun) -> dict[str, Any]:
    result = run.result or {}
    ids = [int(i) for i in result.get("snapshot", {})]
    visit_rows = {
        str(v.pk): v for v in selectors.day_visits(access.organization, run.date).filter(pk__in=ids)
    }
    carers = {str(c.pk): c for c in selectors.carers(access.organization)}
    routes = result.get("routes", {})
    lunches = result.get("lunches", {})
    spans = [(s, e) for r in routes.values() for _t, s, e in r] + list(lunches.values())
    first = min((s for s, _e in spans), default=8 * 60) - TIMELINE_MARGIN
    last = max((e for _s, e in spans), default=14 * 60) + TIMELINE_MARGIN
    width = max(60.0, last - first)

    def placed(start: float, end: float) -> dict[str, Any]:
        return {
            "start": moment(run.date, start),
            "end": moment(run.date, end),
            "x": round((start - first) / width * 1000, 1),
            "w": max(4.0, round((end - start) / width * 1000, 1)),
        }

    timeline = []
    for carer_id, stops in sorted(routes.items(), key=lambda kv: str(carers.get(kv[0], ""))):
        rows = []
        for task_id, start, end in stops:
            visit = visit_rows.get(task_id)
            begins = moment(run.date, start)
            moved = visit is not None and visit.carer_id not in (None, int(carer_id))
            rows.append(
                {
                    **placed(start, end),
                    "visit": visit,
                    "moved": moved,
                    "retimed": not moved
                    and visit is not None
                    and visit.planned_start not in (None, begins),
                }
            )
        lunch = lunches.get(carer_id)
        timeline.append(
            {
                "carer": carers.get(carer_id),
                "rows": rows,
                "lunch": placed(*lunch) if lunch else None,
            }
        )
    hours = list(range(int(first // 60) + 1, int(last // 60) + 1))
    ticks = [{"x": round((h * 60 - first) / width * 1000, 1), "label": f"{h:02d}"} for h in hours]
    return {
        "timeline": timeline,
        "ticks": ticks,
        "unassigned": [
            (visit_rows.get(i), reason) for i, reason in result.get("unassigned", {}).items()
        ],
        "carers_left_out": [
            (carers.get(i), reason) for i, reason in result.get("carers_left_out", {}).items()
        ],
        "totals": _totals(run),
        "components": component_rows(
            run.totals_before, run.totals_after, {i: str(c.person) for i, c in carers.items()}
        ),
    }


def _totals(run: ScheduleRun) -> list[tuple[str, Any, Any]]:
    before, after = run.totals_before or {}, run.totals_after or {}
    labels = [
        ("assigned", _("Visite assegnate")),
        ("unassigned", _("Visite non assegnate")),
        ("travel", _("Minuti di viaggio")),
        ("total_tardiness", _("Minuti di ritardo in totale")),
        ("highest_tardiness", _("Ritardo più alto (minuti)")),
        ("lost_continuity", _("Visite cambiate di operatore")),
        ("cost", _("Costo complessivo")),
    ]
    return [(label, before.get(key), after.get(key)) for key, label in labels]


@require_POST
@org_view(WRITE)
def run_apply(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    run = get_or_404(selectors.run_detail, access.organization, pk)
    report = attempt(
        request,
        lambda: planning.run_apply(actor=current_user(request), run=run),
        lambda report: (
            _("Piano applicato: %(a)s visite assegnate, %(u)s tolte.")
            % {"a": report.assigned, "u": report.unassigned}
        ),
    )
    if report is None:
        return back("run", access, pk=pk)
    if report.skipped:
        messages.warning(
            request,
            _("%(n)s visite cambiate nel frattempo non sono state toccate.")
            % {"n": report.skipped},
        )
    return to_day(access, run.date)
