"""The whole objective of a day in a coordinator's words: overtime, missed lunch breaks,
optional visits postponed, waiting and idle time, preferences not kept.

For the plan as it is (the "before" of a run and the day board) and for a solver's proposal.
Everything is measured by ``scheduling.check``; reads only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from coopnet.core.formatting import minutes as said_minutes
from coopnet.scheduling import Carer as SchedCarer
from coopnet.scheduling import (
    LunchSpec,
    Problem,
    Solution,
    Task,
    TimeWindow,
    Weights,
    check,
)
from coopnet.scheduling import Visit as SchedVisit

from .conflicts import BUSY
from .models import Carer, TransportMode, Visit
from .problem import (
    GENERIC_SKILL,
    PROVIDER_MODE,
    Points,
    day_minutes,
    lunch_spec,
    point,
    travel_matrices,
)

EPS = 1e-6


def fit_lunch(
    problem: Problem, carer: SchedCarer, visits: list[SchedVisit], spec: LunchSpec
) -> TimeWindow | None:
    """The earliest lunch break of ``spec`` that fits the carer's day as planned, taken where
    the carer is (before the first visit, between two, or after the last) without moving a
    visit; None when there is no room."""
    if not visits:
        return None
    tasks = problem.task_index()
    travel = problem.travel_for(carer)
    places = [tasks[v.task_id].location for v in visits]
    for pos in range(len(visits) + 1):
        if pos == 0:
            shift_start = carer.shift.start if carer.shift else 0.0
            ready = shift_start + travel[carer.start_location][places[0]]
        else:
            ready = visits[pos - 1].end
        start = max(spec.earliest, ready)
        end = start + spec.min_duration
        if (start if problem.tardiness_at == "start" else end) > spec.latest:
            return None
        if pos == len(visits) or end + travel[places[max(pos - 1, 0)]][places[pos]] <= (
            visits[pos].start + EPS
        ):
            return TimeWindow(start, end)
    return None


def place_lunches(problem: Problem, solution: Solution) -> None:
    """Give each carer owed a lunch, with visits, the earliest one of its window that fits."""
    for carer in problem.carers:
        route = solution.routes.get(carer.id)
        spec = problem.lunch_for(carer)
        if spec is not None and route and carer.id not in solution.lunches:
            found = fit_lunch(problem, carer, route, spec)
            if found is not None:
                solution.lunches[carer.id] = found


def _alone(problem: Problem, carer: SchedCarer, solution: Solution) -> tuple[Problem, Solution]:
    """One carer's day as a problem and plan of its own (for the figures of that carer)."""
    route = solution.routes.get(carer.id, [])
    ids = {v.task_id for v in route}
    tasks = tuple(t for t in problem.tasks if t.id in ids)
    lunches = {carer.id: solution.lunches[carer.id]} if carer.id in solution.lunches else {}
    return (
        replace(problem, carers=(carer,), tasks=tasks, syncs=()),
        Solution(routes={carer.id: route}, lunches=lunches),
    )


def measure(problem: Problem, solution: Solution, left_out: int = 0) -> dict[str, Any]:
    """Every component of a plan, rounded to minutes, with who works over (minutes by carer
    id) and who misses a lunch break (carer ids, only those with visits)."""
    result = check(problem, solution)
    overtime = {}
    missed = []
    for carer in problem.carers:
        if not solution.routes.get(carer.id):
            continue
        if problem.lunch_for(carer) is not None and carer.id not in solution.lunches:
            missed.append(carer.id)
        extra = check(*_alone(problem, carer, solution)).total_extra_time
        if extra > EPS:
            overtime[carer.id] = round(extra)
    return {
        "assigned": result.assigned,
        "unassigned": result.unassigned + left_out,
        "travel": round(result.travel_time),
        "total_tardiness": round(result.total_tardiness),
        "highest_tardiness": round(result.highest_tardiness),
        "lost_continuity": result.lost_continuity,
        "non_preferred": result.non_preferred,
        "total_waiting_time": round(result.total_waiting_time),
        "max_waiting_time": round(result.max_waiting_time),
        "total_extra_time": round(result.total_extra_time),
        "max_idle_time": round(result.max_idle_time),
        "workload_balance": round(result.workload_balance),
        "optional_patients": result.optional_patients,
        "missed_lunch_break": result.missed_lunch_break,
        "incompatibilities": result.incompatibilities,
        "overtime_by_carer": overtime,
        "missed_lunch": missed,
        "cost": round(result.cost),
        "feasible": result.feasible,
        "problems": len(result.errors),
    }


# --- in words -------------------------------------------------------------------------------


def _overtime_words(totals: dict[str, Any], names: dict[str, str]) -> str:
    by_carer = totals.get("overtime_by_carer", {})
    if not by_carer:
        return _("nessuno")
    return ", ".join(
        f"{said_minutes(n)} ({names.get(carer_id, '?')})" for carer_id, n in by_carer.items()
    )


def _lunch_words(totals: dict[str, Any], names: dict[str, str]) -> str:
    missed = totals.get("missed_lunch", [])
    return ", ".join(names.get(c, "?") for c in missed) if missed else _("nessuna")


def _count(key: str) -> Any:
    return lambda totals, _names: totals.get(key, 0)


def _duration(key: str) -> Any:
    return lambda totals, _names: said_minutes(totals.get(key, 0))


def component_rows(
    before: dict[str, Any] | None, after: dict[str, Any] | None, names: dict[str, str]
) -> list[tuple[str, Any, Any]]:
    """(what, now, proposed) of each component a coordinator weighs, in words; ``names``
    maps carer ids to names. A run stored before these components shows none."""
    before, after = before or {}, after or {}
    if "overtime_by_carer" not in after:
        return []
    rows = [
        (_("Straordinario"), _overtime_words),
        (_("Pausa pranzo saltata"), _lunch_words),
        (_("Visite facoltative rinviate"), _count("optional_patients")),
        (_("Attesa tra le visite"), _duration("total_waiting_time")),
        (_("Tempo inattivo (l'operatore più inattivo)"), _duration("max_idle_time")),
        (_("Preferenze non rispettate (visite)"), _count("non_preferred")),
    ]
    return [
        (label, say(before, names) if "overtime_by_carer" in before else None, say(after, names))
        for label, say in rows
    ]


# --- the day board --------------------------------------------------------------------------


@dataclass(frozen=True)
class CarerDayFigures:
    """A carer's day as planned: minutes over the shift end and the lunch break."""

    overtime: int = 0
    lunch: tuple[dt.time, dt.time] | None = None
    missed_lunch: bool = False


def _clock(minutes: float) -> dt.time:
    whole = min(round(minutes), 24 * 60 - 1)
    return dt.time(whole // 60, whole % 60)


def board_figures(visits: list[Visit], carers: list[Carer]) -> dict[int, CarerDayFigures]:
    """Overtime and lunch break of each carer with visits on the board, from the planned
    times (visits without coordinates are not counted)."""
    by_carer: dict[int, list[Visit]] = defaultdict(list)
    for visit in visits:
        if (
            visit.carer_id is not None
            and visit.planned_start is not None
            and visit.status in BUSY
            and visit.beneficiary.has_coordinates
        ):
            by_carer[visit.carer_id].append(visit)
    rows = [c for c in carers if c.pk in by_carer and c.has_coordinates]
    if not rows:
        return {}
    places = Points()
    tasks = {
        v.pk: Task(
            id=str(v.pk),
            location=places.index(point(v.beneficiary.latitude, v.beneficiary.longitude)),
            duration=v.duration,
            windows=(TimeWindow(day_minutes(v.window_start), day_minutes(v.window_end)),),
            skill=GENERIC_SKILL,
        )
        for carer_visits in by_carer.values()
        for v in carer_visits
    }
    homes = {}
    for carer in rows:
        start = places.index(point(carer.start_latitude, carer.start_longitude))
        end = start
        if carer.end_latitude is not None and carer.end_longitude is not None:
            end = places.index(point(carer.end_latitude, carer.end_longitude))
        homes[carer.pk] = (start, end)
    used = Counter(PROVIDER_MODE[TransportMode(c.transport_mode)] for c in rows)
    modes = [mode for mode, _n in used.most_common()]
    profiles, _note = travel_matrices(places.points, modes)
    return {
        carer.pk: _carer_figures(carer, by_carer[carer.pk], tasks, homes[carer.pk], profiles)
        for carer in rows
    }


def _carer_figures(
    carer: Carer,
    visits: list[Visit],
    tasks: dict[int, Task],
    home: tuple[int, int],
    profiles: dict[str, list[list[float]]],
) -> CarerDayFigures:
    spec = lunch_spec(carer)
    profile = PROVIDER_MODE[TransportMode(carer.transport_mode)]
    sched = SchedCarer(
        id=str(carer.pk),
        skills=frozenset({GENERIC_SKILL}),
        start_location=home[0],
        end_location=home[1],
        shift=TimeWindow(day_minutes(carer.shift_start), day_minutes(carer.shift_end)),
        profile=profile,
        lunch=spec is not None,
        lunch_window=spec,
    )
    problem = Problem(
        name=str(carer.pk),
        tasks=tuple(tasks[v.pk] for v in visits),
        carers=(sched,),
        syncs=(),
        travel=profiles[profile],
        weights=Weights(overtime=0.0),
        tardiness_at="end",
        profiles=profiles,
    )
    route = []
    for visit in visits:
        assert visit.planned_start is not None
        start = day_minutes(visit.planned_start)
        route.append(SchedVisit(str(visit.pk), sched.id, start, start + visit.duration))
    route.sort(key=lambda v: v.start)
    solution = Solution(routes={sched.id: route})
    place_lunches(problem, solution)
    lunch = solution.lunches.get(sched.id)
    return CarerDayFigures(
        overtime=round(check(problem, solution).total_extra_time),
        lunch=(_clock(lunch.start), _clock(lunch.end)) if lunch else None,
        missed_lunch=spec is not None and lunch is None,
    )
