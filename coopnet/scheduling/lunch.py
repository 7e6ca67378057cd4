"""Lunch breaks: placed in each carer's timed day once the routes are made.

A lunch is taken where the carer is (see `checker`), so it never adds travel: it fits in a
gap between two visits, before the first one (at its place), or after the last one
(delaying the return, which may cost overtime). Each carer owed a lunch gets the
placement that lowers the checked cost most, or none when every placement costs more
than the missed break.
"""

from __future__ import annotations

from coopnet.scheduling.checker import check
from coopnet.scheduling.model import Carer, LunchSpec, Problem, Solution, TimeWindow


def place_lunches(problem: Problem, solution: Solution) -> None:
    """Give each carer owed a lunch, with visits in the plan, its best lunch break."""
    spec = problem.lunch
    if spec is None:
        return
    best = check(problem, solution)
    for carer in problem.carers:
        if not carer.lunch or carer.id in solution.lunches or not solution.routes.get(carer.id):
            continue
        chosen = None
        for lunch in _candidates(problem, solution, carer, spec):
            solution.lunches[carer.id] = lunch
            result = check(problem, solution)
            if result.feasible >= best.feasible and result.cost < best.cost - 1e-9:
                best, chosen = result, lunch
        solution.lunches.pop(carer.id, None)
        if chosen is not None:
            solution.lunches[carer.id] = chosen


def _candidates(
    problem: Problem, solution: Solution, carer: Carer, spec: LunchSpec
) -> list[TimeWindow]:
    """The earliest lunch in each gap of the carer's day that keeps every visit's time."""
    tasks = problem.task_index()
    travel = problem.travel_for(carer)
    visits = sorted(solution.routes[carer.id], key=lambda v: v.start)
    places = [tasks[v.task_id].location for v in visits]
    shift_start = carer.shift.start if carer.shift else 0.0
    found = []
    for pos in range(len(visits) + 1):
        if pos == 0:
            ready = shift_start + travel[carer.start_location][places[0]]
        else:
            ready = visits[pos - 1].end
        start = max(spec.earliest, ready)
        end = start + spec.min_duration
        if (start if problem.tardiness_at == "start" else end) > spec.latest:
            break
        if pos < len(visits):
            here = places[max(pos - 1, 0)]
            if end + travel[here][places[pos]] > visits[pos].start:
                continue
        found.append(TimeWindow(start, end))
    return found
