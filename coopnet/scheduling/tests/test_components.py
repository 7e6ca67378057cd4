"""The whole UHHC objective (issue 11): each component imported, checked and printed.

The expected numbers are worked out by hand in the comments, from the hhcrsp-toolbox
validator's definitions.
"""

import copy
import dataclasses
import json

import pytest

from coopnet.scheduling import (
    Carer,
    LunchSpec,
    Problem,
    Sync,
    Task,
    TimeWindow,
    Weights,
    check,
    solve,
    uhhc,
)
from coopnet.scheduling.tests.conftest import DATA
from coopnet.scheduling.tests.test_cli import run

VALIDATION = sorted((DATA / "uhhc-validation").glob("*.json"))

# Places: depot 0, p1 at 1, p2 at 2, p4 at 3, p3 at 4.
# 0-1: 10, 1-2: 5, 0-2: 10, 0-3: 20, any other pair 15.
NEAR = {(0, 1): 10, (1, 2): 5, (0, 2): 10, (0, 3): 20}
MATRIX = [
    [0 if a == b else NEAR.get((min(a, b), max(a, b)), 15) for b in range(5)] for a in range(5)
]
WEIGHTS = {
    "travel_time": 1,
    "total_tardiness": 2,
    "highest_tardiness": 3,
    "total_waiting_time": 4,
    "max_waiting_time": 5,
    "total_extra_time": 6,
    "max_idle_time": 7,
    "caregiver_preferences": 8,
    "optional_patients": 9,
    "missed_lunch_break": 10,
    "workload_balance": 11,
    "incompabilities": 12,
}


def patient(pid, index, duration, window, **extra):
    return {
        "id": pid,
        "distance_matrix_index": index,
        "required_services": [{"service": "s1", "duration": duration}],
        "time_windows": [{"start": window[0], "end": window[1]}],
        **extra,
    }


def carer(cid, end, lunch):
    return {
        "id": cid,
        "abilities": ["s1"],
        "departing_point": "d0",
        "arrival_point": "d0",
        "working_shift": {"start": 0, "end": end},
        "lunch_break": lunch,
    }


def instance(**weights) -> dict:
    return {
        "metadata": {
            "name": "tiny-full",
            "time_window_met": "at_service_start",
            "cost_components": {**WEIGHTS, **weights},
        },
        "distances": MATRIX,
        "terminal_points": [{"id": "d0", "distance_matrix_index": 0}],
        "services": [{"id": "s1", "type": "t1", "default_duration": 10}],
        "lunch_breaks": {"start": 120, "end": 180, "min_duration": 30},
        "caregivers": [carer("c1", 200, True), carer("c2", 100, True), carer("c3", 300, False)],
        "patients": [
            patient("p1", 1, 30, (40, 60), optional=False),
            patient("p2", 2, 20, (90, 100), preferred_caregivers=["c2"]),
            patient("p4", 3, 60, (50, 60), incompatible_caregivers=["c2"]),
            patient("p3", 4, 10, (0, 300), optional=True),
        ],
    }


def visit(pid, start, end, service="s1"):
    return {
        "patient": pid,
        "service": service,
        "start_service_time": start,
        "end_service_time": end,
    }


def plan(c1=None, c2=None) -> dict:
    """c1: p1 50-80, p2 110-130, lunch 140-170; c2: p4 60-120; p3 (optional) left out."""
    default_c1 = [visit("p1", 50, 80), visit("p2", 110, 130), visit("p2", 140, 170, "lunch_break")]
    return {
        "routes": [
            {"caregiver_id": "c1", "locations": default_c1 if c1 is None else c1},
            {"caregiver_id": "c2", "locations": [visit("p4", 60, 120)] if c2 is None else c2},
        ]
    }


def checked(data=None, solution=None):
    problem = uhhc.load(data or instance())
    return check(problem, uhhc.load_solution(problem, solution or plan()))


def test_every_component_is_measured_as_the_uhhc_validator_defines_it():
    result = checked()
    assert result.errors == []
    # travel: c1 depot-p1 10, p1-p2 5, p2-lunch at p2 0, back 10; c2 depot-p4 20, back 20
    assert result.travel_time == 25 + 40
    # tardiness at the start: p2 starts at 110, its window closes at 100
    assert (result.total_tardiness, result.highest_tardiness) == (10, 10)
    # waiting: c1 leaves at 40 and is at p1 at 50 (0), at p2 at 85 for 110 (25), free at
    # 130 for the lunch at 140 (10); c2 leaves at 40 for p4 at 60 (0)
    assert (result.total_waiting_time, result.max_waiting_time) == (35, 25)
    # overtime: c2 is back at 120 + 20 = 140, shift end 100
    assert result.total_extra_time == 40
    # idle: c1 40 before leaving + 35 waiting + 200 - 180 after returning = 95; c2 40 + 0;
    # c3, with no route, counts nothing
    assert result.max_idle_time == 95
    # p2 prefers c2 and gets c1; p3 (optional) is left out; c2 gets no lunch; p4 avoids c2
    assert result.non_preferred == 1
    assert result.optional_patients == 1
    assert result.missed_lunch_break == 1
    assert result.incompatibilities == 1
    # workload (service as written + travel): c1 50 + 25 = 75, c2 60 + 40 = 100, c3 0;
    # average 175 / 3; ceil(16.67) + ceil(41.67) + ceil(58.33) = 17 + 42 + 59
    assert result.workload_balance == 118
    assert result.unassigned == 0
    assert result.feasible
    expected = (
        1 * 65 + 2 * 10 + 3 * 10 + 4 * 35 + 5 * 25 + 6 * 40 + 7 * 95
        + 8 * 1 + 9 * 1 + 10 * 1 + 11 * 118 + 12 * 1
    )  # fmt: skip
    assert result.cost == expected == 2622


def test_a_lunch_that_opens_the_day_hides_the_wait_after_it():
    # given c1 starting the day with lunch at p1 (120-150), then p2 at 160 (window 90-100)
    c1 = [visit("p1", 120, 150, "lunch_break"), visit("p1", 155, 185), visit("p2", 200, 220)]
    result = checked(solution=plan(c1=c1))
    # then the 5 minutes between lunch and p1 are idle but not waiting time (as the
    # validator does), and p1 -> p2 waits 200 - 190 = 10
    assert result.errors == []
    assert result.total_waiting_time == 0 + 10 + 0  # lunch, p2, and c2 at p4
    # c1 leaves at 120 - 10 = 110: idle 110 + 5 + 10 + (200 - 230 < 0: 0) = 125
    assert result.max_idle_time == 125
    # and c1 is back at 220 + 10 = 230: 30 minutes of overtime (and c2's 40)
    assert result.total_extra_time == 30 + 40


@pytest.mark.parametrize(
    ("lunch", "reason"),
    [
        ((100, 140), "fuori dalla fascia"),  # starts before 120
        ((185, 215), "fuori dalla fascia"),  # starts after 180
        ((140, 160), "più breve di 30"),
    ],
)
def test_a_lunch_break_outside_the_rules_is_an_error(lunch, reason):
    c1 = [
        visit("p1", 50, 80),
        visit("p2", 110, 130),
        visit("p2", lunch[0], lunch[1], "lunch_break"),
    ]
    result = checked(solution=plan(c1=c1))
    assert any(reason in e for e in result.errors), result.errors


def test_with_lunch_measured_at_the_end_it_must_end_by_the_latest():
    data = instance()
    data["metadata"]["time_window_met"] = "at_service_end"
    c1 = [visit("p1", 50, 80), visit("p2", 110, 130), visit("p2", 160, 190, "lunch_break")]
    assert any("fuori dalla fascia" in e for e in checked(data, plan(c1=c1)).errors)
    # at the start, a lunch starting at 160 and ending at 190 is in the window
    assert not any("fuori dalla fascia" in e for e in checked(None, plan(c1=c1)).errors)


@pytest.mark.parametrize(
    ("component", "reason"),
    [
        ("total_extra_time", "dopo la fine del turno"),
        ("missed_lunch_break", "c2: manca la pausa pranzo"),
        ("incompabilities", "da evitare"),
    ],
)
def test_a_hard_component_makes_its_violation_an_error(component, reason):
    result = checked(instance(**{component: "HARD"}))
    assert not result.feasible
    assert any(reason in e for e in result.errors), result.errors


def test_without_an_optional_patients_weight_every_patient_is_mandatory():
    data = instance()
    del data["metadata"]["cost_components"]["optional_patients"]
    result = checked(data)
    assert "p3:s1: attività non pianificata" in result.errors


def test_a_mandatory_patient_left_out_costs_the_unassigned_penalty_too():
    problem = uhhc.load(instance())
    solution = uhhc.load_solution(problem, plan(c2=[]))
    solution.unassigned["p4:s1"] = "nessun operatore libero"
    result = check(problem, solution)
    # p3 and p4 have no visit: 2 patients left out, one of them mandatory
    assert (result.optional_patients, result.unassigned) == (2, 1)
    # travel 25, tardiness 10 and 10, waiting 35 (max 25), no overtime, idle 95, one
    # preference, two patients left out, one missed lunch, workloads 75, 0, 0 (average 25:
    # balance 50 + 25 + 25), no incompatibility, and 10,000 for the mandatory task
    expected = (
        25 + 2 * 10 + 3 * 10 + 4 * 35 + 5 * 25 + 7 * 95 + 8 * 1 + 9 * 2 + 10 * 1 + 11 * 100
        + 10_000
    )  # fmt: skip
    assert result.cost == expected == 12_141


@pytest.mark.parametrize(
    ("component", "value", "reason"),
    [
        ("qualification", 5, "componente di costo non gestita"),
        ("tw_max_dev_in_time", 1, "componente di costo non gestita"),
        ("travel_time", "HARD", r"il vincolo rigido \(HARD\) non è gestito"),
    ],
)
def test_a_component_coopnet_cannot_model_is_refused_by_name(component, value, reason):
    with pytest.raises(uhhc.UhhcError, match=rf"cost_components\.{component}: {reason}"):
        uhhc.load(instance(**{component: value}))


def test_the_lunch_break_round_trips_through_the_solution_file():
    problem = uhhc.load(instance())
    solution = uhhc.load_solution(problem, plan())
    data = uhhc.dump_solution(problem, solution)
    lunch = [loc for loc in data["routes"][0]["locations"] if loc["service"] == "lunch_break"]
    assert lunch == [visit("p2", 140, 170, "lunch_break")]
    assert check(problem, uhhc.load_solution(problem, copy.deepcopy(data))).cost == 2622
    assert data["cost_components"]["missed_lunch_break"] == 1


def test_the_six_validation_instances_load_with_every_component():
    assert len(VALIDATION) == 6
    for path in VALIDATION:
        problem = uhhc.load(path)
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        assert problem.lunch is not None
        assert any(c.lunch for c in problem.carers)
        shown = check(problem, uhhc.load_solution(problem, {"routes": []})).shown
        assert set(metadata["cost_components"]) - {
            "travel_time",
            "total_tardiness",
            "highest_tardiness",
        } == set(shown)


def test_check_prints_every_component_of_a_validation_instance(tmp_path):
    path = DATA / "uhhc-validation" / "i-083.json"
    out = tmp_path / "solution.json"
    solved = run("solve", path, "--seconds", 1, "--out", out, "--solver", "greedy")
    assert solved.returncode == 0, solved.stderr
    checked_run = run("check", path, out)
    result = json.loads(checked_run.stdout)
    components = json.loads(path.read_text(encoding="utf-8"))["metadata"]["cost_components"]
    assert set(components) <= set(result)
    assert set(result) - set(components) == {"feasible", "cost", "errors"}
    assert result["feasible"] is (checked_run.returncode == 0)


def overtime_day(**weights) -> Problem:
    """One carer (shift 0-100) and one visit whose only start (80-90) ends the day at 120."""
    return Problem(
        name="overtime",
        tasks=(Task("late", 1, 30, (TimeWindow(80, 90),), "oss", client="rosa"),),
        carers=(Carer("anna", frozenset({"oss"}), 0, 0, TimeWindow(0, 100)),),
        syncs=(),
        travel=[[0, 10], [10, 0]],
        weights=Weights(**weights),
    )


ALL_PATHS = ["greedy", "local", "ortools", "pyvrp"]


@pytest.mark.parametrize("solver", ALL_PATHS)
def test_a_visit_that_needs_overtime_is_planned_with_overtime(solver):
    # given a visit that can only be given if anna stays 20 minutes past her shift
    problem = overtime_day(overtime=7)
    # when the day is planned with overtime priced
    solution = solve(problem, seconds=0.5, solver=solver)
    result = check(problem, solution)
    # then the visit is given (80-110, back at 120) and the 20 minutes are paid
    assert solution.unassigned == {}
    assert result.feasible
    assert result.total_extra_time == 20
    assert result.cost == 20 + 7 * 20


def test_where_overtime_is_a_wall_the_visit_is_left_out():
    solution = solve(overtime_day(), seconds=0.2, solver="greedy")
    assert list(solution.unassigned) == ["late"]


def optional_day(penalty: float) -> Problem:
    """anna has one mandatory visit next door and an optional one 20 minutes further."""
    return Problem(
        name="optional",
        tasks=(
            Task("must", 1, 30, (TimeWindow(0, 300),), "oss", client="rosa"),
            Task("may", 2, 30, (TimeWindow(0, 300),), "oss", client="ugo", optional=True),
        ),
        carers=(Carer("anna", frozenset({"oss"}), 0, 0, TimeWindow(0, 300)),),
        syncs=(),
        travel=[[0, 10, 30], [10, 0, 20], [30, 20, 0]],
        weights=Weights(optional_patients=penalty),
    )


@pytest.mark.parametrize("solver", ALL_PATHS)
@pytest.mark.parametrize(("penalty", "given"), [(5, False), (100, True)])
def test_an_optional_visit_is_given_only_when_it_costs_less_than_postponing_it(
    solver, penalty, given
):
    # giving "may" costs 10 + 20 + 30 - 10 - 10 = 40 more minutes of travel
    problem = optional_day(penalty)
    solution = solve(problem, seconds=0.3, solver=solver)
    result = check(problem, solution)
    assert result.feasible
    assert ("may" in solution.assignment()) is given
    assert "must" in solution.assignment()
    assert result.cost == (60 if given else 20 + penalty)


def test_the_solvers_cost_is_the_checkers_cost():
    # given the tiny full instance planned by hand, timed by the solvers' core
    from coopnet.scheduling.core import compile_problem
    from coopnet.scheduling.timing import from_solution, schedule, to_solution

    problem = uhhc.load(instance())
    comp = compile_problem(problem)
    routes, lunches = from_solution(comp, uhhc.load_solution(problem, plan()))
    timing = schedule(comp, routes, lunches=lunches)
    solution = to_solution(comp, routes, timing, {}, "test")
    # then c1's lunch stays after p2, every stop as early as it can be: p1 at 40 (its
    # window opens), p2 at 90 (arrived at 75), the lunch when its window opens, 120-150
    assert lunches == [2, -1, -1]
    assert solution.lunches == {"c1": TimeWindow(120, 150)}
    # and the core prices overtime, waiting, idle time, balance, the optional patient left
    # out and the missed lunch as the checker does
    result = check(problem, solution)
    assert result.feasible
    assert result.missed_lunch_break == 1
    assert timing.cost == result.cost


def test_the_solver_places_each_lunch_break_where_it_costs_least():
    # given the tiny full instance (lunch 120-180, at least 30 minutes) where a missed
    # lunch costs more than any wait it may add, solved from scratch
    problem = uhhc.load(instance(missed_lunch_break=1000))
    solution = solve(problem, seconds=0.5, solver="local")
    result = check(problem, solution)
    # then it is feasible, and every carer with visits who is owed a lunch gets one that
    # keeps the rules
    assert result.feasible, result.errors
    owed = {c.id for c in problem.carers if c.lunch and solution.routes.get(c.id)}
    assert owed
    assert set(solution.lunches) == owed
    for lunch in solution.lunches.values():
        assert 120 <= lunch.start <= 180
        assert lunch.end - lunch.start == 30


def test_a_lunch_fills_a_gap_between_two_visits():
    # given anna owed a lunch (180-360, 30 minutes) between a visit ending at 200 and one
    # starting at 300 next door
    problem = Problem(
        name="lunch",
        tasks=(
            Task("am", 1, 30, (TimeWindow(170, 170),), "oss", client="rosa"),
            Task("pm", 1, 30, (TimeWindow(300, 300),), "oss", client="rosa2"),
        ),
        carers=(Carer("anna", frozenset({"oss"}), 0, 0, TimeWindow(0, 600), lunch=True),),
        syncs=(),
        travel=[[0, 10], [10, 0]],
        weights=Weights(missed_lunch_break=50, total_waiting_time=1),
        lunch=LunchSpec(180, 360, 30),
    )
    solution = solve(problem, seconds=0.2, solver="greedy")
    # then the lunch starts when "am" ends (200) and the wait drops from 100 to 70
    assert solution.lunches == {"anna": TimeWindow(200, 230)}
    result = check(problem, solution)
    assert (result.missed_lunch_break, result.total_waiting_time) == (0, 70)


def lunch_or_not(missed: float) -> Problem:
    """anna (shift 0-250) gives "am" at 150-180 and "pm" from 200, both next door; her
    30-minute lunch may start from 180 to 360: between them it makes "pm" 10 minutes late
    (100 at 10 a minute), after "pm" it brings her back at 270, 20 minutes past her
    shift (200 at 10 a minute)."""
    return Problem(
        name="lunch-or-not",
        tasks=(
            Task("am", 1, 30, (TimeWindow(150, 150),), "oss", client="rosa"),
            Task("pm", 1, 30, (TimeWindow(200, 200),), "oss", client="ugo"),
        ),
        carers=(Carer("anna", frozenset({"oss"}), 0, 0, TimeWindow(0, 250), lunch=True),),
        syncs=(),
        travel=[[0, 10], [10, 0]],
        weights=Weights(
            total_tardiness=10, highest_tardiness=0, overtime=10, missed_lunch_break=missed
        ),
        lunch=LunchSpec(180, 360, 30),
    )


@pytest.mark.parametrize(
    ("missed", "lunch", "cost"),
    [
        (50, None, 20 + 50),  # both placements cost more (100, 200) than missing it
        (200, TimeWindow(180, 210), 20 + 10 * 10),  # between the visits, "pm" 10 late
        (1000, TimeWindow(180, 210), 20 + 10 * 10),
    ],
)
@pytest.mark.parametrize("solver", ALL_PATHS)
def test_a_lunch_is_placed_only_where_it_costs_less_than_missing_it(solver, missed, lunch, cost):
    problem = lunch_or_not(missed)
    solution = solve(problem, seconds=0.3, solver=solver)
    result = check(problem, solution)
    assert result.feasible, result.errors
    assert solution.lunches.get("anna") == lunch
    assert result.cost == cost


@pytest.mark.parametrize("solver", ALL_PATHS)
def test_a_lunch_that_delays_a_double_visits_partner_is_priced_with_the_delay(solver):
    # given lunch_or_not where "pm" is a double visit with bruno's "pm2" (same house, same
    # minute) and a missed lunch costs 150: anna's lunch between her visits makes "pm" 10
    # minutes late (100), less than the missed lunch on her route alone, but bruno's "pm2"
    # waits for her and is 10 late too (another 100); after "pm" it costs 200 of overtime
    base = lunch_or_not(150)
    problem = dataclasses.replace(
        base,
        tasks=(*base.tasks, Task("pm2", 1, 30, (TimeWindow(200, 200),), "inf", client="ugo")),
        carers=(*base.carers, Carer("bruno", frozenset({"inf"}), 0, 0, TimeWindow(0, 250))),
        syncs=(Sync("pm", "pm2", "simultaneous"),),
    )
    solution = solve(problem, seconds=0.3, solver=solver)
    result = check(problem, solution)
    # then anna misses her lunch: travel 20 + 20, the missed lunch 150
    assert result.feasible, result.errors
    assert solution.lunches == {}
    assert result.cost == 40 + 150
