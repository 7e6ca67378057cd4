"""Greedy insertion: the baseline, and the feasible starting plan of the other solvers.

Tasks (double visits as one unit) are inserted one at a time where they cost least. An
insertion is accepted only if the visits it pushes later still fit their shift and keep
their double-visit partners' timing, so the plan stays feasible after every step.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from coopnet.scheduling.core import EPS, NO_ROOM, POSTPONED, Compiled
from coopnet.scheduling.timing import (
    NO_LUNCH,
    RouteStats,
    Timing,
    Totals,
    push,
    pushed_stats,
    route_stats,
    route_travel,
    schedule,
    time_route,
)

PAIR_CANDIDATES = 12  # best positions per side considered when placing a double visit
PLAIN_PAIR_CANDIDATES = 40  # the same when pricing is plain (`Compiled.plain`)
TRIES = 3  # candidate placements verified before falling back to the safe bounds
SHORTLIST = 12  # slots of a single visit priced exactly (see `Plan.shortlist`)


@dataclass
class Slot:
    """A feasible place for a task: carer k, position p, start window [early, latest]."""

    k: int
    p: int
    early: float
    latest: float
    d_travel: float
    before_lunch: bool = False  # at the lunch's position: x comes before it, not after


def strip(
    routes: list[list[int]], lunches: list[int], removed: set[int]
) -> tuple[list[list[int]], list[int]]:
    """The routes without the removed tasks, each lunch kept after the visits before it
    (a route left empty loses its lunch)."""
    kept = [[i for i in r if i not in removed] for r in routes]
    moved = [
        NO_LUNCH if at == NO_LUNCH or not left else sum(1 for i in route[:at] if i not in removed)
        for route, left, at in zip(routes, kept, lunches, strict=True)
    ]
    return kept, moved


class Plan:
    """Routes under construction, with start times and how late each visit may start."""

    def __init__(
        self,
        comp: Compiled,
        routes: list[list[int]] | None = None,
        lunches: list[int] | None = None,
    ) -> None:
        self.comp = comp
        self.routes: list[list[int]] = routes or [[] for _ in comp.carers]
        self.lunches: list[int] = lunches or [NO_LUNCH] * len(self.routes)
        self.timing: Timing = schedule(comp, self.routes, lunches=self.lunches)
        # Building a day from nothing, the idlest carer is whoever was given a first visit
        # last: pricing that would pile every visit onto the first routes, so the initial
        # construction leaves the term out (the search prices it, see `solve_local`).
        self.pricing(idle=True)
        self.safe: list[list[float]] = [[] for _ in self.routes]
        self._linked: list[list[float]] | None = None
        self._refresh(set(range(len(self.routes))))

    def _refresh(self, touched: set[int]) -> None:
        """Recompute the safe bounds of the routes whose times (or partners' times) moved."""
        comp = self.comp
        redo = set(touched)
        if len(touched) < len(self.routes):
            where = {i: k for k, r in enumerate(self.routes) for i in r}
            for k in touched:
                for i in self.routes[k]:
                    kj = where.get(comp.partner[i])
                    if kj is not None:
                        redo.add(kj)
        for k in redo:
            self.safe[k] = self._bounds(k, self._partner_caps(self.routes[k]))
        self._linked = None

    def _partner_caps(self, route: list[int]) -> dict[int, float]:
        """Latest starts that keep each linked visit's (unmoved) partner satisfied."""
        comp = self.comp
        start = self.timing.start
        caps = {}
        for i in route:
            j = comp.partner[i]
            if j >= 0 and not math.isnan(start[j]):
                kind = comp.sync_kind[i]
                if kind == "simultaneous":
                    caps[i] = start[j]
                elif kind == "first":
                    caps[i] = start[j] - comp.gap_min[i]
                else:
                    caps[i] = start[j] + comp.gap_max[i]
        return caps

    def _bounds(self, k: int, caps: dict[int, float]) -> list[float]:
        """Latest start of each visit of route k given per-visit caps (pulled back from the
        shift end and from the caps of the visits after it)."""
        comp = self.comp
        tr, loc, dur = comp.tr[k], comp.loc, comp.dur
        route = self.routes[k]
        lunch_at = self.lunches[k]
        bounds = [0.0] * len(route)
        bound = math.inf
        for idx in range(len(route) - 1, -1, -1):
            i = route[idx]
            if idx == len(route) - 1:
                bound = comp.shift_end[k] - tr[loc[i]][comp.cend[k]]
            else:
                bound = bounds[idx + 1] - tr[loc[i]][loc[route[idx + 1]]]
            if lunch_at == idx + 1:  # the lunch follows: it must fit, and start in time
                bound = min(bound - comp.lunch_dur[k], comp.lunch_due[k])
            bound -= dur[i]
            cap = caps.get(i)
            if cap is not None and cap < bound:
                bound = cap
            bounds[idx] = bound
        return bounds

    def _linked_bounds(self) -> list[list[float]]:
        """Latest starts when a double visit may move as a whole (the dual of `schedule`:
        bounds pulled back along routes and across links until they settle).

        This finds room the safe bounds miss, but may be optimistic when an insertion
        closes a cycle of links, so such insertions are verified by `insert`.
        """
        comp = self.comp
        start = self.timing.start
        caps: dict[int, float] = {}
        bounds = [self._bounds(k, caps) for k in range(len(self.routes))]
        position = {i: (k, idx) for k, r in enumerate(self.routes) for idx, i in enumerate(r)}
        links = [(i, kx) for i, kx in position.items() if comp.partner[i] in position]
        for _ in range(2 * len(links) + 3):
            dirty = set()
            for i, (k, idx) in links:
                kj, jdx = position[comp.partner[i]]
                other = bounds[kj][jdx]
                kind = comp.sync_kind[i]
                if kind == "simultaneous":
                    bound = other
                elif kind == "first":
                    bound = other - comp.gap_min[i]
                else:
                    bound = other + comp.gap_max[i]
                if bound < caps.get(i, math.inf) - EPS and bound < bounds[k][idx] - EPS:
                    caps[i] = bound
                    dirty.add(k)
            if not dirty:
                break
            for k in dirty:
                bounds[k] = self._bounds(k, caps)
        # Never below the current start (guards against rounding in the fixed point).
        return [
            [max(b, start[i]) for b, i in zip(route_bounds, route, strict=True)]
            for route_bounds, route in zip(bounds, self.routes, strict=True)
        ]

    def slots(self, x: int, *, safe: bool = False) -> list[Slot]:
        comp = self.comp
        loc, dur = comp.loc, comp.dur
        start = self.timing.start
        lx = loc[x]
        found = []
        if not safe and self._linked is None:
            self._linked = self._linked_bounds()
        linked = self._linked if self._linked is not None else self.safe
        for k in comp.eligible[x]:
            tr = comp.tr[k]
            route = self.routes[k]
            latest = self.safe[k] if safe else linked[k]
            work = self.timing.stats[k].work
            lunch_at = self.lunches[k]
            has_lunch = lunch_at != NO_LUNCH
            # Every stop position: with a lunch, x may come just before it or just after it.
            for s in range(len(route) + 1 + has_lunch):
                before = has_lunch and s <= lunch_at
                p = s if not has_lunch or s <= lunch_at else s - 1
                if p == 0:
                    prev_end, prev_loc = comp.shift_start[k], comp.cstart[k]
                else:
                    prev = route[p - 1]
                    prev_end, prev_loc = start[prev] + dur[prev], loc[prev]
                arrive = prev_end + tr[prev_loc][lx]
                if has_lunch and s == lunch_at + 1:  # right after the lunch
                    if p == 0:  # the lunch opens the day, now at x's place
                        arrive = max(arrive, comp.lunch_open[k]) + comp.lunch_dur[k]
                    else:  # taken where the visit before it was given
                        arrive += self.timing.stats[k].lunch + comp.lunch_dur[k] - prev_end
                early = max(comp.open[x], arrive)
                if comp.multi[x]:
                    early = comp.settle(x, early)
                if comp.breaks[k]:
                    early = comp.after_breaks(k, x, early)
                if p < len(route):
                    nxt_loc, nxt_latest = loc[route[p]], latest[p]
                else:
                    nxt_loc, nxt_latest = comp.cend[k], comp.shift_end[k]
                last = nxt_latest - tr[lx][nxt_loc]
                if before and p == lunch_at:  # the lunch follows x
                    last = min(last - comp.lunch_dur[k], comp.lunch_due[k])
                last -= dur[x]
                if early > last + EPS:
                    if early > comp.shift_end[k]:
                        break
                    continue
                d_travel = tr[prev_loc][lx] + tr[lx][nxt_loc] - tr[prev_loc][nxt_loc]
                if work + d_travel + dur[x] > comp.max_minutes[k] + EPS:
                    continue
                found.append(Slot(k, p, early, last, d_travel, before))
        return found

    def cost(self, x: int, slot: Slot, at: float) -> float:
        """Objective increase of placing x in slot starting at `at` (pushes included; the
        knock-on delays of double-visit partners on other routes are left to `insert`).

        Only the visits x pushes are re-timed (`timing.push`). With plain pricing the
        increase follows from them alone; otherwise the route's stats are updated from them
        and priced by `Totals.cost`, or, when the highest wait is weighed, re-computed."""
        comp = self.comp
        k, p = slot.k, slot.p
        route = self.routes[k]
        start = self.timing.start
        lunch_at = _shifted(self, slot)
        if comp.w_max_wait:
            lows = [start[i] for i in route]
            lows.insert(p, at)
            return self._delta(k, [*route[:p], x, *route[p:]], lunch_at, lows)
        old = self.timing.stats[k]
        pushed = push(comp, k, route, x, p, at, lunch_at, old.lunch, start)
        d_travel = slot.d_travel if route else route_travel(comp, k, [x])
        if self.plain or comp.lean:
            peaks = self.totals.peaks
            back = old.back if math.isnan(pushed[3]) else pushed[3]
            return (
                comp.w_travel * d_travel
                + comp.w_total * pushed[0]
                + comp.w_highest * max(0.0, pushed[1] - peaks["late_max"][0])
                + comp.assign_cost[x].get(k, 0.0)
                + comp.w_workload * max(0.0, old.work + d_travel + comp.dur[x] - peaks["work"][0])
                + max(0.0, back - comp.paid_end[k]) * comp.w_overtime[k]
                - old.overtime
            )
        return self._priced(k, pushed_stats(comp, k, old, pushed, x, d_travel, lunch_at))

    def _delta(self, k: int, route: list[int], lunch_at: int, lows: list[float]) -> float:
        """Objective increase when route k becomes `route` with its lunch at `lunch_at`
        (each visit starting no earlier than its `lows`), re-timed from its start."""
        times, lunch = time_route(self.comp, k, route, lunch_at, lows)
        return self._priced(k, route_stats(self.comp, k, route, times, lunch_at, lunch))

    def _priced(self, k: int, changed: RouteStats) -> float:
        """Objective increase when route k's stats become `changed`, by `Totals.cost`."""
        if not changed.ok:
            return math.inf
        return self.totals.cost_with(self.comp, k, changed, idle=self.price_idle) - self.base

    def insert(self, placements: list[tuple[int, Slot]]) -> bool:
        """Insert the tasks; keep the change only if the plan stays feasible."""
        changed = {slot.k for _, slot in placements}
        before = {k: list(self.routes[k]) for k in changed}
        lunches = list(self.lunches)
        for x, slot in placements:
            self.lunches[slot.k] = _shifted(self, slot)
            self.routes[slot.k].insert(slot.p, x)
        return self._retime(changed, before, lunches)

    def _retime(self, changed: set[int], before: dict[int, list[int]], lunches: list[int]) -> bool:
        """Time the changed routes; roll back to `before` and `lunches` if infeasible."""
        timing = schedule(self.comp, self.routes, self.timing, changed, self.lunches)
        if not timing.feasible:
            for k, route in before.items():
                self.routes[k] = route
            self.lunches = lunches
            return False
        self.timing = timing
        self._totals()
        self._refresh(timing.touched)
        return True

    def place_lunch(self, k: int) -> bool:
        """Give carer k its lunch where it costs least, if that costs less than missing it.

        Positions are priced on route k alone, blind to a pushed double visit's partner on
        another route; on days with many double visits (`Compiled.linked`) a position is
        kept only if the whole plan, re-timed, costs less (uhhc-validation i-126: the
        lunches placed unchecked after its lean search added 3,504 to a plan of 43,347)."""
        comp = self.comp
        route = self.routes[k]
        if not comp.lunch_owed[k] or self.lunches[k] != NO_LUNCH or not route:
            return False
        lows = [self.timing.start[i] for i in route]
        options = sorted((self._delta(k, route, p, lows), p) for p in range(len(route) + 1))
        for delta, p in options[:TRIES]:
            if delta >= -EPS:
                break
            kept = (self.timing, list(self.safe), self._linked, list(self.lunches))
            self.lunches[k] = p
            if not self._retime({k}, {}, kept[3]):
                continue
            if not comp.linked or self.timing.cost < kept[0].cost - EPS:
                return True
            self.timing, self.safe, self._linked, self.lunches = kept
            self._totals()
        return False

    def pricing(self, *, idle: bool) -> None:
        """Price the idlest carer's idle time in the insertion costs, or not."""
        self.price_idle = idle
        self.plain = self.comp.plain(idle=idle)
        self._totals()

    def _totals(self) -> None:
        """The totals of the current timing, and their cost, for the insertion costs."""
        self.totals = self.timing.totals or Totals.of(self.comp, self.timing.stats)
        self.base = self.totals.cost(self.comp, idle=self.price_idle)

    def place_lunches(self) -> None:
        for k in range(len(self.routes)):
            self.place_lunch(k)

    def remove(self, tasks: list[int]) -> None:
        self.routes, self.lunches = strip(self.routes, self.lunches, set(tasks))
        self.timing = schedule(self.comp, self.routes, lunches=self.lunches)
        self._totals()
        self._refresh(set(range(len(self.routes))))

    def place(self, unit: tuple[int, ...]) -> bool:
        """Insert a task or a double visit where it costs least; False if it fits nowhere."""
        # Safe bounds first: their cost estimates are exact enough; linked bounds find
        # room by moving double visits, whose knock-on delays the estimate cannot see.
        unit_optional = all(self.comp.optional[i] for i in unit)
        miss = sum(self.comp.miss_cost[i] for i in unit)
        for safe in (True, False):
            if len(unit) == 1:
                options = self._single(unit[0], safe=safe)
            else:
                options = self._pair(unit[0], unit[1], safe=safe)
            if unit_optional and options and options[0][0] > miss:
                return False  # postponing the optional visit costs less
            for _, placements in options[:TRIES]:
                if self.insert(placements):
                    return True
        return False

    def shortlist(self, x: int, slots: list[Slot], size: int) -> list[Slot]:
        """The `size` slots that look cheapest by added travel, preference and x's own
        lateness: pricing a slot exactly re-times its route, too slow for every slot."""
        if self.plain or self.comp.lean or len(slots) <= size:
            return slots
        comp = self.comp

        def guess(slot: Slot) -> float:
            return (
                comp.w_travel * slot.d_travel
                + comp.assign_cost[x].get(slot.k, 0.0)
                + comp.w_total * comp.late(x, slot.early)
            )

        return heapq.nsmallest(size, slots, key=guess)

    def _single(self, x: int, *, safe: bool) -> list[tuple[float, list[tuple[int, Slot]]]]:
        slots = self.shortlist(x, self.slots(x, safe=safe), SHORTLIST)
        options = [(self.cost(x, slot, slot.early), [(x, slot)]) for slot in slots]
        options.sort(key=lambda o: (o[0], o[1][0][1].k, o[1][0][1].p))
        return options

    def _pair(self, a: int, b: int, *, safe: bool) -> list[tuple[float, list[tuple[int, Slot]]]]:
        """The cheapest placements of a double visit on two different carers.

        Costs only grow when a side starts later than its earliest, so the sum of both
        sides' costs at their earliest is a lower bound that prunes most combinations.
        """
        comp = self.comp
        side_a = sorted(
            (
                (self.cost(a, s, s.early), s.k, s.p, s)
                for s in self.shortlist(a, self.slots(a, safe=safe), PAIR_CANDIDATES)
            ),
            key=lambda o: o[:3],
        )
        side_b = sorted(
            (
                (self.cost(b, s, s.early), s.k, s.p, s)
                for s in self.shortlist(b, self.slots(b, safe=safe), PAIR_CANDIDATES)
            ),
            key=lambda o: o[:3],
        )
        keep = PLAIN_PAIR_CANDIDATES if self.plain or comp.lean else PAIR_CANDIDATES
        side_a, side_b = side_a[:keep], side_b[:keep]
        kind = comp.sync_kind[a]
        lo, hi = comp.gap_min[a], comp.gap_max[a]
        best: list[tuple[float, list[tuple[int, Slot]]]] = []
        limit = math.inf
        for ca, _, _, sa in side_a:
            if side_b and ca + side_b[0][0] >= limit:
                break
            for cb, _, _, sb in side_b:
                if ca + cb >= limit:
                    break
                if sa.k == sb.k:
                    continue
                if kind == "simultaneous":
                    ta = tb = max(sa.early, sb.early)
                else:  # a first, b second
                    ta = max(sa.early, sb.early - hi)
                    tb = max(sb.early, ta + lo)
                if ta > sa.latest + EPS or tb > sb.latest + EPS:
                    continue
                c = (ca if ta <= sa.early else self.cost(a, sa, ta)) + (
                    cb if tb <= sb.early else self.cost(b, sb, tb)
                )
                best.append((c, [(a, sa), (b, sb)]))
                best.sort(key=lambda o: o[0])
                del best[TRIES:]
                if len(best) == TRIES:
                    limit = best[-1][0]
        return best


def _shifted(plan: Plan, slot: Slot) -> int:
    """Route slot.k's lunch position once a visit is inserted at the slot."""
    at = plan.lunches[slot.k]
    if at != NO_LUNCH and (slot.p < at or (slot.p == at and slot.before_lunch)):
        return at + 1
    return at


def units(comp: Compiled) -> list[tuple[int, ...]]:
    """Tasks to place, double visits as (first, second): mandatory before optional, then
    hardest and earliest first."""
    result: list[tuple[int, ...]] = []
    for i in range(comp.n):
        if i in comp.reasons:
            continue
        j = comp.partner[i]
        if j < 0:
            result.append((i,))
        elif comp.sync_kind[i] in ("simultaneous", "first") and (
            comp.sync_kind[i] == "first" or i < j
        ):
            result.append((i, j))
    return sorted(
        result,
        key=lambda u: (comp.optional[u[0]], -len(u), min(comp.open[i] for i in u)),
    )


def fill(plan: Plan, todo: list[tuple[int, ...]]) -> dict[int, str]:
    """Insert every unit where it costs least (mandatory ones first, see `units`), then
    every lunch still owed; returns the tasks left out with the reason."""
    left: dict[int, str] = {}
    for unit in todo:
        if not plan.place(unit):
            for i in unit:
                left[i] = POSTPONED if plan.comp.optional[i] else NO_ROOM
    plan.place_lunches()
    return left


def solve_greedy(comp: Compiled, *, optional: bool = True) -> tuple[Plan, dict[int, str]]:
    """The greedy plan; with `optional=False`, of the mandatory visits only (every
    optional one postponed)."""
    plan = Plan(comp)
    plan.pricing(idle=False)
    todo = [u for u in units(comp) if optional or not comp.optional[u[0]]]
    left = fill(plan, todo)
    plan.pricing(idle=True)
    routed = {i for r in plan.routes for i in r}
    for i in range(comp.n):
        if i not in routed and i not in left and i not in comp.reasons:
            left[i] = POSTPONED
    return plan, left
