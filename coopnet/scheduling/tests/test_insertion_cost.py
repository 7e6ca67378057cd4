"""The insertion cost re-times only the visits a new one pushes (`timing.push`): it must be
what re-timing the whole route and pricing it by `Totals.cost` gives, slot by slot."""

import dataclasses
import math
import random

import pytest

from coopnet.scheduling import uhhc
from coopnet.scheduling.core import compile_problem
from coopnet.scheduling.greedy import _shifted, solve_greedy
from coopnet.scheduling.tests.conftest import DATA, UHHC_FILES
from coopnet.scheduling.timing import NO_LUNCH, route_stats, time_route

INSTANCES = [
    DATA / "uhhc-validation" / "i-077.json",
    DATA / "uhhc-validation" / "i-083.json",
    *(f for f in UHHC_FILES if "rome-r10" in f.name or "HCSRP_25_1" in f.name),
]


@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem[:20])
def test_the_pushed_insertion_cost_is_the_re_timed_one(path):
    comp = compile_problem(uhhc.load(path))
    plan, _ = solve_greedy(comp)
    rng = random.Random(0)
    out = rng.sample([i for r in plan.routes for i in r if comp.partner[i] < 0], 15)
    plan.remove(out)
    priced = 0
    for x in out:
        for slot in plan.slots(x):
            route = plan.routes[slot.k]
            lows = [plan.timing.start[i] for i in route]
            lows.insert(slot.p, slot.early)
            new = [*route[: slot.p], x, *route[slot.p :]]
            exact = plan._delta(slot.k, new, _shifted(plan, slot), lows)
            fast = plan.cost(x, slot, slot.early)
            assert math.isinf(fast) if math.isinf(exact) else fast == pytest.approx(exact, abs=1e-6)
            priced += 1
    assert priced > 100
    # The older instances weigh only travel and tardiness: their pricing is the plain one.
    assert comp.plain() == ("uhhc-validation" not in str(path))


def test_lean_pricing_is_what_the_pushed_visits_add():
    # Given the day with most tasks in double visits (searched lunch-free and lean, see
    # `local.solve_local`), when each slot of a removed visit is priced,
    comp = compile_problem(uhhc.load(DATA / "uhhc-validation" / "i-126.json"))
    assert comp.linked
    comp = dataclasses.replace(comp, lunch_owed=[False] * comp.m, lean=True)
    plan, _ = solve_greedy(comp)
    out = random.Random(0).sample([i for r in plan.routes for i in r if comp.partner[i] < 0], 10)
    plan.remove(out)
    peak = plan.totals.peaks["late_max"][0]
    priced = differs = 0
    for x in out:
        for slot in plan.slots(x):
            route, old = plan.routes[slot.k], plan.timing.stats[slot.k]
            lows = [plan.timing.start[i] for i in route]
            lows.insert(slot.p, slot.early)
            new = [*route[: slot.p], x, *route[slot.p :]]
            times, lunch = time_route(comp, slot.k, new, NO_LUNCH, lows)
            st = route_stats(comp, slot.k, new, times, NO_LUNCH, lunch)
            added = (
                comp.w_travel * (st.travel - old.travel)
                + comp.w_total * (st.late_sum - old.late_sum)
                + comp.w_highest * max(0.0, st.late_max - peak)
                + st.assign
                - old.assign
                + st.overtime
                - old.overtime
            )
            # then it is the travel, tardiness, preference and overtime added, nothing else
            assert plan.cost(x, slot, slot.early) == pytest.approx(added, abs=1e-6)
            differs += not math.isclose(added, plan._delta(slot.k, new, NO_LUNCH, lows))
            priced += 1
    assert priced > 100
    assert differs > 0  # waiting and idle time are left to the search's acceptance
