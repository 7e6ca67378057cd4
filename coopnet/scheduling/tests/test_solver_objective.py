"""The whole objective in the solvers (issue 11): waiting priced by the greedy insertion,
optional visits postponed when an idle carer costs more, and the CP-SAT yardstick on the
hand-computed instances of `test_components`."""

import pytest

from coopnet.scheduling import Carer, Problem, Task, TimeWindow, Weights, check, solve
from coopnet.scheduling.core import POSTPONED
from coopnet.scheduling.tests.test_components import lunch_or_not, optional_day, overtime_day


def waiting_day(wait: float) -> Problem:
    """anna gives "a" at 10-20 next door to "x" (5 minutes), whose window is at 100;
    bruno gives "b" at 75-85, 15 minutes from "x". Places: depot 0, a 1, b 2, x 3."""
    near = {(0, 1): 10, (0, 2): 10, (0, 3): 10, (1, 2): 10, (1, 3): 5, (2, 3): 15}
    travel = [[0 if a == b else near[min(a, b), max(a, b)] for b in range(4)] for a in range(4)]
    return Problem(
        name="waiting",
        tasks=(
            Task("a", 1, 10, (TimeWindow(10, 10),), "anna"),
            Task("b", 2, 10, (TimeWindow(75, 75),), "bruno"),
            Task("x", 3, 10, (TimeWindow(100, 100),), "oss"),
        ),
        carers=(
            Carer("anna", frozenset({"anna", "oss"}), 0, 0, TimeWindow(0, 300)),
            Carer("bruno", frozenset({"bruno", "oss"}), 0, 0, TimeWindow(0, 300)),
        ),
        syncs=(),
        travel=travel,
        weights=Weights(total_waiting_time=wait),
    )


@pytest.mark.parametrize(
    ("wait", "carer", "cost"),
    [
        # anna adds 5 + 10 - 10 = 5 minutes of travel but waits 75 for "x"; bruno adds
        # 15 + 10 - 10 = 15 and waits for nothing (each leaves just in time)
        (0, "anna", 20 + 25),
        (1, "bruno", 20 + 35),
    ],
)
def test_the_greedy_insertion_prices_waiting(wait, carer, cost):
    problem = waiting_day(wait)
    solution = solve(problem, seconds=0.1, solver="greedy")
    assert solution.assignment()["x"] == carer
    assert check(problem, solution).cost == cost


@pytest.mark.parametrize(
    ("problem", "cost"),
    [
        (overtime_day(overtime=7), 20 + 7 * 20),
        (optional_day(5), 20 + 5),
        (optional_day(100), 60),
        (lunch_or_not(50), 20 + 50),
        (lunch_or_not(200), 20 + 10 * 10),
        (waiting_day(1), 20 + 35),
    ],
)
def test_the_cp_sat_model_finds_the_hand_computed_optimum(problem, cost):
    from coopnet.scheduling.core import compile_problem
    from coopnet.scheduling.cpsat import solve_cpsat

    solution, status = solve_cpsat(compile_problem(problem), seconds=10)
    assert solution is not None
    assert status == "OPTIMAL"
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert result.cost == cost


@pytest.mark.parametrize("solver", ["greedy", "local"])
def test_optional_visits_are_all_postponed_when_an_idle_carer_costs_more(solver):
    # given only "may" (optional, penalty 100): giving it costs 20 minutes of travel, but
    # anna's 300-minute shift would then be idle for 300 - 20 - 30 = 250 minutes at 10 each
    base = optional_day(100)
    problem = Problem(
        name="idle",
        tasks=(base.tasks[1],),
        carers=base.carers,
        syncs=(),
        travel=base.travel,
        weights=Weights(optional_patients=100, max_idle_time=10),
    )
    solution = solve(problem, seconds=0.3, solver=solver)
    # then it is postponed: 100 rather than 20 + 2,500
    assert solution.unassigned == {"may": POSTPONED}
    assert check(problem, solution).cost == 100


def test_the_cp_sat_model_returns_a_plan_from_the_greedy_hint():
    # from nothing it finds no plan in 30 s on the larger uhhc-validation instances; timing
    # the hint's routes first gives it a complete, feasible start within a few seconds
    from coopnet.scheduling import uhhc
    from coopnet.scheduling.core import compile_problem
    from coopnet.scheduling.cpsat import solve_cpsat
    from coopnet.scheduling.tests.conftest import DATA

    problem = uhhc.load(DATA / "uhhc-validation" / "i-083.json")
    hint = solve(problem, seconds=0, solver="greedy")
    solution, status = solve_cpsat(compile_problem(problem), seconds=5, hint=hint)
    assert status in ("FEASIBLE", "OPTIMAL")
    assert solution is not None
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert result.unassigned == 0
