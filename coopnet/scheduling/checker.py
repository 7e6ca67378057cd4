"""The independent checker: verifies every hard rule of a plan and measures its cost.

It shares no code with the solvers on purpose: it recomputes everything from the problem
and the visits as written, so a solver bug cannot hide behind its own bookkeeping.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from coopnet.scheduling.model import (
    Carer,
    Problem,
    Solution,
    Sync,
    Task,
    TimeWindow,
    Visit,
    Weights,
)

EPS = 1e-6


@dataclass
class CheckResult:
    """The verdict on a plan: feasibility, objective components and the list of violations.

    The components are the UHHC ones (hhcrsp-toolbox validator), unweighted; `cost` is
    their weighted sum plus `Weights.unassigned` per mandatory task left out.
    """

    feasible: bool
    travel_time: float
    total_tardiness: float
    highest_tardiness: float
    cost: float
    errors: list[str] = field(default_factory=list)
    lost_continuity: int = 0
    non_preferred: int = 0  # UHHC caregiver_preferences
    highest_workload: float = 0.0  # minutes worked (service + travel) by the busiest carer
    unassigned: int = 0  # mandatory tasks left out
    assigned: int = 0
    total_waiting_time: float = 0.0
    max_waiting_time: float = 0.0
    total_extra_time: float = 0.0
    max_idle_time: float = 0.0
    workload_balance: float = 0.0
    optional_patients: int = 0  # clients with no visit at all (UHHC counts mandatory ones too)
    missed_lunch_break: int = 0
    incompatibilities: int = 0
    shown: tuple[str, ...] = ()  # further components of the problem's objective

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """The CLI's one-line JSON: feasibility, travel and tardiness, then each further
        component the problem's objective has (`shown`), the cost and the errors."""
        values = {
            "travel_time": self.travel_time,
            "total_tardiness": self.total_tardiness,
            "highest_tardiness": self.highest_tardiness,
            "total_waiting_time": self.total_waiting_time,
            "max_waiting_time": self.max_waiting_time,
            "total_extra_time": self.total_extra_time,
            "max_idle_time": self.max_idle_time,
            "caregiver_preferences": self.non_preferred,
            "optional_patients": self.optional_patients,
            "missed_lunch_break": self.missed_lunch_break,
            "incompatibilities": self.incompatibilities,
            "workload_balance": self.workload_balance,
        }
        keys = [*BASE_COMPONENTS, *(k for k in EXTRA_COMPONENTS if k in self.shown)]
        return {
            "feasible": self.feasible,
            **{key: round(values[key], 6) for key in keys},
            "cost": round(self.cost, 6),
            "errors": self.errors,
        }


BASE_COMPONENTS = ("travel_time", "total_tardiness", "highest_tardiness")
# UHHC component -> the Weights field that prices it (None there: a hard rule).
EXTRA_COMPONENTS = {
    "total_waiting_time": "total_waiting_time",
    "max_waiting_time": "max_waiting_time",
    "total_extra_time": "overtime",
    "max_idle_time": "max_idle_time",
    "caregiver_preferences": "non_preferred",
    "optional_patients": "optional_patients",
    "missed_lunch_break": "missed_lunch_break",
    "incompatibilities": "incompatibility",
    "workload_balance": "workload_balance",
}


def shown_components(problem: Problem) -> tuple[str, ...]:
    """The further components a problem's objective has: those weighted otherwise than
    by default (a priced overtime, also a carer's own, a hard lunch break, a weighted
    preference...)."""
    weights, default = problem.weights, Weights()
    priced = any(c.overtime is not None for c in problem.carers)
    return tuple(
        key
        for key, name in EXTRA_COMPONENTS.items()
        if getattr(weights, name) != getattr(default, name)
        or (key == "total_extra_time" and priced)
    )


def window_for(windows: tuple[TimeWindow, ...], start: float) -> TimeWindow | None:
    """The window a start falls in: the last one opened at or before it (None: too early)."""
    if not windows:
        return None
    ordered = sorted(windows, key=lambda w: w.start)
    idx = bisect.bisect_right([w.start for w in ordered], start + EPS) - 1
    return ordered[idx] if idx >= 0 else None


def tardiness(problem: Problem, task: Task, start: float, end: float | None = None) -> float:
    """Minutes past the window end, measured at the start or end of service (the end as
    written when given, else start + duration)."""
    window = window_for(task.windows, start)
    if window is None:
        return 0.0
    if problem.tardiness_at == "start":
        moment = start
    else:
        moment = start + task.duration if end is None else end
    return max(0.0, moment - window.end)


@dataclass
class _Stop:
    """A visit, or the lunch break (visit None), at a place of the travel matrix."""

    visit: Visit | None
    location: int
    start: float
    end: float


def _stops(
    visits: list[Visit], lunch: TimeWindow | None, tasks: dict[str, Task], carer: Carer
) -> list[_Stop]:
    """The carer's day in order; the lunch is taken where the carer is: at the visit before
    it, at the first visit when it comes first, at the depot on a day with no visit."""
    stops = [
        _Stop(v, tasks[v.task_id].location if v.task_id in tasks else -1, v.start, v.end)
        for v in visits
    ]
    if lunch is not None:
        pos = sum(1 for s in stops if s.start <= lunch.start)
        if pos:
            where = stops[pos - 1].location
        else:
            where = stops[0].location if stops else carer.start_location
        stops.insert(pos, _Stop(None, where, lunch.start, lunch.end))
    return stops


def check(problem: Problem, solution: Solution) -> CheckResult:
    """Check a plan against every hard rule and compute the objective."""
    errors: list[str] = []
    tasks = problem.task_index()
    carers = problem.carer_index()
    weights = problem.weights
    seen: dict[str, str] = {}
    total_travel = 0.0
    tardies: list[float] = []
    waits: list[float] = []
    lost = non_pref = incompatible = 0
    busiest = extra = extra_cost = idlest = 0.0
    workload = dict.fromkeys(carers, 0.0)  # service as written + travel, per carer

    for carer_id, visits in solution.routes.items():
        carer = carers.get(carer_id)
        if carer is None:
            errors.append(f"operatore sconosciuto: {carer_id}")
            continue
        lunch = solution.lunches.get(carer_id)
        if not visits and lunch is None:
            continue
        travel = problem.travel_for(carer)
        place = carer.start_location
        clock = departure = 0.0  # end of the previous stop; leaving the start point
        legs = service = idle = 0.0
        stops = _stops(visits, lunch, tasks, carer)
        for pos, stop in enumerate(stops):
            visit = stop.visit
            where = f"{carer_id}[{pos}] " + (visit.task_id if visit else "pausa pranzo")
            task = tasks.get(visit.task_id) if visit else None
            if visit is not None and task is None:
                errors.append(f"{where}: attività sconosciuta")
                continue
            leg = float(travel[place][stop.location])
            total_travel += leg
            legs += leg
            if pos == 0:
                departure, arrival = stop.start - leg, stop.start
                if carer.shift is not None and departure < carer.shift.start - EPS:
                    errors.append(
                        f"{where}: partenza alle {departure:g} prima dell'inizio del turno "
                        f"({carer.shift.start})"
                    )
            else:
                arrival = clock + leg
                if stop.start < arrival - EPS:
                    errors.append(f"{where}: inizio {stop.start:g} prima dell'arrivo ({arrival:g})")
            wait = max(0.0, stop.start - arrival)
            idle += wait
            # Like the UHHC validator: the wait after a lunch that opens the day is not waiting.
            if not (pos == 1 and stops[0].visit is None):
                waits.append(wait)
            clock = stop.end
            place = stop.location
            if visit is None or task is None:
                continue
            if visit.carer_id != carer_id:
                errors.append(
                    f"{where}: visita assegnata a {visit.carer_id} nel giro di {carer_id}"
                )
            if visit.task_id in seen:
                errors.append(f"{where}: attività pianificata più volte")
            seen[visit.task_id] = carer_id
            errors.extend(_eligibility_errors(where, task, carer, weights.incompatibility))
            incompatible += carer_id in task.forbidden
            service += task.duration
            workload[carer_id] += visit.end - visit.start
            if task.windows and window_for(task.windows, visit.start) is None:
                first_open = min(w.start for w in task.windows)
                errors.append(
                    f"{where}: inizio {visit.start:g} prima dell'apertura della finestra "
                    f"({first_open})"
                )
            if visit.end < visit.start + task.duration - EPS:
                errors.append(f"{where}: durata inferiore a {task.duration} minuti")
            for pause in carer.breaks:
                if (
                    visit.start < pause.end - EPS
                    and visit.start + task.duration > pause.start + EPS
                ):
                    errors.append(f"{where}: visita durante la pausa ({pause.start}-{pause.end})")
            tardies.append(tardiness(problem, task, visit.start, visit.end))
            if visit.task_id in problem.previous and problem.previous[visit.task_id] != carer_id:
                lost += 1
            if task.preferred and carer_id not in task.preferred:
                non_pref += 1
        back = float(travel[place][carer.end_location])
        total_travel += back
        legs += back
        worked = legs + service
        workload[carer_id] += legs
        busiest = max(busiest, worked)
        returned = clock + back
        if carer.shift is not None:
            late = max(0.0, returned - carer.shift.end)
            latest = problem.latest_return(carer)
            if latest is not None and returned > latest + EPS:
                errors.append(
                    f"{carer_id}: rientro alle {returned:g} dopo la fine del turno "
                    f"({carer.shift.end})"
                    + (
                        f" e dello straordinario consentito ({latest:g})"
                        if latest > carer.shift.end
                        else ""
                    )
                )
            extra += late
            extra_cost += late * (problem.overtime_price(carer) or 0.0)
            idle += max(0.0, departure - carer.shift.start) + max(0.0, carer.shift.end - returned)
            idlest = max(idlest, idle)
        if carer.max_minutes is not None and worked > carer.max_minutes + EPS:
            errors.append(
                f"{carer_id}: {worked:g} minuti di lavoro oltre il massimo ({carer.max_minutes})"
            )

    for task_id in solution.unassigned:
        if task_id not in tasks:
            errors.append(f"{task_id}: attività non assegnata sconosciuta")
        elif task_id in seen:
            errors.append(f"{task_id}: attività sia pianificata sia non assegnata")
    for task_id, task in tasks.items():
        if task_id not in seen and task_id not in solution.unassigned and not task.optional:
            errors.append(f"{task_id}: attività non pianificata")

    starts = {v.task_id: v.start for v in solution.visits()}
    for sync in problem.syncs:
        errors.extend(_sync_errors(sync, seen, starts))

    missed = _lunch_errors(problem, solution, errors)
    total_tardy = sum(tardies)
    highest = max(tardies, default=0.0)
    missing = sum(1 for t in tasks.values() if t.id not in seen and not t.optional)
    visited = {tasks[t].client for t in seen}
    left_out = len({t.client for t in tasks.values() if t.client and t.client not in visited})
    average = sum(workload.values()) / len(workload) if workload else 0.0
    balance = float(sum(math.ceil(abs(w - average) - EPS) for w in workload.values()))
    cost = (
        weights.travel * total_travel
        + weights.total_tardiness * total_tardy
        + weights.highest_tardiness * highest
        + weights.lost_continuity * lost
        + weights.non_preferred * non_pref
        + weights.highest_workload * busiest
        + weights.unassigned * missing
        + weights.total_waiting_time * sum(waits)
        + weights.max_waiting_time * max(waits, default=0.0)
        + weights.max_idle_time * idlest
        + weights.workload_balance * balance
        + weights.optional_patients * left_out
        + extra_cost
        + (weights.missed_lunch_break or 0) * missed
        + (weights.incompatibility or 0) * incompatible
    )
    return CheckResult(
        feasible=not errors,
        travel_time=total_travel,
        total_tardiness=total_tardy,
        highest_tardiness=highest,
        cost=cost,
        errors=errors,
        lost_continuity=lost,
        non_preferred=non_pref,
        highest_workload=busiest,
        unassigned=missing,
        assigned=len(seen),
        total_waiting_time=sum(waits),
        max_waiting_time=max(waits, default=0.0),
        total_extra_time=extra,
        max_idle_time=idlest,
        workload_balance=balance,
        optional_patients=left_out,
        missed_lunch_break=missed,
        incompatibilities=incompatible,
        shown=shown_components(problem),
    )


def _lunch_errors(problem: Problem, solution: Solution, errors: list[str]) -> int:
    """Append the errors of the lunch breaks; return how many carers owed one miss it."""
    carers = problem.carer_index()
    hard = problem.weights.missed_lunch_break is None
    missed = 0
    for carer_id, lunch in solution.lunches.items():
        where = f"{carer_id}: pausa pranzo {lunch.start:g}-{lunch.end:g}"
        carer = carers.get(carer_id)
        spec = None
        if carer is not None and (carer.lunch or not hard):  # an unowed lunch is allowed if soft
            spec = carer.lunch_window or problem.lunch
        if spec is None:
            errors.append(f"{where} non prevista")
            continue
        closing = lunch.start if problem.tardiness_at == "start" else lunch.end
        if lunch.start < spec.earliest - EPS or closing > spec.latest + EPS:
            errors.append(f"{where} fuori dalla fascia {spec.earliest:g}-{spec.latest:g}")
        if lunch.end - lunch.start < spec.min_duration - EPS:
            errors.append(f"{where} più breve di {spec.min_duration:g} minuti")
    for carer in problem.carers:
        if problem.lunch_for(carer) is not None and carer.id not in solution.lunches:
            missed += 1
            if hard:
                errors.append(f"{carer.id}: manca la pausa pranzo")
    return missed


def _eligibility_errors(
    where: str, task: Task, carer: Carer, incompatibility: float | None
) -> list[str]:
    errors = []
    if task.skill not in carer.skills:
        errors.append(f"{where}: l'operatore non ha la qualifica {task.skill}")
    if carer.is_volunteer and not task.volunteer_allowed:
        errors.append(f"{where}: servizio riservato a personale professionale, dato a volontario")
    if carer.id in task.forbidden and incompatibility is None:
        errors.append(f"{where}: operatore da evitare per questo utente")
    return errors


def _sync_errors(sync: Sync, seen: dict[str, str], starts: dict[str, float]) -> list[str]:
    first, second = sync.first, sync.second
    label = f"doppia visita {first}+{second}"
    if (first in seen) != (second in seen):
        return [f"{label}: pianificata solo una delle due visite"]
    if first not in seen:
        return []
    errors = []
    if seen[first] == seen[second]:
        errors.append(f"{label}: lo stesso operatore su entrambe le visite")
    gap = starts[second] - starts[first]
    if sync.kind == "simultaneous" and abs(gap) > EPS:
        errors.append(f"{label}: inizi non simultanei ({starts[first]:g} e {starts[second]:g})")
    if sync.kind == "sequential" and not (sync.min_gap - EPS <= gap <= sync.max_gap + EPS):
        errors.append(
            f"{label}: la seconda inizia {gap:g} minuti dopo la prima, "
            f"richiesti {sync.min_gap}-{sync.max_gap}"
        )
    return errors
