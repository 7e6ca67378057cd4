"""A day of care as a ``scheduling.Problem``: the open visits become tasks, the carers who may
work that day become the scheduler's carers, with travel times between their places.

Reads only; ``services.planning`` runs the solver on it and applies the result.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings as django_settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.models import Organization
from coopnet.scheduling import Carer as SchedCarer
from coopnet.scheduling import (
    LunchSpec,
    Problem,
    Solution,
    Sync,
    Task,
    TimeWindow,
    Weights,
)
from coopnet.scheduling import Visit as SchedVisit
from coopnet.scheduling.travel import HaversineProvider, OsrmProvider, TravelTimeError

from .eligibility import carer_days
from .models import (
    CarePlanLineCarer,
    Carer,
    CarerPreference,
    DoubleVisitKind,
    SchedulingSettings,
    TransportMode,
    Visit,
    VisitStatus,
)
from .selectors import scheduling_settings

logger = logging.getLogger(__name__)

GENERIC_SKILL = "base"  # every carer has it: the skill of services needing no qualification
REPLAN_CONTINUITY_WEIGHT = 1000  # a moved visit weighs like 1,000 minutes of travel
PROVIDER_MODE = {
    TransportMode.CAR: "car",
    TransportMode.BIKE: "bike",
    TransportMode.WALK: "walk",
    TransportMode.PUBLIC: "public_transport",
}
OSRM_PROFILE = {"car": "driving", "bike": "cycling", "walk": "foot", "public_transport": "driving"}


def day_minutes(value: dt.time | dt.datetime) -> int:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.hour * 60 + value.minute


def moment(day: dt.date, minutes: float) -> dt.datetime:
    """The aware datetime ``minutes`` after the start of ``day`` (rounded up to a minute, which
    keeps consecutive visits in order)."""
    midnight = dt.datetime.combine(day, dt.time(0))
    return timezone.make_aware(midnight + dt.timedelta(minutes=math.ceil(minutes - 1e-6)))


def point(lat: Any, lon: Any) -> tuple[float, float]:
    return (float(lat), float(lon))


@dataclass
class DayProblem:
    """A day's problem and how its ids map back to visits and carers."""

    problem: Problem
    visits: dict[str, Visit]  # task id -> visit (the visits in the problem)
    carers: dict[str, Carer]  # carer id -> carer (the carers in the problem)
    left_out: dict[str, str] = field(default_factory=dict)  # visit id -> why not in problem
    carers_left_out: dict[str, str] = field(default_factory=dict)  # carer id -> why
    travel_note: str = ""


class Points:
    """Distinct places and their index in the travel matrix."""

    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []
        self._index: dict[tuple[float, float], int] = {}

    def index(self, point: tuple[float, float]) -> int:
        if point not in self._index:
            self._index[point] = len(self.points)
            self.points.append(point)
        return self._index[point]


def _open_visits(organization: Organization, day: dt.date) -> list[Visit]:
    return list(
        Visit.objects.filter(organization=organization, date=day, status__in=VisitStatus.open())
        .select_related("service_type", "beneficiary", "line", "carer")
        .order_by("pk")
    )


def _busy_today(organization: Organization, day: dt.date) -> dict[int, tuple[int, Visit]]:
    """Carers with visits started or given today: the minute they are free again, and where."""
    busy: dict[int, tuple[int, Visit]] = {}
    started = Visit.objects.filter(
        organization=organization,
        date=day,
        status__in=(VisitStatus.IN_PROGRESS, VisitStatus.DONE),
    ).select_related("beneficiary")
    for visit in started:
        assert visit.carer_id is not None
        assert visit.checked_in_at is not None
        end = visit.checked_out_at or visit.checked_in_at + dt.timedelta(minutes=visit.duration)
        free = day_minutes(end) if timezone.localtime(end).date() == day else 24 * 60
        if visit.carer_id not in busy or free > busy[visit.carer_id][0]:
            busy[visit.carer_id] = (free, visit)
    return busy


def _week_minutes(organization: Organization, day: dt.date) -> dict[int, int]:
    """Minutes each carer is planned for on the other days of ``day``'s week."""
    monday = day - dt.timedelta(days=day.isoweekday() - 1)
    rows = (
        Visit.objects.filter(
            organization=organization,
            date__gte=monday,
            date__lte=monday + dt.timedelta(days=6),
            carer__isnull=False,
            status__in=(VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS, VisitStatus.DONE),
        )
        .exclude(date=day)
        .values("carer_id")
        .annotate(total=Sum("duration"))
    )
    return {r["carer_id"]: r["total"] or 0 for r in rows}


def _previous_carers(visits: list[Visit], *, replan: bool) -> dict[str, str]:
    """Continuity: who has the visit now, or else who last gave the same line's visit."""
    previous = {str(v.pk): str(v.carer_id) for v in visits if v.carer_id is not None}
    if replan:
        return previous
    missing = [v for v in visits if v.carer_id is None]
    if not missing:
        return previous
    last: dict[tuple[int, int], int] = {}
    earlier = (
        Visit.objects.filter(
            line_id__in={v.line_id for v in missing},
            date__lt=missing[0].date,
            date__gte=missing[0].date - dt.timedelta(days=28),
            carer__isnull=False,
        )
        .exclude(status__in=(VisitStatus.CANCELLED, VisitStatus.MISSED))
        .order_by("date")
        .values_list("line_id", "slot", "carer_id")
    )
    for line_id, slot, carer_id in earlier:
        if carer_id is not None:
            last[(line_id, slot)] = carer_id
    for visit in missing:
        found = last.get((visit.line_id, visit.slot))
        if found is not None:
            previous[str(visit.pk)] = str(found)
    return previous


def travel_matrices(
    points: list[tuple[float, float]], modes: list[str]
) -> tuple[dict[str, list[list[float]]], str]:
    """One matrix per transport mode, from OSRM when it is set and answers; after its first
    failure the other modes are estimated from distances too, without waiting on it again."""
    osrm_url = getattr(django_settings, "COOPNET_OSRM_URL", "") if points else ""
    matrices: dict[str, list[list[float]]] = {}
    note = ""
    for mode in modes:
        if osrm_url and not note:
            try:
                matrices[mode] = OsrmProvider(osrm_url, OSRM_PROFILE[mode]).matrix(points)
                continue
            except TravelTimeError as error:
                logger.warning("OSRM unavailable, falling back to distances: %s", error)
                note = _("Server dei percorsi non raggiungibile: tempi stimati dalle distanze.")
        matrices[mode] = HaversineProvider(mode=mode).matrix(points)
    return matrices, note


def _carer_model(
    carer: Carer,
    skills: frozenset[str],
    places: Points,
    busy: tuple[int, Visit] | None,
    week_used: int,
) -> SchedCarer | str:
    """The scheduler's carer, or why the carer cannot take visits today."""
    if not carer.has_coordinates:
        return _("manca il punto di partenza (coordinate)")
    start = places.index(point(carer.start_latitude, carer.start_longitude))
    end = start
    if carer.end_latitude is not None and carer.end_longitude is not None:
        end = places.index(point(carer.end_latitude, carer.end_longitude))
    shift_start, shift_end = day_minutes(carer.shift_start), day_minutes(carer.shift_end)
    worked_today = 0
    if busy is not None:
        free_at, last_visit = busy
        worked_today = max(0, free_at - shift_start)
        shift_start = max(shift_start, free_at)
        beneficiary = last_visit.beneficiary
        if beneficiary.has_coordinates:
            start = places.index(point(beneficiary.latitude, beneficiary.longitude))
    budget = min(carer.max_minutes_day - worked_today, carer.max_minutes_week - week_used)
    if budget <= 0:
        return _("ha già raggiunto le ore massime")
    if shift_end <= shift_start:
        return _("il turno di oggi è già finito")
    return SchedCarer(
        id=str(carer.pk),
        skills=skills | {GENERIC_SKILL},
        start_location=start,
        end_location=end,
        shift=TimeWindow(shift_start, shift_end),
        is_volunteer=carer.is_volunteer,
        max_minutes=budget,
        profile=PROVIDER_MODE[TransportMode(carer.transport_mode)],
        breaks=_breaks(carer, shift_start),
    )


def _breaks(carer: Carer, free_from: int) -> tuple[TimeWindow, ...]:
    """The carer's break, unless it is already over when planning starts."""
    if carer.break_start is None or carer.break_end is None:
        return ()
    end = day_minutes(carer.break_end)
    return (TimeWindow(day_minutes(carer.break_start), end),) if end > free_from else ()


def lunch_spec(carer: Carer) -> LunchSpec | None:
    """The carer's lunch window in the scheduler's terms (None: no lunch break owed)."""
    if carer.lunch_earliest is None or carer.lunch_latest is None:
        return None
    earliest, latest = day_minutes(carer.lunch_earliest), day_minutes(carer.lunch_latest)
    return LunchSpec(earliest, latest, carer.lunch_minutes or latest - earliest)


def _with_rules(
    carers: list[SchedCarer], rows: dict[str, Carer], settings: SchedulingSettings
) -> list[SchedCarer]:
    """Each carer's own lunch window (not owed once it is over when planning starts) and
    overtime: at the carer's price, else the organization's, when the carer may work over;
    otherwise the shift end is a wall."""
    made = []
    for c in carers:
        row = rows[c.id]
        spec = lunch_spec(row)
        if (
            spec is not None
            and c.shift is not None
            and spec.latest - spec.min_duration < c.shift.start
        ):
            spec = None
        allowed = row.overtime_allowed(settings.overtime_allowed)
        made.append(
            replace(
                c,
                lunch=spec is not None,
                lunch_window=spec,
                overtime=float(row.overtime_price(settings.overtime_weight)) if allowed else None,
                max_overtime=None if allowed else 0,
            )
        )
    return made


def _carer_preferences(visits: list[Visit]) -> dict[int, dict[str, frozenset[str]]]:
    prefs: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for line_id, carer_id, kind in CarePlanLineCarer.objects.filter(
        line_id__in={v.line_id for v in visits}
    ).values_list("line_id", "carer_id", "preference"):
        prefs[line_id][kind].add(str(carer_id))
    return {k: {p: frozenset(ids) for p, ids in v.items()} for k, v in prefs.items()}


def build_problem(organization: Organization, day: dt.date, *, replan: bool) -> DayProblem:
    """The day's open visits and available carers as a scheduling problem."""
    settings = scheduling_settings(organization)
    visits = _open_visits(organization, day)
    all_carers = list(
        Carer.objects.filter(organization=organization, active=True).select_related("person")
    )
    standing = carer_days(organization, day, all_carers)
    busy, week = _busy_today(organization, day), _week_minutes(organization, day)
    places = Points()
    carers: dict[str, Carer] = {}
    sched_carers: list[SchedCarer] = []
    carers_left_out: dict[str, str] = {}
    for carer in all_carers:
        carer_day = standing[carer.pk]
        made = (
            "; ".join(carer_day.blockers)
            if carer_day.blockers
            else _carer_model(
                carer, carer_day.skills, places, busy.get(carer.pk), week.get(carer.pk, 0)
            )
        )
        if isinstance(made, str):
            carers_left_out[str(carer.pk)] = made
        else:
            carers[made.id] = carer
            sched_carers.append(made)
    prefs = _carer_preferences(visits)
    tasks, task_visits, left_out = [], {}, {}
    for visit in visits:
        beneficiary = visit.beneficiary
        if not beneficiary.has_coordinates:
            left_out[str(visit.pk)] = _("l'utente non ha le coordinate dell'indirizzo")
            continue
        line_prefs = prefs.get(visit.line_id, {})
        task = Task(
            id=str(visit.pk),
            location=places.index(point(beneficiary.latitude, beneficiary.longitude)),
            duration=visit.duration,
            windows=(TimeWindow(day_minutes(visit.window_start), day_minutes(visit.window_end)),),
            skill=visit.service_type.required_qualification or GENERIC_SKILL,
            volunteer_allowed=visit.service_type.volunteer_allowed,
            preferred=line_prefs.get(CarerPreference.PREFERRED, frozenset()),
            forbidden=line_prefs.get(CarerPreference.AVOIDED, frozenset()),
            # An optional visit is its own "client", so leaving it out costs the organization's
            # price once per visit (once for both halves of a double visit).
            client=f"line-{visit.line_id}" if visit.optional else "",
            optional=visit.optional,
        )
        tasks.append(task)
        task_visits[task.id] = visit
    syncs = _syncs(list(task_visits.values()))
    # One matrix per transport mode in use; the most common one is also the default.
    modes = [mode for mode, _ in Counter(c.profile for c in sched_carers).most_common()]
    modes = modes or ["car"]
    profiles, note = travel_matrices(places.points, modes)
    travel = profiles[modes[0]]
    sched_carers = _with_rules(sched_carers, carers, settings)
    continuity = settings.lost_continuity_weight
    if replan:
        continuity = max(continuity, REPLAN_CONTINUITY_WEIGHT)
    problem = Problem(
        name=f"{organization.slug}-{day.isoformat()}",
        tasks=tuple(tasks),
        carers=tuple(sched_carers),
        syncs=tuple(syncs),
        travel=travel,
        weights=Weights(
            travel=settings.travel_weight,
            total_tardiness=settings.total_tardiness_weight,
            highest_tardiness=settings.highest_tardiness_weight,
            lost_continuity=continuity,
            non_preferred=settings.non_preferred_weight,
            highest_workload=settings.workload_balance_weight,
            total_waiting_time=settings.waiting_weight,
            max_idle_time=settings.idle_weight,
            optional_patients=settings.optional_visit_weight,
            # each carer's own price or wall is on the carer (`_with_rules`)
            overtime=float(settings.overtime_weight) if settings.overtime_allowed else None,
            missed_lunch_break=settings.missed_lunch_weight,
        ),
        # Absent carers stay in ``previous``: moving their visits counts as lost continuity
        # (a constant for the solver, and the number the review shows).
        previous=_previous_carers(list(task_visits.values()), replan=replan),
        tardiness_at="end",
        profiles=profiles,
    )
    return DayProblem(
        problem=problem,
        visits=task_visits,
        carers=carers,
        left_out=left_out,
        carers_left_out=carers_left_out,
        travel_note=note,
    )


def _syncs(visits: list[Visit]) -> list[Sync]:
    by_slot = {(v.line_id, v.slot): v for v in visits}
    syncs = []
    for visit in visits:
        partner = by_slot.get((visit.line_id, 1))
        if visit.slot != 0 or partner is None:
            continue
        line = visit.line
        simultaneous = line.double_kind == DoubleVisitKind.SIMULTANEOUS
        syncs.append(
            Sync(
                first=str(visit.pk),
                second=str(partner.pk),
                kind="simultaneous" if simultaneous else "sequential",
                min_gap=line.min_gap,
                max_gap=line.max_gap,
            )
        )
    return syncs


def planned_minutes(day_problem: DayProblem) -> dict[str, int]:
    """Task id -> planned start (minutes of the day) of the visits that have one."""
    return {
        task_id: day_minutes(visit.planned_start)
        for task_id, visit in day_problem.visits.items()
        if visit.planned_start is not None
    }


def current_solution(day_problem: DayProblem) -> Solution:
    """The day as it is planned now, in the scheduler's terms (for the totals "before")."""
    routes: dict[str, list[SchedVisit]] = defaultdict(list)
    unassigned = {}
    starts = planned_minutes(day_problem)
    for task_id, visit in day_problem.visits.items():
        carer_id = str(visit.carer_id)
        if task_id not in starts or carer_id not in day_problem.carers:
            unassigned[task_id] = _("non assegnata")
            continue
        start = starts[task_id]
        routes[carer_id].append(SchedVisit(task_id, carer_id, start, start + visit.duration))
    for route in routes.values():
        route.sort(key=lambda v: v.start)
    return Solution(routes=dict(routes), unassigned=unassigned)
