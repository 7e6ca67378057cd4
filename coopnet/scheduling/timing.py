"""Route timing and cost: start times of the routes, each route's stats, the objective.

Start times follow from the routes: every visit starts as early as travel, window openings,
double-visit links and its carer's lunch allow (`schedule`, the least solution of a system
of difference constraints); `Totals.cost` prices them as the checker does.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from coopnet.scheduling.core import DAY_HORIZON, EPS, INF, NO_ROOM, Compiled
from coopnet.scheduling.model import Solution, TimeWindow, Visit

NO_LUNCH = -1  # a route's lunch position when it has none


@dataclass
class RouteStats:
    travel: float = 0.0
    late_sum: float = 0.0
    late_max: float = 0.0
    assign: float = 0.0
    work: float = 0.0
    ok: bool = True
    back: float = 0.0  # return to the end point
    overtime: float = 0.0  # its cost: minutes past the paid shift end x the carer's price
    wait_sum: float = 0.0
    wait_max: float = 0.0
    idle: float = 0.0
    lunch: float = math.nan  # start of the lunch break (nan: none)


@dataclass
class Timing:
    """Start times of a set of routes with their cost, or why they cannot be timed."""

    start: list[float]  # per task (nan if unrouted)
    feasible: bool
    stats: list[RouteStats] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # routes whose times were recomputed
    travel: float = 0.0
    total_late: float = 0.0
    highest_late: float = 0.0
    assign_cost: float = 0.0
    unassigned: int = 0
    cost: float = 0.0
    busiest: float = 0.0  # minutes worked by the busiest carer
    lunch: list[float] = field(default_factory=list)  # per carer, lunch start (nan: none)
    totals: Totals | None = None  # of `stats`


def route_travel(comp: Compiled, k: int, route: list[int]) -> float:
    if not route:
        return 0.0
    tr = comp.tr[k]
    total = tr[comp.cstart[k]][comp.loc[route[0]]] + tr[comp.loc[route[-1]]][comp.cend[k]]
    for a, b in itertools.pairwise(route):
        total += tr[comp.loc[a]][comp.loc[b]]
    return total


def time_route(
    comp: Compiled, k: int, route: list[int], lunch_at: int, lows: list[float]
) -> tuple[list[float], float]:
    """Earliest starts of route k's visits, each at least its `lows` entry, and of its
    lunch (nan: none), taken before visit `lunch_at` (after the last one when it equals
    the route's length) where the carer is, as early as the lunch window allows."""
    tr, loc, dur, opening, multi = comp.tr[k], comp.loc, comp.dur, comp.open, comp.multi
    pauses = comp.breaks[k]
    clock = comp.shift_start[k]
    here = comp.cstart[k]
    lunch = math.nan
    starts = []
    for idx, i in enumerate(route):
        if idx == lunch_at:
            if idx == 0:  # a lunch that opens the day is taken at the first visit's place
                clock += tr[here][loc[i]]
                here = loc[i]
            lunch = clock if clock > comp.lunch_open[k] else comp.lunch_open[k]
            clock = lunch + comp.lunch_dur[k]
        t = clock + tr[here][loc[i]]
        if opening[i] > t:
            t = opening[i]
        if lows[idx] > t:
            t = lows[idx]
        if multi[i]:
            t = comp.settle(i, t)
        if pauses:
            t = comp.after_breaks(k, i, t)
        starts.append(t)
        clock = t + dur[i]
        here = loc[i]
    if route and lunch_at == len(route):
        lunch = clock if clock > comp.lunch_open[k] else comp.lunch_open[k]
    return starts, lunch


def push(
    comp: Compiled,
    k: int,
    route: list[int],
    x: int,
    p: int,
    at: float,
    lunch_at: int,
    lunch: float,
    start: list[float],
) -> tuple[float, float, float, float, float]:
    """`time_route` of route k with visit x inserted at position p, starting no earlier
    than `at` (`lunch_at`: the lunch's position once x is in; `lunch`: its start now;
    `start`: the current starts), re-timing only the visits x pushes: it stops at the
    first that starts when it did, the rest of the route being unchanged. Returns the
    tardiness added, the highest tardiness of the re-timed visits, the departure from
    the start point, the return to the end point (nan: unchanged) and the lunch start."""
    tr, loc, dur, opening, multi = comp.tr[k], comp.loc, comp.dur, comp.open, comp.multi
    pauses = comp.breaks[k]
    if p == 0:
        clock, here = comp.shift_start[k], comp.cstart[k]
        depart = math.nan
    else:
        clock, here = start[route[p - 1]] + dur[route[p - 1]], loc[route[p - 1]]
        depart = start[route[0]] - tr[comp.cstart[k]][loc[route[0]]]
    added = worst = 0.0
    for idx in range(p, len(route) + 1):  # positions in the route with x
        i = x if idx == p else route[idx - 1]
        if idx == lunch_at:
            if idx == 0:
                clock += tr[here][loc[i]]
                here = loc[i]
            lunch = clock if clock > comp.lunch_open[k] else comp.lunch_open[k]
            clock = lunch + comp.lunch_dur[k]
        t = clock + tr[here][loc[i]]
        low = at if idx == p else start[i]
        if idx > p and t <= low:
            return added, worst, depart, math.nan, lunch
        if opening[i] > t:
            t = opening[i]
        if low > t:
            t = low
        if multi[i]:
            t = comp.settle(i, t)
        if pauses:
            t = comp.after_breaks(k, i, t)
        if idx == 0:
            depart = t - tr[comp.cstart[k]][loc[i]]
        late = comp.late(i, t)
        added += late if idx == p else late - comp.late(i, low)
        if late > worst:
            worst = late
        clock = t + dur[i]
        here = loc[i]
    if lunch_at == len(route) + 1:
        lunch = clock if clock > comp.lunch_open[k] else comp.lunch_open[k]
        clock = lunch + comp.lunch_dur[k]
    return added, worst, depart, clock + tr[here][comp.cend[k]], lunch


def pushed_stats(
    comp: Compiled,
    k: int,
    old: RouteStats,
    pushed: tuple[float, float, float, float, float],
    x: int,
    d_travel: float,
    lunch_at: int,
) -> RouteStats:
    """Route k's stats once visit x is inserted, adding `d_travel` minutes of travel, from
    its stats before and `push`, as `route_stats` gives them but the highest wait (it
    needs every wait: kept)."""
    added, worst, depart, back, lunch = pushed
    travel = old.travel + d_travel
    work = old.work + d_travel + comp.dur[x]
    if math.isnan(back):
        back = old.back
    has_lunch = lunch_at != NO_LUNCH
    pause = comp.lunch_dur[k] if has_lunch else 0.0
    paid_end = comp.paid_end[k]
    idle = 0.0
    if comp.carers[k].shift is not None:
        idle = max(back, paid_end) - comp.shift_start[k] - work - pause
    return RouteStats(
        travel,
        old.late_sum + added,
        max(old.late_max, worst),
        old.assign + comp.assign_cost[x].get(k, 0.0),
        work,
        back <= comp.shift_end[k] + EPS
        and work <= comp.max_minutes[k] + EPS
        and not lunch > comp.lunch_due[k] + EPS,
        back,
        max(0.0, back - paid_end) * comp.w_overtime[k],
        back - depart - work - (pause if lunch_at >= 1 else 0.0),
        old.wait_max,
        idle,
        lunch if has_lunch else math.nan,
    )


def schedule(
    comp: Compiled,
    routes: list[list[int]],
    base: Timing | None = None,
    changed: set[int] | None = None,
    lunches: list[int] | None = None,
) -> Timing:
    """Earliest start times for the routes, honouring double-visit links; checks shifts too.

    `lunches` gives each route's lunch position (`NO_LUNCH`: none; see `time_route`).
    With `base` (the timing before) and `changed` (the routes that only GAINED visits or a
    lunch since), only what the insertions push later is recomputed: starts never decrease
    then, so the old ones are valid lower bounds.
    """
    partner, kind = comp.partner, comp.sync_kind
    lunch_at = lunches if lunches is not None else [NO_LUNCH] * len(routes)
    incremental = base is not None and changed is not None and len(base.stats) == len(routes)
    if incremental:
        assert base is not None
        assert changed is not None
        start = list(base.start)
        lunch = list(base.lunch)
        dirty = set(changed)
    else:
        start = [math.nan] * comp.n
        lunch = [math.nan] * len(routes)
        dirty = set(range(len(routes)))
    route_of = {i: k for k, r in enumerate(routes) for i in r}
    raised: dict[int, float] = {}
    touched: set[int] = set()
    linked = sum(1 for i in route_of if partner[i] >= 0)
    # Each round relaxes the dirty routes in order; without a positive cycle (a deadlock of
    # linked visits) the longest path needs at most one round per link it crosses.
    for _ in range(2 * linked + 3):
        moved: list[int] = []
        for k in dirty:
            touched.add(k)
            route = routes[k]
            lows = [
                max(raised.get(i, -INF), -INF if math.isnan(start[i]) else start[i]) for i in route
            ]
            times, lunch[k] = time_route(comp, k, route, lunch_at[k], lows)
            for i, t in zip(route, times, strict=True):
                if partner[i] >= 0 and not t <= start[i] + EPS:  # nan: a new visit
                    moved.append(i)
                start[i] = t
        dirty = set()
        for i in moved:
            j = partner[i]
            kj = route_of.get(j)
            if kj is None:
                continue
            kd = kind[i]
            if kd == "simultaneous":
                need = start[i]
            elif kd == "first":
                need = start[i] + comp.gap_min[i]
            else:
                need = start[i] - comp.gap_max[i]
            if not need <= start[j] + EPS:
                if need > DAY_HORIZON:
                    return Timing(start, False)
                raised[j] = need
                dirty.add(kj)
        if not dirty:
            break
    else:
        return Timing(start, False)
    stats = list(base.stats) if incremental and base is not None else [RouteStats()] * len(routes)
    for k in touched:
        times = [start[i] for i in routes[k]]
        stats[k] = route_stats(comp, k, routes[k], times, lunch_at[k], lunch[k])
    feasible = all(st.ok for st in stats)
    totals = Totals.of(comp, stats)
    if not incremental:
        feasible = feasible and all((partner[i] < 0 or partner[i] in route_of) for i in route_of)
    elif base is not None:
        feasible = feasible and base.feasible
    return Timing(
        start,
        feasible,
        stats,
        touched,
        sum(st.travel for st in stats),
        sum(st.late_sum for st in stats),
        max((st.late_max for st in stats), default=0.0),
        sum(st.assign for st in stats),
        comp.n - len(route_of),
        totals.cost(comp) + sum(comp.miss_cost[i] for i in range(comp.n) if i not in route_of),
        max((st.work for st in stats), default=0.0),
        lunch,
        totals,
    )


SUMS = ("travel", "late_sum", "assign", "overtime", "wait_sum")  # RouteStats fields summed
PEAKS = ("late_max", "work", "wait_max", "idle")  # RouteStats fields priced at their maximum


@dataclass
class Totals:
    """Route stats summed (or, for `PEAKS`, the highest two with the first one's route),
    so that replacing one route's stats is priced without going over every route."""

    sums: dict[str, float]
    peaks: dict[str, tuple[float, int, float]]
    missed: int  # carers owed a lunch who have none
    stats: list[RouteStats]

    @classmethod
    def of(cls, comp: Compiled, stats: list[RouteStats]) -> Totals:
        sums = {name: sum(getattr(st, name) for st in stats) for name in SUMS}
        peaks = {}
        for name in PEAKS:
            first, who, second = 0.0, -1, 0.0
            for k, st in enumerate(stats):
                value = getattr(st, name)
                if who < 0 or value > first:
                    first, who, second = value, k, (first if who >= 0 else 0.0)
                elif value > second:
                    second = value
            peaks[name] = (first, who, second)
        missed = sum(1 for k, st in enumerate(stats) if comp.lunch_owed[k] and math.isnan(st.lunch))
        return cls(sums, peaks, missed, stats)

    def cost(self, comp: Compiled, *, idle: bool = True) -> float:
        """The objective as the checker measures it, tasks left out aside (`idle=False`
        leaves out the idlest carer's term, see `greedy.Plan`)."""
        sums, peaks = self.sums, self.peaks
        return _price(
            comp,
            [sums[name] for name in SUMS],
            [peaks[name][0] if idle or name != "idle" else 0.0 for name in PEAKS],
            self.missed,
            self.stats,
        )

    def cost_with(self, comp: Compiled, k: int, new: RouteStats, *, idle: bool = True) -> float:
        """`cost` with route k's stats replaced by `new` (the insertion costs)."""
        old = self.stats[k]
        sums = [self.sums[name] - getattr(old, name) + getattr(new, name) for name in SUMS]
        peaks = []
        for name in PEAKS:
            first, who, second = self.peaks[name]
            value = getattr(new, name)
            peaks.append(
                0.0
                if name == "idle" and not idle
                else (max(value, second) if who == k else max(first, value))
            )
        owed = comp.lunch_owed[k]
        missed = self.missed + owed * (math.isnan(new.lunch) - math.isnan(old.lunch))
        stats = self.stats
        if comp.w_balance:
            stats = list(stats)
            stats[k] = new
        return _price(comp, sums, peaks, missed, stats)


def _price(
    comp: Compiled, sums: list[float], peaks: list[float], missed: int, stats: list[RouteStats]
) -> float:
    """The one formula of the objective (tasks left out aside), from the route stats'
    `SUMS` and `PEAKS` (in their order), the missed lunches and, for the balance, the stats."""
    travel, late_sum, assign, overtime, wait_sum = sums
    late_max, work, wait_max, idle = peaks
    cost = (
        comp.w_travel * travel
        + comp.w_total * late_sum
        + comp.w_highest * late_max
        + comp.w_workload * work
        + assign
        + comp.w_lunch * missed
        + overtime
        + comp.w_wait * wait_sum
        + comp.w_max_wait * wait_max
        + comp.w_idle * idle
    )
    if comp.w_balance and stats:
        works = [st.work for st in stats]
        average = sum(works) / len(works)
        cost += comp.w_balance * sum(math.ceil(abs(w - average) - EPS) for w in works)
    return cost


def route_stats(
    comp: Compiled, k: int, route: list[int], starts: list[float], lunch_at: int, lunch: float
) -> RouteStats:
    """What route k costs with these starts (one per visit) and lunch (see `time_route`)."""
    if not route:
        return RouteStats()
    tr, loc, dur = comp.tr[k], comp.loc, comp.dur
    travel = route_travel(comp, k, route)
    work = travel + sum(dur[i] for i in route)
    has_lunch = lunch_at != NO_LUNCH
    pause = comp.lunch_dur[k] if has_lunch else 0.0
    waits = []
    for idx in range(1, len(route)):
        a, b = route[idx - 1], route[idx]
        gap = starts[idx] - starts[idx - 1] - dur[a] - tr[loc[a]][loc[b]]
        if idx == lunch_at:  # the wait before the lunch, then the one after it
            before = lunch - starts[idx - 1] - dur[a]
            waits.append(before)
            gap -= before + pause
        waits.append(gap)
    last = route[-1]
    end = starts[-1] + dur[last]
    if lunch_at == len(route):
        waits.append(lunch - end)
        end = lunch + pause
    back = end + tr[loc[last]][comp.cend[k]]
    paid_end = comp.paid_end[k]
    idle = 0.0
    if comp.carers[k].shift is not None:
        # Shift time neither worked nor at lunch: before leaving, waiting, after returning.
        idle = max(back, paid_end) - comp.shift_start[k] - work - pause
    late_sum = late_max = assign = 0.0
    for i, t in zip(route, starts, strict=True):
        late = comp.late(i, t)
        late_sum += late
        if late > late_max:
            late_max = late
        assign += comp.assign_cost[i].get(k, 0.0)
    ok = (
        back <= comp.shift_end[k] + EPS
        and work <= comp.max_minutes[k] + EPS
        and not lunch > comp.lunch_due[k] + EPS
    )
    return RouteStats(
        travel,
        late_sum,
        late_max,
        assign,
        work,
        ok,
        back,
        max(0.0, back - paid_end) * comp.w_overtime[k],
        sum(waits),
        max(waits, default=0.0),
        idle,
        lunch if has_lunch else math.nan,
    )


def to_solution(
    comp: Compiled, routes: list[list[int]], timing: Timing, reasons: dict[int, str], solver: str
) -> Solution:
    solution = Solution(solver=solver)
    for k, route in enumerate(routes):
        carer = comp.carers[k].id
        solution.routes[carer] = [
            Visit(comp.ids[i], carer, timing.start[i], timing.start[i] + comp.dur[i]) for i in route
        ]
        lunch = timing.stats[k].lunch if timing.stats else math.nan
        if not math.isnan(lunch):
            solution.lunches[carer] = TimeWindow(lunch, lunch + comp.lunch_dur[k])
    routed = {i for r in routes for i in r}
    for i in range(comp.n):
        if i not in routed:
            solution.unassigned[comp.ids[i]] = reasons.get(i) or comp.reasons.get(i) or NO_ROOM
    return solution


def from_solution(comp: Compiled, solution: Solution) -> tuple[list[list[int]], list[int]]:
    """Routes (task indices per carer) and lunch positions of a solution for the same problem."""
    routes: list[list[int]] = [[] for _ in comp.carers]
    lunches = [NO_LUNCH] * comp.m
    for carer_id, visits in solution.routes.items():
        k = comp.carer_pos.get(carer_id)
        if k is None:
            continue
        routes[k] = [comp.task_pos[v.task_id] for v in visits if v.task_id in comp.task_pos]
        lunch = solution.lunches.get(carer_id)
        if lunch is not None and routes[k]:
            lunches[k] = sum(1 for v in visits if v.start <= lunch.start)
    return routes, lunches
