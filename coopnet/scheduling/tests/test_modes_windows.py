"""Carers travelling by their own transport mode, and visits with several time windows."""

import itertools
from dataclasses import replace

import pytest

from coopnet.scheduling import (
    Carer,
    Problem,
    ProblemError,
    Task,
    TimeWindow,
    Weights,
    check,
    solve,
    uhhc,
)
from coopnet.scheduling.checker import CheckResult
from coopnet.scheduling.core import compile_problem
from coopnet.scheduling.model import Solution, Visit
from coopnet.scheduling.tests.conftest import DATA, DAY

SOLVERS = ["greedy", "local", "ortools", "pyvrp", "auto"]
ROME = DATA / "uhhc" / "italian" / "instance_093-rome-r10-p46-s2-sim6.4-seq11.1.json"


def _feasible(problem: Problem, solver: str) -> tuple[Solution, CheckResult]:
    solution = solve(problem, seconds=0.5, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    return solution, result


def _two_places(minutes: float) -> list[list[float]]:
    return [[0, minutes], [minutes, 0]]


def _commute_day() -> Problem:
    """One home 10 minutes away by car, 50 on foot; the visit must start by minute 20."""
    return Problem(
        name="commute",
        tasks=(Task("visit", 1, 30, (TimeWindow(0, 20),), "oss"),),
        carers=(
            Carer("walker", frozenset({"oss"}), 0, 0, DAY, profile="walk"),
            Carer("driver", frozenset({"oss"}), 0, 0, DAY),
        ),
        syncs=(),
        travel=_two_places(10),
        profiles={"walk": _two_places(50)},
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_each_carer_travels_by_their_own_mode(solver):
    # given a visit the driver reaches on time and the walker 30 minutes late
    problem = _commute_day()
    # when it is solved, the driver gets it and nothing is late
    solution, result = _feasible(problem, solver)
    assert solution.assignment() == {"visit": "driver"}
    assert (result.travel_time, result.total_tardiness) == (20, 0)


def test_the_checker_times_a_route_by_the_carers_own_matrix():
    problem = _commute_day()
    # the walker cannot be there at minute 10 (that is the driver's time): on foot they
    # would have to leave 40 minutes before the shift starts
    walked = Solution(routes={"walker": [Visit("visit", "walker", 10, 40)]})
    result = check(problem, walked)
    assert result.errors == ["walker[0] visit: partenza alle -40 prima dell'inizio del turno (0)"]
    # at minute 50 it is feasible, 50 + 50 minutes of travel, and 30 minutes late
    walked = Solution(routes={"walker": [Visit("visit", "walker", 50, 80)]})
    result = check(problem, walked)
    assert result.feasible, result.errors
    assert (result.travel_time, result.total_tardiness) == (100, 30)


@pytest.mark.parametrize("solver", ["auto", "ortools", "pyvrp"])
def test_a_real_day_with_slower_carers_passes_the_checker(solver):
    # given the Rome day where every other carer goes on foot (four times slower)
    problem = uhhc.load(ROME)
    driving = problem.travel
    slow = [[4 * x for x in row] for row in driving]
    carers = tuple(
        replace(c, profile="walk" if n % 2 else "") for n, c in enumerate(problem.carers)
    )
    problem = replace(problem, carers=carers, profiles={"walk": slow})
    # when it is solved, the checker (timing each route by its carer's matrix) accepts it
    solution = solve(problem, seconds=1, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    # and the reported travel is each route priced by its own carer's matrix, chosen here
    # from the carer's position (odd ones walk) rather than by Problem.travel_for
    expected = 0.0
    for n, carer in enumerate(carers):
        visits = solution.routes.get(carer.id, [])
        if visits:
            matrix = slow if n % 2 else driving
            stops = [
                carer.start_location,
                *(problem.task(v.task_id).location for v in visits),
                carer.end_location,
            ]
            expected += sum(matrix[a][b] for a, b in itertools.pairwise(stops))
    assert result.travel_time == pytest.approx(expected)
    assert any(solution.routes.get(c.id) for n, c in enumerate(carers) if n % 2)  # some walk


def test_a_mode_without_a_matrix_is_a_programming_error():
    problem = _commute_day()
    with pytest.raises(ProblemError, match="walker: mezzo di trasporto senza matrice \\(walk\\)"):
        solve(replace(problem, profiles={"bike": _two_places(20)}), seconds=0.1)
    with pytest.raises(
        ProblemError, match="matrice dei tempi di viaggio \\(walk\\) non è quadrata"
    ):
        solve(replace(problem, profiles={"walk": [[0, 1]]}), seconds=0.1)


def _two_windows_day() -> Problem:
    """A home 50 minutes away; the visit may start at 0-10 or at 60-130."""
    return Problem(
        name="two-windows",
        tasks=(Task("visit", 1, 10, (TimeWindow(0, 10), TimeWindow(60, 130)), "oss"),),
        carers=(Carer("anna", frozenset({"oss"}), 0, 0, DAY),),
        syncs=(),
        travel=_two_places(50),
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_visit_late_for_one_window_waits_for_the_next(solver):
    # arriving at 50 is 40 minutes late for the first window; the second opens at 60
    solution, result = _feasible(_two_windows_day(), solver)
    assert [v.start for v in solution.visits()] == [60]
    assert result.total_tardiness == 0


def test_a_visit_slightly_late_starts_rather_than_wait_long():
    # arriving at 50 is 5 minutes late for a window ending at 45: better than waiting to 100
    problem = _two_windows_day()
    task = replace(problem.tasks[0], windows=(TimeWindow(0, 45), TimeWindow(100, 130)))
    problem = replace(problem, tasks=(task,))
    solution = solve(problem, seconds=0.3, solver="greedy")
    assert [v.start for v in solution.visits()] == [50]
    assert check(problem, solution).total_tardiness == 5


def test_routing_libraries_see_one_node_per_window_of_a_single_visit(tiny):
    # a single visit with two windows has two nodes; a double visit keeps one node per task
    wash = replace(tiny.tasks[0], windows=(TimeWindow(60, 90), TimeWindow(150, 200)))
    t1 = replace(tiny.tasks[2], windows=(TimeWindow(100, 120), TimeWindow(300, 400)))
    comp = compile_problem(replace(tiny, tasks=(wash, tiny.tasks[1], t1, *tiny.tasks[3:])))
    nodes = comp.nodes()
    assert nodes.count((0, 0)) == nodes.count((0, 1)) == 1
    assert [w for i, w in nodes if i == 2] == [0]
    assert comp.node_window(0, 1) == (150, 200)


def _one_home(tasks: tuple[Task, ...], carers: tuple[Carer, ...], **extra) -> Problem:
    return Problem(
        name="one-home", tasks=tasks, carers=carers, syncs=(), travel=_two_places(10), **extra
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_no_visit_overlaps_a_carers_break(solver):
    # given a carer on a lunch break 100-130 and a 30-minute visit that could start at 90
    problem = _one_home(
        (Task("lunch", 1, 30, (TimeWindow(90, 300),), "oss"),),
        (Carer("anna", frozenset({"oss"}), 0, 0, DAY, breaks=(TimeWindow(100, 130),)),),
    )
    # when it is solved, the visit starts when the break is over
    solution, _ = _feasible(problem, solver)
    assert [v.start for v in solution.visits()] == [130]


def test_the_checker_refuses_a_visit_during_a_break():
    problem = _one_home(
        (Task("lunch", 1, 30, (TimeWindow(90, 300),), "oss"),),
        (Carer("anna", frozenset({"oss"}), 0, 0, DAY, breaks=(TimeWindow(100, 130),)),),
    )
    plan = Solution(routes={"anna": [Visit("lunch", "anna", 90, 120)]})
    assert check(problem, plan).errors == ["anna[0] lunch: visita durante la pausa (100-130)"]


@pytest.mark.parametrize("solver", ["greedy", "local", "ortools", "auto"])
def test_a_workload_weight_shares_the_visits_between_carers(solver):
    # given four visits at one home, 10 minutes from two carers' start
    tasks = tuple(Task(f"v{n}", 1, 30, (TimeWindow(0, 600),), "oss") for n in range(4))
    carers = tuple(Carer(name, frozenset({"oss"}), 0, 0, DAY) for name in ("anna", "bruno"))
    # without a workload weight one carer gives them all (20 minutes of travel in all)
    _, alone = _feasible(_one_home(tasks, carers), solver)
    assert (alone.travel_time, alone.highest_workload) == (20, 140)
    # with it, the work is shared: 80 minutes each, for 20 more minutes of travel
    shared_day = _one_home(tasks, carers, weights=Weights(highest_workload=1))
    solution, shared = _feasible(shared_day, solver)
    assert (shared.travel_time, shared.highest_workload) == (40, 80)
    assert sorted(len(v) for v in solution.routes.values()) == [2, 2]
