"""Ruin and recreate: remove a few visits, put them back where they cost least, repeat.

Removals pick random, related (close in space and time), costly, or same-route visits;
double visits always move as one unit. Worse plans are accepted with a falling
probability (simulated annealing) to escape local optima. Every plan it holds is
feasible, because the greedy insertion only accepts feasible placements.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import random
import time
from collections.abc import Callable

from coopnet.scheduling.core import Compiled
from coopnet.scheduling.greedy import Plan, fill, solve_greedy, strip
from coopnet.scheduling.timing import NO_LUNCH, schedule

MAX_REMOVED = 30


def _unit(comp: Compiled, i: int) -> tuple[int, ...]:
    j = comp.partner[i]
    if j < 0:
        return (i,)
    if comp.sync_kind[i] == "simultaneous":
        return (min(i, j), max(i, j))
    return (i, j) if comp.sync_kind[i] == "first" else (j, i)


class Ruin:
    """Ways of choosing the visits to take out of a plan."""

    def __init__(self, comp: Compiled, rng: random.Random) -> None:
        self.comp = comp
        self.rng = rng
        tr = comp.travel
        candidates = [j for j in range(comp.n) if comp.eligible[j]]

        def distance(i: int, j: int) -> float:
            return tr[comp.loc[i]][comp.loc[j]] + 0.5 * abs(comp.open[i] - comp.open[j])

        # The 50 visits closest in space and time to each visit, for related removals.
        self.near: list[list[int]] = [
            heapq.nsmallest(50, (j for j in candidates if j != i), key=lambda j: distance(i, j))
            for i in range(comp.n)
        ]

    def choose(self, plan: Plan, q: int) -> list[int]:
        routed = [i for r in plan.routes for i in r]
        if not routed:
            return []
        method = self.rng.random()
        if method < 0.3:
            picked = self.rng.sample(routed, min(q, len(routed)))
        elif method < 0.65:
            seed = self.rng.choice(routed)
            on = set(routed)
            picked = [seed, *[j for j in self.near[seed] if j in on][: q - 1]]
        elif method < 0.8:
            picked = self._worst(plan, routed, q)
        else:
            picked = self._strings(plan, q)
        chosen: list[int] = []
        for i in picked:
            for x in _unit(self.comp, i):
                if x not in chosen:
                    chosen.append(x)
        return chosen

    def _worst(self, plan: Plan, routed: list[int], q: int) -> list[int]:
        comp = self.comp
        start = plan.timing.start
        score = {i: comp.late(i, start[i]) * comp.w_total + self.rng.random() * 10 for i in routed}
        for k, route in enumerate(plan.routes):
            tr = comp.tr[k]
            places = [comp.cstart[k]] + [comp.loc[i] for i in route] + [comp.cend[k]]
            for pos, i in enumerate(route, start=1):
                a, b, c = places[pos - 1], places[pos], places[pos + 1]
                score[i] += comp.w_travel * (tr[a][b] + tr[b][c] - tr[a][c])
        return sorted(routed, key=lambda i: -score[i])[:q]

    def _strings(self, plan: Plan, q: int) -> list[int]:
        """Cut a short string of consecutive visits from the routes near a random visit."""
        routed = [i for r in plan.routes for i in r]
        seed = self.rng.choice(routed)
        where = {i: k for k, r in enumerate(plan.routes) for i in r}
        picked: list[int] = []
        touched: set[int] = set()
        for i in [seed, *self.near[seed]]:
            k = where.get(i)
            if k is None or k in touched:
                continue
            touched.add(k)
            route = plan.routes[k]
            length = self.rng.randint(1, max(1, min(len(route), q // 2 + 1)))
            pos = route.index(i)
            first = max(0, min(pos - self.rng.randint(0, length - 1), len(route) - length))
            picked.extend(route[first : first + length])
            if len(picked) >= q:
                break
        return picked[: max(q, 1)]


LUNCH_FREE = 0.6  # share of the time searched with no lunch breaks (see `solve_local`)


def solve_local(
    comp: Compiled,
    initial: Plan,
    *,
    deadline: float,
    seed: int,
    started: float,
    progress: Callable[[float], None],
) -> Plan:
    """Improve `initial` (a feasible plan, lunches included) until the deadline.

    With lunch breaks owed, the first `LUNCH_FREE` of the time searches routes with no
    lunch (measured on the uhhc-validation instances: lunches moved with every visit from
    the start left the idlest carer twice as idle at 10 s), then each carer's lunch is
    placed and the search goes on with them. On days with many double visits
    (`Compiled.linked`), the whole search is lunch-free and priced lean (`Compiled.lean`,
    as before issue 11), from the greedy plan priced lean when it is cheaper, the lunches
    placed at the end (uhhc-validation i-126, docs/scheduling.md).
    """
    rng = random.Random(seed)  # noqa: S311 - search randomness, not security
    ruin = Ruin(comp, rng)
    search = _Search(ruin, started, deadline, progress)
    if not any(comp.lunch_owed):
        return search.run(comp, initial, deadline)
    free = dataclasses.replace(comp, lunch_owed=[False] * comp.m, lean=comp.linked)
    if comp.linked:
        # From the cheaper of `initial` and the greedy plan priced lean (i-126: 61,919
        # lunch-free against 70,089 for the greedy plan priced whole).
        start = min(Plan(free, initial.routes), solve_greedy(free)[0], key=lambda p: p.timing.cost)
        found = search.run(free, start, deadline)
        plan = Plan(comp, found.routes)
        plan.place_lunches()
        return plan if plan.timing.cost < initial.timing.cost else initial
    until = time.monotonic() + LUNCH_FREE * (deadline - time.monotonic())
    found = search.run(free, Plan(free, initial.routes), until)
    plan = Plan(comp, found.routes)
    plan.place_lunches()
    better = plan if plan.timing.cost < initial.timing.cost else initial
    return search.run(comp, better, deadline)


class _Search:
    """Ruin and recreate with simulated annealing, reporting progress on the way."""

    def __init__(
        self, ruin: Ruin, started: float, deadline: float, progress: Callable[[float], None]
    ) -> None:
        self.ruin = ruin
        self.rng = ruin.rng
        self.started = started
        self.total = max(1e-3, deadline - started)
        self.progress = progress

    def run(self, comp: Compiled, initial: Plan, deadline: float) -> Plan:
        rng, ruin = self.rng, self.ruin
        current = Plan(comp, [list(r) for r in initial.routes], list(initial.lunches))
        best_routes = [list(r) for r in current.routes]
        best_lunches = list(current.lunches)
        best_cost = current.timing.cost
        current_cost = best_cost
        begin = time.monotonic()
        span = max(1e-3, deadline - begin)
        q_max = max(2, min(MAX_REMOVED, sum(len(r) for r in initial.routes) // 4 + 1))
        # Annealing from 10 to 0.1 "minutes" of cost (measured on the UHHC instances: start
        # temperatures from 1 to 100 made no difference beyond noise; this is the middle).
        scale = max(comp.w_travel, comp.w_total, comp.w_highest, 1e-3)
        temp_start, temp_end = 10.0 * scale, 0.1 * scale
        reported = begin
        while True:
            now = time.monotonic()
            if now >= deadline:
                break
            if now - reported >= 0.5:
                reported = now
                self.progress((now - self.started) / self.total)
            fraction = (now - begin) / span
            temperature = temp_start * (temp_end / temp_start) ** fraction
            removed = set(ruin.choose(current, rng.randint(2, q_max)))
            routes, lunches = strip(current.routes, current.lunches, removed)
            # The lunches of the routes that lost visits move too.
            for k, route in enumerate(current.routes):
                if len(routes[k]) < len(route):
                    lunches[k] = NO_LUNCH
            trial = Plan(comp, routes, lunches)
            if rng.random() < 0.5:
                trial.place_lunches()  # lunches first, the visits around them
            routed = {i for r in current.routes for i in r}
            # Visits still left out get another chance in every round, with the removed ones.
            removed |= {i for i in range(comp.n) if i not in routed and comp.eligible[i]}
            units = _order(comp, {_unit(comp, i) for i in removed}, rng)
            fill(trial, units)
            cost = trial.timing.cost
            if cost < current_cost - 1e-9 or rng.random() < math.exp(
                -(cost - current_cost) / temperature
            ):
                current, current_cost = trial, cost
                if cost < best_cost - 1e-9:
                    best_cost = cost
                    best_routes = [list(r) for r in trial.routes]
                    best_lunches = list(trial.lunches)
        if schedule(comp, best_routes, lunches=best_lunches).feasible:
            return Plan(comp, best_routes, best_lunches)
        return initial


def _order(
    comp: Compiled, units: set[tuple[int, ...]], rng: random.Random
) -> list[tuple[int, ...]]:
    """Re-insertion order: random, by window opening, or most constrained first."""
    mode = rng.random()
    if mode < 0.4:
        return sorted(units, key=lambda u: (rng.random(), u))
    if mode < 0.7:
        return sorted(units, key=lambda u: (-len(u), comp.open[u[0]], u))
    return sorted(units, key=lambda u: (-len(u), len(comp.eligible[u[0]]), rng.random(), u))
