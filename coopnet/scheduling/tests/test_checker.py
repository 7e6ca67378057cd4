"""The checker catches every kind of broken rule, on small hand-made plans."""

from dataclasses import replace

import pytest

from coopnet.scheduling import Solution, Sync, TimeWindow, Visit, check
from coopnet.scheduling.tests.conftest import tiny_problem


def plan(**routes: list[tuple[str, float]]) -> Solution:
    """Routes as carer=[(task, start), ...]; durations come from the tiny problem."""
    durations = {t.id: t.duration for t in tiny_problem().tasks}
    return Solution(
        routes={
            carer: [Visit(task, carer, start, start + durations[task]) for task, start in visits]
            for carer, visits in routes.items()
        }
    )


def good() -> Solution:
    return plan(
        anna=[("wash", 60), ("t1", 100), ("nurse", 200)],
        bruno=[("meal", 60), ("t2", 100)],
    )


def test_a_correct_plan_passes_and_is_measured(tiny):
    # given a plan that respects every rule
    # when it is checked
    result = check(tiny, good())
    # then it is feasible and its cost adds travel and tardiness
    assert result.errors == []
    assert result.feasible
    assert result.travel_time == 10 + 5 + 5 + 10 + 10 + 5 + 10
    assert result.total_tardiness == 0
    assert result.cost == result.travel_time


@pytest.mark.parametrize(
    ("routes", "expected"),
    [
        (
            {
                "anna": [("wash", 60), ("t1", 100), ("nurse", 200)],
                "bruno": [("meal", 60), ("t2", 100)],
            },
            None,
        ),
        (  # bruno has no nursing qualification
            {
                "anna": [("wash", 60), ("t1", 100)],
                "bruno": [("meal", 60), ("t2", 100), ("nurse", 200)],
            },
            "qualifica",
        ),
        (  # wash starts before its window opens at 60
            {
                "anna": [("wash", 30), ("t1", 100), ("nurse", 200)],
                "bruno": [("meal", 60), ("t2", 100)],
            },
            "apertura della finestra",
        ),
        (  # the double visit starts 10 minutes apart
            {
                "anna": [("wash", 60), ("t1", 100), ("nurse", 200)],
                "bruno": [("meal", 60), ("t2", 110)],
            },
            "non simultanei",
        ),
        (  # the same carer on both sides of the double visit
            {
                "anna": [("wash", 60), ("t1", 100), ("t2", 140), ("nurse", 200)],
                "bruno": [("meal", 60)],
            },
            "stesso operatore",
        ),
        (  # the volunteer gets the professional-only nursing visit
            {
                "anna": [("wash", 60), ("t1", 100)],
                "bruno": [("meal", 60), ("t2", 100)],
                "vera": [("nurse", 200)],
            },
            "riservato a personale professionale",
        ),
        (  # meal cannot start at 70: wash ends at 90 and the trip takes 5 more minutes
            {
                "anna": [("wash", 60), ("meal", 70), ("t1", 100), ("nurse", 200)],
                "bruno": [("t2", 100)],
            },
            "prima dell'arrivo",
        ),
        (  # nurse is left out without being reported unassigned
            {"anna": [("wash", 60), ("t1", 100)], "bruno": [("meal", 60), ("t2", 100)]},
            "non pianificata",
        ),
        (  # t1 planned twice
            {
                "anna": [("wash", 60), ("t1", 100), ("nurse", 200)],
                "bruno": [("meal", 60), ("t2", 100), ("t1", 150)],
            },
            "più volte",
        ),
    ],
)
def test_each_broken_rule_is_reported(tiny, routes, expected):
    # given a plan with (at most) one broken rule
    result = check(tiny, plan(**routes))
    # then the checker names it, or finds nothing if none is broken
    if expected is None:
        assert result.feasible, result.errors
    else:
        assert not result.feasible
        assert any(expected in e for e in result.errors), result.errors


def test_shift_end_is_a_hard_limit():
    # given bruno's shift ends at 145, before he can be back (150) from the double visit
    base = tiny_problem()
    carers = tuple(
        replace(c, shift=TimeWindow(0, 145)) if c.id == "bruno" else c for c in base.carers
    )
    problem = tiny_problem(carers=carers)
    # when the usual plan is checked
    result = check(problem, good())
    # then the late return is an error
    assert not result.feasible
    assert any("dopo la fine del turno" in e for e in result.errors)


def test_shift_start_is_a_hard_limit():
    base = tiny_problem()
    carers = tuple(
        replace(c, shift=TimeWindow(90, 600)) if c.id == "anna" else c for c in base.carers
    )
    result = check(tiny_problem(carers=carers), good())
    assert any("prima dell'inizio del turno" in e for e in result.errors)


def test_forbidden_carer_and_sequential_gap():
    # given anna must not visit "wash" and t2 must follow t1 by 45-60 minutes
    base = tiny_problem()
    tasks = tuple(
        replace(t, forbidden=frozenset({"anna"})) if t.id == "wash" else t for t in base.tasks
    )
    problem = tiny_problem(tasks=tasks, syncs=(Sync("t1", "t2", "sequential", 45, 60),))
    # when the usual plan (simultaneous, anna on wash) is checked
    result = check(problem, good())
    # then both are reported
    assert any("da evitare" in e for e in result.errors)
    assert any("richiesti 45-60" in e for e in result.errors)


def test_tardiness_at_start_or_end_of_service(tiny):
    # given meal (window 60-200, 20 minutes) starting at 190
    solution = plan(
        anna=[("wash", 60), ("t1", 100), ("meal", 190), ("nurse", 215)], bruno=[("t2", 100)]
    )
    # when lateness is measured at the start, meal is on time; at the end, 10 minutes late
    at_start = check(tiny, solution)
    at_end = check(tiny_problem(tardiness_at="end"), solution)
    assert at_start.feasible
    assert at_start.total_tardiness == 0
    assert at_end.total_tardiness == 10 + 0
    assert at_end.highest_tardiness == 10


def test_reported_unassigned_tasks_are_not_errors(tiny):
    solution = good()
    solution.routes["anna"] = solution.routes["anna"][:2]
    solution.unassigned["nurse"] = "nessun operatore con la qualifica richiesta"
    result = check(tiny, solution)
    assert result.feasible
    assert result.unassigned == 1
    assert result.cost == result.travel_time + tiny.weights.unassigned


def test_only_one_half_of_a_double_visit_is_an_error(tiny):
    solution = good()
    solution.routes["bruno"] = solution.routes["bruno"][:1]
    solution.unassigned["t2"] = "motivo"
    result = check(tiny, solution)
    assert any("solo una delle due" in e for e in result.errors)
