"""Coordinator pages for the day: the board with conflicts, one visit and its actions, and the
optimising runs (progress, review, apply)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_date
from coopnet.core.decorators import org_view
from coopnet.core.forms import error_summary
from coopnet.core.views_jobs import job_or_404, retry_job
from coopnet.core.web import apply_errors, current_user, get_or_404

from . import selectors
from .conflicts import day_conflicts, day_context, visit_conflicts
from .forms import (
    AssignForm,
    CheckOutForm,
    CorrectionForm,
    GenerateForm,
    ReasonForm,
    ReviewForm,
    VisitEditForm,
)
from .models import RunStatus, ScheduleRun, Visit, VisitStatus
from .problem import moment
from .services import planning, visits
from .tasks import run_schedule
from .views import READ, WRITE, back, review_warning

ACTIVE = (VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS)  # visits whose conflicts still matter
REVIEW_PAGE = 200  # the oldest first: reviewing them brings up the next ones
TIMELINE_MARGIN = 30  # minutes shown before the first and after the last visit


def _day(request: HttpRequest) -> dt.date:
    return query_date(request, "date", default=timezone.localdate())


def _to_day(access: OrgAccess, day: dt.date) -> HttpResponse:
    url = reverse("care:day", kwargs={"org_slug": access.organization.slug})
    return redirect(f"{url}?date={day.isoformat()}")


def _messages(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- the day board --------------------------------------------------------------------------


@org_view(READ)
def day_board(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A day's visits by carer, with their conflicts, and the tools to fill and optimise it."""
    organization = access.organization
    day = _day(request)
    rows = list(selectors.day_visits(organization, day))
    carers = list(selectors.carers(organization))
    context_data = day_context(organization, day, rows, carers)
    conflicts = day_conflicts(context_data, rows)
    by_carer: dict[int, list[Visit]] = defaultdict(list)
    open_visits = []
    for visit in rows:
        visit.conflict = conflicts.get(visit.pk)  # type: ignore[attr-defined]
        if visit.carer_id is None:
            open_visits.append(visit)
        else:
            by_carer[visit.carer_id].append(visit)
    groups = [
        (carer, by_carer[carer.pk], context_data.carer_days[carer.pk])
        for carer in carers
        if carer.pk in by_carer or (carer.active and context_data.carer_days[carer.pk].available)
    ]
    context = {
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "groups": groups,
        "open_visits": open_visits,
        "conflict_count": sum(1 for c in conflicts.values() if c),
        "unavailable": [
            (c, context_data.carer_days[c.pk].blockers)
            for c in carers
            if c.active and not context_data.carer_days[c.pk].available
        ],
        "runs": list(selectors.runs(organization, day)[:5]),
        "generate": GenerateForm(initial={"start": day, "end": day}),
        "total": len(rows),
    }
    return render(request, "care/day.html", context)


@org_view(READ)
def route_sheet(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """One carer's visits of a day in order, with addresses and needs, to print on A4."""
    carer = get_or_404(selectors.carer_detail, access.organization, pk)
    day = _day(request)
    context = {"carer": carer, "day": day, "visits": list(selectors.own_visits(carer, day))}
    return render(request, "care/route_sheet.html", context)


@require_POST
@org_view(WRITE)
def generate(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return _to_day(access, timezone.localdate())
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        created = visits.visits_generate(
            actor=current_user(request), organization=access.organization, start=start, end=end
        )
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Visite create: %(n)s.") % {"n": created})
    return _to_day(access, start)


# --- one visit ------------------------------------------------------------------------------


@org_view(READ)
def visit_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    visit = get_or_404(selectors.visit_detail, organization, pk)
    start = (
        timezone.localtime(visit.planned_start).time()
        if visit.planned_start
        else visit.window_start
    )
    carers = selectors.carers(organization, active_only=True)
    conflicts = None
    if visit.carer is not None and visit.planned_start is not None and visit.status in ACTIVE:
        conflicts = visit_conflicts(visit, visit.carer, visit.planned_start)
    context = {
        "visit": visit,
        "conflicts": conflicts,
        "assign": AssignForm(initial={"carer": visit.carer_id, "start": start}, carers=carers),
        "edit": VisitEditForm(
            initial={
                "window_start": visit.window_start,
                "window_end": visit.window_end,
                "duration": visit.duration,
                "notes": visit.notes,
            }
        ),
        "reason": ReasonForm(),
        "review": ReviewForm(),
        "check_out": CheckOutForm(),
        "correction": CorrectionForm(
            initial={
                "checked_in_at": _local_time(visit.checked_in_at),
                "checked_out_at": _local_time(visit.checked_out_at),
            }
        ),
        "corrections": visit.corrections.select_related("actor"),
        "is_open": visit.status in VisitStatus.open(),
    }
    return render(request, "care/visit_detail.html", context)


def _local_time(moment: dt.datetime | None) -> dt.time | None:
    return timezone.localtime(moment).time().replace(second=0, microsecond=0) if moment else None


def _on_day(day: dt.date, value: dt.time | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, value)) if value is not None else None


def _visit_action(request: HttpRequest, access: OrgAccess, pk: int) -> Visit:
    return get_or_404(selectors.visit_detail, access.organization, pk)


def _back_to(access: OrgAccess, visit: Visit) -> HttpResponse:
    return back("visit", access, pk=visit.pk)


@require_POST
@org_view(WRITE)
def visit_assign(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    form = AssignForm(request.POST, carers=selectors.carers(access.organization, active_only=True))
    if not form.is_valid():
        messages.error(request, _("Scegli l'operatore e l'ora di inizio."))
        return _back_to(access, visit)
    try:
        warnings = visits.visit_assign(
            actor=current_user(request),
            visit=visit,
            carer=form.cleaned_data["carer"],
            planned_start=_on_day(visit.date, form.cleaned_data["start"]),  # type: ignore[arg-type]
        )
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Visita assegnata."))
        for warning in warnings:
            messages.warning(request, _("Attenzione: %(w)s.") % {"w": warning})
    return _back_to(access, visit)


@require_POST
@org_view(WRITE)
def visit_unassign(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    try:
        visits.visit_unassign(actor=current_user(request), visit=visit)
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Visita tolta all'operatore."))
    return _back_to(access, visit)


@require_POST
@org_view(WRITE)
def visit_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    form = VisitEditForm(request.POST)
    if form.is_valid():
        try:
            visits.visit_edit(
                actor=current_user(request), visit=visit, data=form.data_for_service()
            )
        except ValidationError as error:
            _messages(request, error)
        else:
            messages.success(request, _("Visita modificata."))
    else:
        messages.error(request, _("Controlla fascia oraria e durata."))
    return _back_to(access, visit)


def _with_reason(
    request: HttpRequest, access: OrgAccess, pk: int, action: Any, done: str
) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scrivi il motivo."))
        return _back_to(access, visit)
    try:
        action(actor=current_user(request), visit=visit, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, done)
    return _back_to(access, visit)


@require_POST
@org_view(WRITE)
def visit_cancel(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _with_reason(request, access, pk, visits.visit_cancel, _("Visita annullata."))


@require_POST
@org_view(WRITE)
def visit_missed(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _with_reason(
        request, access, pk, visits.visit_mark_missed, _("Visita segnata come non svolta.")
    )


@require_POST
@org_view(WRITE)
def visit_check_in(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    try:
        visit = visits.visit_check_in(actor=current_user(request), visit=visit)
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Arrivo registrato."))
        review_warning(request, visit)
    return _back_to(access, visit)


@require_POST
@org_view(WRITE)
def visit_check_out(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    form = CheckOutForm(request.POST)
    form.is_valid()
    try:
        visit = visits.visit_check_out(
            actor=current_user(request),
            visit=visit,
            notes=form.cleaned_data.get("notes", ""),
            tasks_done=form.cleaned_data.get("tasks_done", ""),
        )
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Uscita registrata: visita svolta."))
        review_warning(request, visit)
    return _back_to(access, visit)


@require_POST
@org_view(WRITE)
def visit_review(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Accept a flagged visit: its minutes count in the delivered hours from now on."""
    visit = _visit_action(request, access, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        visits.visit_review_accept(
            actor=current_user(request), visit=visit, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, _("Visita confermata: i suoi minuti ora contano nelle ore."))
    return _back_to(access, visit)


@org_view(READ)
def review_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Recorded visits whose minutes wait for a coordinator, oldest first."""
    rows = selectors.visits_to_review(access.organization)[:REVIEW_PAGE]
    return render(request, "care/review.html", {"visits": rows, "limit": REVIEW_PAGE})


@require_POST
@org_view(WRITE)
def visit_correct(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    visit = _visit_action(request, access, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scrivi il motivo della correzione."))
        return _back_to(access, visit)
    try:
        visits.visit_correct_times(
            actor=current_user(request),
            visit=visit,
            reason=form.cleaned_data["reason"],
            checked_in_at=_on_day(visit.date, form.cleaned_data["checked_in_at"]),
            checked_out_at=_on_day(visit.date, form.cleaned_data["checked_out_at"]),
        )
    except ValidationError as error:
        apply_errors(form, error)
        _messages(request, error)
    else:
        messages.success(request, _("Orari corretti."))
        if visit.by_volunteer:
            messages.warning(
                request, _("Correggi anche le ore nel registro dei volontari, se cambiano.")
            )
    return _back_to(access, visit)


# --- optimising runs ------------------------------------------------------------------------


@require_POST
@org_view(WRITE)
def schedule_start(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Queue a solve of the day (``replan=1`` after an absence) and show its progress."""
    day = _day(request)
    try:
        run = planning.run_create(
            actor=current_user(request),
            organization=access.organization,
            day=day,
            replan=request.POST.get("replan") == "1",
        )
    except ValidationError as error:
        _messages(request, error)
        return _to_day(access, day)
    return back("run", access, pk=run.pk)


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
    spans = [(s, e) for r in routes.values() for _t, s, e in r]
    first = min((s for s, _e in spans), default=8 * 60) - TIMELINE_MARGIN
    last = max((e for _s, e in spans), default=14 * 60) + TIMELINE_MARGIN
    width = max(60.0, last - first)
    timeline = []
    for carer_id, stops in sorted(routes.items(), key=lambda kv: str(carers.get(kv[0], ""))):
        rows = []
        for task_id, start, end in stops:
            visit = visit_rows.get(task_id)
            begins = moment(run.date, start)
            moved = visit is not None and visit.carer_id not in (None, int(carer_id))
            rows.append(
                {
                    "visit": visit,
                    "start": begins,
                    "end": moment(run.date, end),
                    "x": round((start - first) / width * 1000, 1),
                    "w": max(4.0, round((end - start) / width * 1000, 1)),
                    "moved": moved,
                    "retimed": not moved
                    and visit is not None
                    and visit.planned_start not in (None, begins),
                }
            )
        timeline.append({"carer": carers.get(carer_id), "rows": rows})
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
        ("non_preferred", _("Visite con operatore non preferito")),
        ("cost", _("Costo complessivo")),
    ]
    return [(label, before.get(key), after.get(key)) for key, label in labels]


@require_POST
@org_view(WRITE)
def run_apply(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    run = get_or_404(selectors.run_detail, access.organization, pk)
    try:
        report = planning.run_apply(actor=current_user(request), run=run)
    except ValidationError as error:
        _messages(request, error)
        return back("run", access, pk=pk)
    messages.success(
        request,
        _("Piano applicato: %(a)s visite assegnate, %(u)s tolte.")
        % {"a": report.assigned, "u": report.unassigned},
    )
    if report.skipped:
        messages.warning(
            request,
            _("%(n)s visite cambiate nel frattempo non sono state toccate.")
            % {"n": report.skipped},
        )
    return _to_day(access, run.date)
