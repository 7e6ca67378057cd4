"""The insertion cost re-times only the visits a new one pushes (`timing.push`): it must be
what re-timing the whole route and pricing it by `Totals.cost` gives, slot by slot."""

import math
import random

import pytest

from coopnet.scheduling import uhhc
from coopnet.scheduling.core import compile_problem
from coopnet.scheduling.greedy import _shifted, solve_greedy
from coopnet.scheduling.tests.conftest import DATA, UHHC_FILES

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
