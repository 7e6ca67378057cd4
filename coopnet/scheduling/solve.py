"""One entry point for every solver, with a repair step and the checker as the final gate."""

from __future__ import annotations

import time
from collections.abc import Callable

from coopnet.scheduling.checker import check
from coopnet.scheduling.core import NO_ROOM, Compiled, compile_problem
from coopnet.scheduling.greedy import Plan, Slot, fill, solve_greedy, units
from coopnet.scheduling.model import Problem, Solution
from coopnet.scheduling.timing import NO_LUNCH, schedule, to_solution

# Each solver is a pipeline of stages: (stage, share of the time limit at which it stops).
# Every stage starts from the best plan so far (the greedy one at first).
# A library stage is followed by ruin and recreate, which prices what the library cannot
# express (idle time, lunch breaks, exact double-visit timing).
PIPELINES: dict[str, tuple[tuple[str, float], ...]] = {
    "greedy": (),
    "local": (("local", 1.0),),
    "ortools": (("ortools", 0.8), ("local", 1.0)),
    "pyvrp": (("pyvrp", 0.8), ("local", 1.0)),
    "hybrid": (("pyvrp", 0.4), ("local", 1.0)),
    "polished": (("local", 0.5), ("ortools", 0.8), ("local", 1.0)),
}
# With only travel and tardiness weighed (`Compiled.plain`), OR-Tools models the whole
# objective: ruin and recreate for 60 % then OR-Tools to the end, as measured in
# November 2026 (on the 22 older UHHC instances at 3 s, the 14 of at most 200 tasks cost
# 2 % more with the final ruin and recreate stage).
PLAIN_POLISHED = (("local", 0.6), ("ortools", 1.0))
SOLVERS = ("auto", *PIPELINES)
POLISH_MAX_TASKS = 200  # above this, OR-Tools' time is better spent on ruin and recreate
Progress = Callable[[float], None]


class ProblemError(ValueError):
    """The problem itself is inconsistent (unknown ids, bad matrix): a programming error."""


def problem_errors(problem: Problem) -> list[str]:
    """Structural errors of a problem (not infeasibility: that gives unassigned tasks)."""
    errors = []
    size = len(problem.travel)
    for name, matrix in [("", problem.travel), *problem.profiles.items()]:
        label = f" ({name})" if name else ""
        if len(matrix) != size or any(len(row) != size for row in matrix):
            errors.append(f"la matrice dei tempi di viaggio{label} non è quadrata")
    ids = [t.id for t in problem.tasks]
    if len(set(ids)) != len(ids):
        errors.append("identificativi di attività ripetuti")
    if len({c.id for c in problem.carers}) != len(problem.carers):
        errors.append("identificativi di operatori ripetuti")
    for t in problem.tasks:
        if not 0 <= t.location < size:
            errors.append(f"{t.id}: luogo fuori dalla matrice")
        if t.duration < 0:
            errors.append(f"{t.id}: durata negativa")
    for c in problem.carers:
        if not (0 <= c.start_location < size and 0 <= c.end_location < size):
            errors.append(f"{c.id}: punto di partenza o arrivo fuori dalla matrice")
        if c.profile and c.profile not in problem.profiles:
            errors.append(f"{c.id}: mezzo di trasporto senza matrice ({c.profile})")
    known = set(ids)
    linked: set[str] = set()
    for s in problem.syncs:
        for tid in (s.first, s.second):
            if tid not in known:
                errors.append(f"doppia visita con attività sconosciuta: {tid}")
            if tid in linked:
                errors.append(f"{tid}: in più di una doppia visita")
            linked.add(tid)
        if s.first == s.second:
            errors.append(f"{s.first}: doppia visita con se stessa")
        if s.kind == "sequential" and s.min_gap > s.max_gap:
            errors.append(f"doppia visita {s.first}+{s.second}: intervallo minimo oltre il massimo")
    return errors


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 0,
    solver: str = "auto",
    progress: Progress | None = None,
) -> Solution:
    """Plan the day within `seconds`; tasks that cannot be placed are listed with the reason."""
    errors = problem_errors(problem)
    if errors:
        raise ProblemError("; ".join(errors))
    if solver not in SOLVERS:
        raise ValueError(f"solutore sconosciuto: {solver} (scegli tra {', '.join(SOLVERS)})")
    started = time.monotonic()
    # Keep a little time for the repair step and the final check.
    deadline = started + max(0.0, seconds - min(0.1, 0.05 * seconds))
    reported = [0.0]

    def report(fraction: float) -> None:
        reported[0] = max(reported[0], min(1.0, fraction))
        if progress is not None:
            progress(reported[0])

    report(0.0)
    comp = compile_problem(problem)
    plan, left = solve_greedy(comp)
    if any(comp.optional):
        # Every optional visit may cost more than it saves (an idle carer priced high): the
        # search starts from the cheaper of the two plans.
        lean, lean_left = solve_greedy(comp, optional=False)
        if _cost(lean) < _cost(plan):
            plan, left = lean, lean_left
    origin = "greedy"
    if problem.previous:
        # Re-planning: start from the plan being changed, so only what must move moves.
        kept, kept_left = repair(comp, _previous_routes(comp))
        if _cost(kept) <= _cost(plan):
            plan, left, origin = kept, kept_left, "previous"
    best = _finish(comp, plan, left, origin)
    chosen = _choose(problem) if solver == "auto" else solver
    stages = PLAIN_POLISHED if chosen == "polished" and comp.plain() else PIPELINES[chosen]
    names = []
    for name, share in stages if problem.tasks else ():
        until = started + share * (deadline - started)
        found = _run(name, comp, plan, until, seed, started, report)
        if found is None:
            continue
        fixed, fixed_left = repair(comp, *found)
        if _cost(fixed) < _cost(plan) - 1e-9:
            plan, left = fixed, fixed_left
            names.append(name)
    if names:
        candidate = _finish(comp, plan, left, "+".join(names))
        if _better(problem, candidate, best):
            best = candidate
    report(1.0)
    return best


def _cost(plan: Plan) -> float:
    """A plan's cost timed from scratch (insertions keep pushed starts as lower bounds)."""
    return schedule(plan.comp, plan.routes, lunches=plan.lunches).cost


def _previous_routes(comp: Compiled) -> list[list[int]]:
    """The previous plan's assignment as routes, in window order (the order is not kept)."""
    routes: list[list[int]] = [[] for _ in comp.carers]
    for task_id, carer_id in comp.problem.previous.items():
        i, k = comp.task_pos.get(task_id), comp.carer_pos.get(carer_id)
        if i is not None and k is not None:
            routes[k].append(i)
    for route in routes:
        route.sort(key=lambda i: (comp.open[i], comp.windows[i][0][1] if comp.windows[i] else 0))
    return routes


def _choose(problem: Problem) -> str:
    """Measured on the UHHC instances (docs/scheduling.md): with double visits, which PyVRP
    cannot model, ruin and recreate, then OR-Tools from its plan on days small enough for
    OR-Tools to move fast; without double visits, PyVRP's routing first."""
    if not problem.syncs:
        return "hybrid"
    return "polished" if len(problem.tasks) <= POLISH_MAX_TASKS else "local"


def _run(
    name: str,
    comp: Compiled,
    initial: Plan,
    deadline: float,
    seed: int,
    started: float,
    report: Progress,
) -> tuple[list[list[int]], list[int] | None] | None:
    """A stage's routes and lunch positions (None: the library places none)."""
    if name == "ortools":
        from coopnet.scheduling.ortools_solver import solve_ortools

        routes = solve_ortools(
            comp, initial.routes, deadline=deadline, started=started, progress=report
        )
        return None if routes is None else (routes, None)
    if name == "pyvrp":
        from coopnet.scheduling.pyvrp_solver import solve_pyvrp

        routes = solve_pyvrp(comp, deadline=deadline, seed=seed, started=started, progress=report)
        return None if routes is None else (routes, None)
    from coopnet.scheduling.local import solve_local

    found = solve_local(
        comp, initial, deadline=deadline, seed=seed, started=started, progress=report
    )
    return found.routes, found.lunches


def _better(problem: Problem, a: Solution, b: Solution) -> bool:
    ca, cb = check(problem, a), check(problem, b)
    if not ca.feasible:
        return False
    if not cb.feasible:
        return True
    return (ca.unassigned, ca.cost) < (cb.unassigned, cb.cost)


def repair(
    comp: Compiled, routes: list[list[int]], lunches: list[int] | None = None
) -> tuple[Plan, dict[int, str]]:
    """Make a solver's routes feasible: drop what breaks a rule, re-insert it where it fits.

    Visits are re-added unit by unit (a double visit is one unit) at their place in the
    solver's order; a unit that would break a rule is set aside and re-inserted greedily.
    Lunches are kept where given and feasible, else placed by the greedy insertion.
    """
    carer_of: dict[int, int] = {}
    rank: dict[int, int] = {}
    for k, route in enumerate(routes):
        for pos, i in enumerate(route):
            if i in carer_of or k not in comp.eligible[i]:
                continue
            carer_of[i] = k
            rank[i] = pos
    for i in list(carer_of):
        j = comp.partner[i]
        if j >= 0 and carer_of.get(j, -1) in (-1, carer_of[i]):
            del carer_of[i]
    clean = [[i for i in route if carer_of.get(i) == k] for k, route in enumerate(routes)]
    kept = [
        NO_LUNCH
        if at == NO_LUNCH or not clean[k]
        else sum(1 for i in routes[k][:at] if carer_of.get(i) == k)
        for k, at in enumerate(lunches or [NO_LUNCH] * len(routes))
    ]
    plan = next(
        (
            Plan(comp, clean, with_lunch)
            for with_lunch in (kept, None)
            if schedule(comp, clean, lunches=with_lunch).feasible
        ),
        None,
    )
    if plan is None:
        plan = Plan(comp)
        order = sorted(carer_of, key=lambda i: (rank[i], carer_of[i]))
        done: set[int] = set()
        for i in order:
            if i in done:
                continue
            j = comp.partner[i]
            unit = (i,) if j < 0 else (i, j)
            done.update(unit)
            slots = []
            for x in unit:
                k = carer_of[x]
                pos = sum(1 for y in plan.routes[k] if rank[y] < rank[x])
                slots.append((x, Slot(k, pos, 0.0, 0.0, 0.0)))
            plan.insert(slots)
    routed = {i for r in plan.routes for i in r}
    todo = [u for u in units(comp) if u[0] not in routed]
    left = fill(plan, todo)
    return plan, left


def _finish(comp: Compiled, plan: Plan, left: dict[int, str], name: str) -> Solution:
    timing = schedule(comp, plan.routes, lunches=plan.lunches)
    solution = to_solution(comp, plan.routes, timing, left, name)
    if timing.feasible and check(comp.problem, solution).feasible:
        return solution
    # Never hand back an infeasible plan: leave everything out rather than a broken day.
    empty: list[list[int]] = [[] for _ in comp.carers]
    reasons = {i: comp.reasons.get(i, NO_ROOM) for i in range(comp.n)}
    return to_solution(comp, empty, schedule(comp, empty), reasons, name)
