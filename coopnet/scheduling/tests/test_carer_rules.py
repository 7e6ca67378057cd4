"""Each carer's own lunch window and overtime price (issue 11, item 4 in the care app).

Tiny instances worked out by hand: the home (place 1) is 10 minutes from the depot (0).
"""

import pytest

from coopnet.scheduling import (
    Carer,
    LunchSpec,
    Problem,
    Solution,
    Task,
    TimeWindow,
    Visit,
    Weights,
    check,
    solve,
)
from coopnet.scheduling.core import compile_problem
from coopnet.scheduling.cpsat import solve_cpsat

TRAVEL = [[0, 10], [10, 0]]
PATHS = ["greedy", "local", "ortools", "pyvrp"]


def carer(cid: str, end: float = 200, **extra) -> Carer:
    return Carer(cid, frozenset({"oss"}), 0, 0, TimeWindow(0, end), **extra)


def evening(*carers: Carer, overtime: float | None = None) -> Problem:
    """One 30-minute visit at 190 sharp next door (too late for 190 or later is allowed but
    costs 100 a minute): back at 230, 30 minutes past every shift end (200)."""
    return Problem(
        name="evening",
        tasks=(Task("late", 1, 30, (TimeWindow(190, 190),), "oss", client="rosa"),),
        carers=carers,
        syncs=(),
        travel=TRAVEL,
        weights=Weights(total_tardiness=100, highest_tardiness=0, overtime=overtime),
    )


@pytest.mark.parametrize(
    ("bea", "who", "cost"),
    [
        # bea's own price (1) is lower than anna's (3): 20 of travel + 30 x 1
        (carer("bea", overtime=1), "bea", 20 + 30),
        # bea may work 20 minutes over, not 30: anna, 20 + 30 x 3
        (carer("bea", overtime=1, max_overtime=20), "anna", 20 + 90),
        # bea has no price of her own and the problem none: her shift end is a wall
        (carer("bea"), "anna", 20 + 90),
    ],
)
@pytest.mark.parametrize("solver", PATHS)
def test_overtime_goes_to_the_carer_whose_price_is_lowest(solver, bea, who, cost):
    problem = evening(carer("anna", overtime=3), bea)
    solution = solve(problem, seconds=0.3, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert solution.assignment() == {"late": who}
    assert (result.total_extra_time, result.cost) == (30, cost)


def test_a_carer_without_a_price_pays_the_problems_and_the_cp_sat_model_agrees():
    # anna at her own 3 a minute, bea at the problem's 2: bea, 20 + 30 x 2
    problem = evening(carer("anna", overtime=3), carer("bea"), overtime=2)
    solution, status = solve_cpsat(compile_problem(problem), seconds=5)
    assert status == "OPTIMAL"
    assert solution is not None
    assert solution.assignment() == {"late": "bea"}
    assert check(problem, solution).cost == 20 + 60
    assert check(problem, solve(problem, seconds=0.3, solver="local")).cost == 20 + 60


def test_the_checker_prices_each_carers_overtime_and_refuses_it_past_the_allowance():
    problem = evening(carer("anna", overtime=3), carer("bea", overtime=1, max_overtime=20))
    for who, price, errors in (("anna", 3, []), ("bea", 1, 1)):
        plan = Solution(routes={who: [Visit("late", who, 190, 220)]})
        result = check(problem, plan)
        assert (result.total_extra_time, result.cost) == (30, 20 + 30 * price)
        if errors:
            assert result.errors == [
                "bea: rientro alle 230 dopo la fine del turno (200) e dello straordinario "
                "consentito (220)"
            ]
        else:
            assert result.feasible


SHIFT = TimeWindow(0, 300)


def lunches(anna_window: LunchSpec) -> Problem:
    """anna and bea each give one hour next door from 40 sharp (back at 110 at the
    earliest); anna is owed a lunch in her own window, bea in the problem's (200-260,
    30 minutes): hers starts at 200, after her visit, and she is back at 240. A missed
    lunch costs 50, a minute late 1 (plus 1 for the highest)."""
    return Problem(
        name="lunches",
        tasks=(
            Task("a", 1, 60, (TimeWindow(40, 40),), "x", client="rosa"),
            Task("b", 1, 60, (TimeWindow(40, 40),), "y", client="ugo"),
        ),
        carers=(
            Carer("anna", frozenset({"x"}), 0, 0, SHIFT, lunch=True, lunch_window=anna_window),
            Carer("bea", frozenset({"y"}), 0, 0, SHIFT, lunch=True),
        ),
        syncs=(),
        travel=TRAVEL,
        weights=Weights(missed_lunch_break=50),
        lunch=LunchSpec(200, 260, 30),
    )


@pytest.mark.parametrize(
    ("window", "anna_lunch", "cost"),
    [
        # 100-130, right after her visit: both have lunch, 40 of travel
        (LunchSpec(100, 130, 30), TimeWindow(100, 130), 40),
        # 60-90 (by 90): before the visit it makes it 60 minutes late (60 + 60 > 50),
        # after it it is too late: she misses it, 40 + 50
        (LunchSpec(60, 90, 30), None, 40 + 50),
    ],
)
@pytest.mark.parametrize("solver", [*PATHS, "cp-sat"])
def test_each_carer_takes_lunch_in_her_own_window(solver, window, anna_lunch, cost):
    problem = lunches(window)
    if solver == "cp-sat":
        solution, status = solve_cpsat(compile_problem(problem), seconds=5)
        assert status == "OPTIMAL"
        assert solution is not None
    else:
        solution = solve(problem, seconds=0.3, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert solution.lunches.get("anna") == anna_lunch
    assert solution.lunches["bea"] == TimeWindow(200, 230)
    assert result.cost == cost


def test_the_checker_holds_each_lunch_to_its_carers_window():
    # anna's lunch at 200-230 is in the problem's window, not in her own (60-90)
    problem = lunches(LunchSpec(60, 90, 30))
    plan = Solution(
        routes={"anna": [Visit("a", "anna", 40, 100)], "bea": [Visit("b", "bea", 40, 100)]},
        lunches={"anna": TimeWindow(200, 230), "bea": TimeWindow(200, 230)},
    )
    assert check(problem, plan).errors == ["anna: pausa pranzo 200-230 fuori dalla fascia 60-90"]
