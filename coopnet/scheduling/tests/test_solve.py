"""solve(): every shared instance passes the checker; bad days give reasons, never crashes."""

import time
from dataclasses import replace
from typing import Any

import pytest

from coopnet.scheduling import (
    Carer,
    Problem,
    ProblemError,
    Sync,
    Task,
    TimeWindow,
    Weights,
    check,
    solve,
    uhhc,
)
from coopnet.scheduling.core import (
    ALL_FORBIDDEN,
    NO_SKILL,
    PARTNER_MISSING,
    PROFESSIONAL_ONLY,
    SAME_CARER,
    WINDOW_VS_SHIFTS,
)
from coopnet.scheduling.tests.conftest import DATA, UHHC_FILES, tiny_problem

ROME = DATA / "uhhc" / "italian" / "instance_093-rome-r10-p46-s2-sim6.4-seq11.1.json"
BIGGEST = DATA / "uhhc" / "mankowska" / "InstanzVNS_HCSRP_300_1.json"


@pytest.mark.parametrize("path", UHHC_FILES, ids=lambda p: p.stem[:24])
def test_every_shared_instance_is_solved_feasibly(path):
    # given a shared UHHC instance (all of them are satisfiable)
    problem = uhhc.load(path)
    # when it is solved with a short time limit
    solution = solve(problem, seconds=0.6, seed=1)
    # then the independent checker accepts it and no service is left out
    result = check(problem, solution)
    assert result.errors == []
    assert result.feasible
    assert solution.unassigned == {}
    assert result.assigned == len(problem.tasks)


def test_the_time_limit_is_respected_and_progress_reported():
    problem = uhhc.load(BIGGEST)
    seen: list[float] = []
    began = time.monotonic()
    solution = solve(problem, seconds=1.5, progress=seen.append)
    elapsed = time.monotonic() - began
    assert elapsed < 1.5 + 0.3
    assert seen[0] == 0.0
    assert seen[-1] == 1.0
    assert seen == sorted(seen)
    assert check(problem, solution).feasible


@pytest.mark.parametrize(
    "solver", ["greedy", "local", "hybrid", "polished", "ortools", "pyvrp", "auto"]
)
def test_every_solver_gives_a_checked_plan(solver):
    problem = uhhc.load(ROME)
    solution = solve(problem, seconds=1, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert solution.unassigned == {}


def test_searching_improves_on_the_greedy_baseline():
    problem = uhhc.load(ROME)
    greedy = check(problem, solve(problem, seconds=1, solver="greedy"))
    searched = check(problem, solve(problem, seconds=1.5))
    assert searched.cost < greedy.cost


def test_the_greedy_baseline_is_deterministic():
    problem = uhhc.load(DATA / "uhhc" / "mankowska" / "InstanzCPLEX_HCSRP_25_1.json")
    first = solve(problem, seconds=0.5, seed=3, solver="greedy")
    second = solve(problem, seconds=0.5, seed=3, solver="greedy")
    assert first.routes == second.routes


def _task(tid: str, **kw) -> Task:
    values: dict[str, Any] = {
        "location": 1,
        "duration": 30,
        "windows": (TimeWindow(60, 120),),
        "skill": "oss",
    }
    values.update(kw)
    return Task(tid, **values)


def test_impossible_tasks_are_listed_with_the_reason():
    # given a day where some visits can never be given
    base = tiny_problem()
    tasks = (
        *base.tasks,
        _task("physio", skill="fisioterapista"),  # nobody has the qualification
        _task("insulin", skill="infermiere_only"),  # only the volunteer has it
        _task("night", windows=(TimeWindow(700, 800),)),  # after every shift
        _task("blocked", forbidden=frozenset({"anna", "bruno", "vera"})),
        _task("d1", skill="infermiere"),  # a double visit only anna can give
        _task("d2", skill="infermiere"),
        _task("x1", skill="fisioterapista"),  # a double visit with an impossible half
        _task("x2"),
    )
    carers = (
        *base.carers[:2],
        replace(base.carers[2], skills=frozenset({"oss", "infermiere", "infermiere_only"})),
    )
    tasks = tuple(
        replace(t, volunteer_allowed=False) if t.id in ("insulin", "d1", "d2") else t for t in tasks
    )
    syncs = (*base.syncs, Sync("d1", "d2", "simultaneous"), Sync("x1", "x2", "simultaneous"))
    problem = tiny_problem(tasks=tasks, carers=carers, syncs=syncs)
    # when it is solved
    solution = solve(problem, seconds=1)
    # then the possible visits are planned and the others carry the reason
    assert check(problem, solution).feasible
    assert solution.unassigned == {
        "physio": NO_SKILL,
        "insulin": PROFESSIONAL_ONLY,
        "night": WINDOW_VS_SHIFTS,
        "blocked": ALL_FORBIDDEN,
        "d1": SAME_CARER,
        "d2": SAME_CARER,
        "x1": NO_SKILL,
        "x2": PARTNER_MISSING,
    }
    assert set(solution.assignment()) == {"wash", "meal", "t1", "t2", "nurse"}


def test_an_overbooked_day_is_planned_as_far_as_possible():
    # given one carer and twelve one-hour visits all due in the same morning
    tasks = tuple(_task(f"v{i}", duration=60, windows=(TimeWindow(60, 180),)) for i in range(12))
    carer = Carer("solo", frozenset({"oss"}), 0, 0, TimeWindow(0, 480))
    travel = [[0, 10], [10, 0]]
    problem = Problem("busy", tasks, (carer,), (), travel)
    solution = solve(problem, seconds=0.5)
    result = check(problem, solution)
    # then the plan is feasible, fills the shift, and lists the rest
    assert result.feasible, result.errors
    # the first visit can start at 60, six visits end at 420, back at 430; a seventh would
    # bring the carer back at 490, after the end of the shift
    assert len(solution.assignment()) == 6
    assert len(solution.unassigned) == 6
    assert set(solution.unassigned.values()) == {
        "nessun operatore qualificato libero in quella fascia oraria"
    }


def test_volunteers_never_get_professional_only_services():
    # given the Rome instance where half the carers are volunteers and every s2 service is
    # professional-only
    problem = uhhc.load(ROME)
    carers = tuple(replace(c, is_volunteer=n % 2 == 0) for n, c in enumerate(problem.carers))
    tasks = tuple(replace(t, volunteer_allowed=t.skill != "s2") for t in problem.tasks)
    problem = replace(problem, carers=carers, tasks=tasks)
    volunteers = {c.id for c in carers if c.is_volunteer}
    restricted = {t.id for t in tasks if not t.volunteer_allowed}
    for solver in ("auto", "ortools", "pyvrp"):
        # when it is solved
        solution = solve(problem, seconds=0.7, solver=solver)
        # then no volunteer route holds a professional-only task
        assert check(problem, solution).feasible
        given = solution.assignment()
        assert not {t for t in restricted if given.get(t) in volunteers}
        assert all(given.get(t) or t in solution.unassigned for t in restricted)


def test_replanning_after_an_absence_moves_only_what_it_must():
    # given a solved day
    problem = uhhc.load(ROME)
    first = solve(problem, seconds=1)
    before = first.assignment()
    # and the carer with the fewest visits falls ill
    absent = min(first.routes, key=lambda c: len(first.routes[c]) or 99)
    orphans = {t for t, c in before.items() if c == absent}
    replanned = replace(
        problem,
        carers=tuple(c for c in problem.carers if c.id != absent),
        previous=before,
        weights=replace(problem.weights, lost_continuity=500),
    )
    # when the day is re-planned
    second = solve(replanned, seconds=1)
    after = second.assignment()
    # then the absent carer's visits are reassigned and almost nobody else's move
    assert check(replanned, second).feasible
    assert absent not in second.routes
    moved = [t for t in before if t not in orphans and after.get(t) != before[t]]
    assert len(moved) <= 2, moved
    assert all(t in after or t in second.unassigned for t in orphans)
    assert check(replanned, second).lost_continuity == len(orphans) - len(
        [t for t in orphans if t in second.unassigned]
    ) + len(moved)


def test_continuity_and_preferences_are_weighed():
    # given wash prefers bruno, and preferences weigh heavily
    base = tiny_problem()
    tasks = tuple(
        replace(t, preferred=frozenset({"bruno"})) if t.id == "wash" else t for t in base.tasks
    )
    problem = tiny_problem(tasks=tasks, weights=Weights(non_preferred=1000))
    solution = solve(problem, seconds=0.5)
    assert solution.assignment()["wash"] == "bruno"
    assert check(problem, solution).non_preferred == 0


def test_an_inconsistent_problem_is_a_programming_error():
    base = tiny_problem()
    with pytest.raises(ProblemError, match="attività sconosciuta: ghost"):
        solve(replace(base, syncs=(Sync("t1", "ghost", "simultaneous"),)), seconds=0.1)
    with pytest.raises(ProblemError, match="fuori dalla matrice"):
        solve(replace(base, tasks=(_task("far", location=9),)), seconds=0.1)
    with pytest.raises(ValueError, match="solutore sconosciuto"):
        solve(base, seconds=0.1, solver="magic")


def test_an_empty_day_is_an_empty_plan():
    problem = tiny_problem(tasks=(), syncs=())
    solution = solve(problem, seconds=0.2)
    assert solution.assignment() == {}
    assert check(problem, solution).feasible


@pytest.mark.parametrize("solver", ["auto", "ortools", "pyvrp", "greedy"])
def test_shifts_and_working_hours_hold_for_every_solver(solver):
    # given the Rome day with morning and afternoon shifts and a 4-hour cap for some carers
    problem = uhhc.load(ROME)
    carers = tuple(
        replace(
            c,
            shift=TimeWindow(0, 330) if n % 2 == 0 else TimeWindow(200, 560),
            max_minutes=240 if n % 3 == 0 else None,
        )
        for n, c in enumerate(problem.carers)
    )
    problem = replace(problem, carers=carers)
    # when it is solved, the checker (which verifies shifts and hours) accepts the plan
    solution = solve(problem, seconds=0.8, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert result.assigned >= 20  # the shifts are short: not everything fits
    assert all(solution.unassigned.values())
