"""The independent checker: verifies every hard rule of a plan and measures its cost.

It shares no code with the solvers on purpose: it recomputes everything from the problem
and the visits as written, so a solver bug cannot hide behind its own bookkeeping.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any

from coopnet.scheduling.model import Carer, Problem, Solution, Sync, Task, TimeWindow

EPS = 1e-6


@dataclass
class CheckResult:
    """The verdict on a plan: feasibility, objective components and the list of violations."""

    feasible: bool
    travel_time: float
    total_tardiness: float
    highest_tardiness: float
    cost: float
    errors: list[str] = field(default_factory=list)
    lost_continuity: int = 0
    non_preferred: int = 0
    highest_workload: float = 0.0  # minutes worked (service + travel) by the busiest carer
    unassigned: int = 0
    assigned: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """The CLI's one-line JSON: the fields the issue fixes, in that order."""
        return {
            "feasible": self.feasible,
            "travel_time": round(self.travel_time, 6),
            "total_tardiness": round(self.total_tardiness, 6),
            "highest_tardiness": round(self.highest_tardiness, 6),
            "cost": round(self.cost, 6),
            "errors": self.errors,
        }


def window_for(windows: tuple[TimeWindow, ...], start: float) -> TimeWindow | None:
    """The window a start falls in: the last one opened at or before it (None: too early)."""
    if not windows:
        return None
    ordered = sorted(windows, key=lambda w: w.start)
    idx = bisect.bisect_right([w.start for w in ordered], start + EPS) - 1
    return ordered[idx] if idx >= 0 else None


def tardiness(problem: Problem, task: Task, start: float) -> float:
    """Minutes past the window end, measured at the start or end of service."""
    window = window_for(task.windows, start)
    if window is None:
        return 0.0
    moment = start if problem.tardiness_at == "start" else start + task.duration
    return max(0.0, moment - window.end)


def check(problem: Problem, solution: Solution) -> CheckResult:
    """Check a plan against every hard rule and compute the objective."""
    errors: list[str] = []
    tasks = problem.task_index()
    carers = problem.carer_index()
    seen: dict[str, str] = {}
    total_travel = 0.0
    tardies: list[float] = []
    lost = non_pref = 0
    busiest = 0.0

    for carer_id, visits in solution.routes.items():
        carer = carers.get(carer_id)
        if carer is None:
            errors.append(f"operatore sconosciuto: {carer_id}")
            continue
        if not visits:
            continue
        travel = problem.travel_for(carer)
        place = carer.start_location
        clock: float | None = None  # end of the previous visit
        worked = 0.0
        for pos, visit in enumerate(visits):
            where = f"{carer_id}[{pos}] {visit.task_id}"
            task = tasks.get(visit.task_id)
            if task is None:
                errors.append(f"{where}: attività sconosciuta")
                continue
            if visit.carer_id != carer_id:
                errors.append(
                    f"{where}: visita assegnata a {visit.carer_id} nel giro di {carer_id}"
                )
            if visit.task_id in seen:
                errors.append(f"{where}: attività pianificata più volte")
            seen[visit.task_id] = carer_id
            errors.extend(_eligibility_errors(where, task, carer))
            leg = float(travel[place][task.location])
            total_travel += leg
            worked += leg + task.duration
            if clock is None:
                departure = visit.start - leg
                if carer.shift is not None and departure < carer.shift.start - EPS:
                    errors.append(
                        f"{where}: partenza alle {departure:g} prima dell'inizio del turno "
                        f"({carer.shift.start})"
                    )
            elif visit.start < clock + leg - EPS:
                errors.append(
                    f"{where}: inizio {visit.start:g} prima dell'arrivo ({clock + leg:g})"
                )
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
            tardies.append(tardiness(problem, task, visit.start))
            if visit.task_id in problem.previous and problem.previous[visit.task_id] != carer_id:
                lost += 1
            if task.preferred and carer_id not in task.preferred:
                non_pref += 1
            clock = visit.end
            place = task.location
        back = float(travel[place][carer.end_location])
        total_travel += back
        worked += back
        busiest = max(busiest, worked)
        assert clock is not None
        if carer.shift is not None and clock + back > carer.shift.end + EPS:
            errors.append(
                f"{carer_id}: rientro alle {clock + back:g} dopo la fine del turno "
                f"({carer.shift.end})"
            )
        if carer.max_minutes is not None and worked > carer.max_minutes + EPS:
            errors.append(
                f"{carer_id}: {worked:g} minuti di lavoro oltre il massimo ({carer.max_minutes})"
            )

    for task_id in solution.unassigned:
        if task_id not in tasks:
            errors.append(f"{task_id}: attività non assegnata sconosciuta")
        elif task_id in seen:
            errors.append(f"{task_id}: attività sia pianificata sia non assegnata")
    for task_id in tasks:
        if task_id not in seen and task_id not in solution.unassigned:
            errors.append(f"{task_id}: attività non pianificata")

    starts = {v.task_id: v.start for v in solution.visits()}
    for sync in problem.syncs:
        errors.extend(_sync_errors(sync, seen, starts))

    weights = problem.weights
    total_tardy = sum(tardies)
    highest = max(tardies, default=0.0)
    missing = sum(1 for t in tasks if t not in seen)
    cost = (
        weights.travel * total_travel
        + weights.total_tardiness * total_tardy
        + weights.highest_tardiness * highest
        + weights.lost_continuity * lost
        + weights.non_preferred * non_pref
        + weights.highest_workload * busiest
        + weights.unassigned * missing
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
    )


def _eligibility_errors(where: str, task: Task, carer: Carer) -> list[str]:
    errors = []
    if task.skill not in carer.skills:
        errors.append(f"{where}: l'operatore non ha la qualifica {task.skill}")
    if carer.is_volunteer and not task.volunteer_allowed:
        errors.append(f"{where}: servizio riservato a personale professionale, dato a volontario")
    if carer.id in task.forbidden:
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
