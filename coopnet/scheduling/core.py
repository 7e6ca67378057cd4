"""The solvers' shared view of a problem: integer indices, eligibility and route timing.

Routes are lists of task indices per carer. Start times follow from the routes: every
visit starts as early as travel, window openings and double-visit links allow (the least
solution of a system of difference constraints), which also minimises every tardiness with
one window per visit. A visit with several windows that would be late in one may instead
wait for the next to open (`Compiled.settle`). Each carer travels by its own matrix.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from coopnet.scheduling.model import Carer, Problem, Solution, TimeWindow, Visit

INF = math.inf
EPS = 1e-6
DAY_HORIZON = 7 * 24 * 60.0  # no plan spans more than a week of minutes

NO_SKILL = "nessun operatore con la qualifica richiesta"
PROFESSIONAL_ONLY = (
    "servizio riservato a personale professionale: nessun professionista qualificato"
)
ALL_FORBIDDEN = "tutti gli operatori qualificati sono da evitare per questo utente"
WINDOW_VS_SHIFTS = "finestra oraria incompatibile con i turni"
TOO_LONG = "durata superiore alle ore massime degli operatori qualificati"
SAME_CARER = "doppia visita: non ci sono due operatori diversi qualificati"
PARTNER_MISSING = "doppia visita: l'altra visita non è pianificabile"
NO_ROOM = "nessun operatore qualificato libero in quella fascia oraria"
POSTPONED = "visita facoltativa: rinviarla costa meno che darla oggi"


@dataclass
class Compiled:
    """A problem turned into arrays for fast evaluation."""

    problem: Problem
    ids: list[str]
    loc: list[int]
    dur: list[float]
    open: list[float]  # earliest start (first window opening)
    windows: list[
        list[tuple[float, float]]
    ]  # sorted (start, due) pairs; due = latest on-time start
    travel: list[list[float]]  # the default matrix (for distance heuristics)
    tr: list[list[list[float]]]  # each carer's matrix (shared between carers of one mode)
    carers: list[Carer]
    cstart: list[int]
    cend: list[int]
    shift_start: list[float]
    shift_end: list[float]  # the latest return: the shift end, or the horizon if overtime is paid
    paid_end: list[float]  # the shift end, past which overtime is paid
    max_minutes: list[float]
    breaks: list[list[tuple[float, float]]]  # per carer, sorted spans no visit may overlap
    eligible: list[list[int]]  # carer indices allowed for each task
    reasons: dict[int, str]  # tasks that can never be assigned
    multi: list[bool]  # tasks with more than one window
    partner: list[int]  # index of the other task of a double visit, -1 if none
    sync_kind: list[str]  # "", "simultaneous", "first", "second"
    gap_min: list[float]
    gap_max: list[float]
    assign_cost: list[dict[int, float]]  # task -> {carer: continuity/preference penalty}
    optional: list[bool]
    miss_cost: list[float]  # leaving the task out: `unassigned`, or its share of the patient's
    w_travel: float = 1
    w_total: float = 1
    w_highest: float = 1
    w_workload: float = 0
    w_unassigned: float = 10_000
    w_overtime: float = 0
    w_wait: float = 0
    w_max_wait: float = 0
    w_idle: float = 0
    w_balance: float = 0
    lunch_owed: list[bool] = field(default_factory=list)  # per carer
    lunch_open: float = 0.0  # earliest lunch start
    lunch_due: float = 0.0  # latest lunch start
    lunch_dur: float = 0.0
    w_lunch: float = 0.0  # a carer owed a lunch who gets none
    carer_pos: dict[str, int] = field(default_factory=dict)
    task_pos: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.carers)

    def late(self, i: int, start: float) -> float:
        """Tardiness of task i starting at `start`."""
        due = self.windows[i]
        if len(due) == 1:
            over = start - due[0][1]
            return over if over > 0 else 0.0
        if not due:
            return 0.0
        return max(0.0, start - due[self.window_at(i, start)][1])

    def window_at(self, i: int, start: float) -> int:
        """The window a start of task i falls in: the last one opened by then (else the first)."""
        found = 0
        for w, (opening, _) in enumerate(self.windows[i]):
            if opening <= start + EPS:
                found = w
        return found

    def settle(self, i: int, start: float) -> float:
        """When task i could start at `start`: late in its window, it waits for the next
        window if that opens sooner than its lateness (never earlier, so times stay
        monotone for `schedule`)."""
        windows = self.windows[i]
        if len(windows) < 2:
            return start
        w = self.window_at(i, start)
        if w + 1 < len(windows) and windows[w + 1][0] - start < start - windows[w][1]:
            return windows[w + 1][0]
        return start

    def after_breaks(self, k: int, i: int, start: float) -> float:
        """The first start from `start` on at which task i does not overlap carer k's
        breaks (non-decreasing in `start`, as `schedule` needs)."""
        end = start + self.dur[i]
        for opening, closing in self.breaks[k]:
            if start < closing - EPS and end > opening + EPS:
                start, end = closing, closing + self.dur[i]
        return start

    def nodes(self) -> list[tuple[int, int]]:
        """The routing libraries' nodes, as (task, window): a single visit with several
        windows is one node per window (the library visits exactly one of them), so each is
        priced against its own window; every other assignable task is one node."""
        result: list[tuple[int, int]] = []
        for i in range(self.n):
            if self.eligible[i]:
                copies = len(self.windows[i]) if self.partner[i] < 0 else 1
                result.extend((i, w) for w in range(max(1, copies)))
        return result

    def node_window(self, i: int, w: int) -> tuple[float, float | None]:
        """Opening and latest on-time start of window w of task i (None: no windows)."""
        if not self.windows[i]:
            return self.open[i], None
        return self.windows[i][w]


def compile_problem(problem: Problem) -> Compiled:
    matrices = {
        name: [[float(x) for x in row] for row in matrix]
        for name, matrix in [("", problem.travel), *problem.profiles.items()]
    }
    carers = list(problem.carers)
    ids = [t.id for t in problem.tasks]
    task_pos = {tid: i for i, tid in enumerate(ids)}
    carer_pos = {c.id: k for k, c in enumerate(carers)}
    at_end = problem.tardiness_at == "end"
    windows: list[list[tuple[float, float]]] = []
    for t in problem.tasks:
        ordered = sorted(t.windows, key=lambda w: w.start)
        windows.append([(w.start, w.end - (t.duration if at_end else 0)) for w in ordered])
    n = len(ids)
    partner = [-1] * n
    kind = [""] * n
    gap_min = [0.0] * n
    gap_max = [0.0] * n
    for s in problem.syncs:
        a, b = task_pos[s.first], task_pos[s.second]
        partner[a], partner[b] = b, a
        if s.kind == "simultaneous":
            kind[a] = kind[b] = "simultaneous"
        else:
            kind[a], kind[b] = "first", "second"
        gap_min[a] = gap_min[b] = s.min_gap
        gap_max[a] = gap_max[b] = s.max_gap
    weights = problem.weights
    lunch = problem.lunch
    comp = Compiled(
        problem=problem,
        ids=ids,
        loc=[t.location for t in problem.tasks],
        dur=[float(t.duration) for t in problem.tasks],
        open=[min((w.start for w in t.windows), default=0.0) for t in problem.tasks],
        windows=windows,
        travel=matrices[""],
        tr=[matrices[c.profile] for c in carers],
        carers=carers,
        cstart=[c.start_location for c in carers],
        cend=[c.end_location for c in carers],
        shift_start=[c.shift.start if c.shift else 0.0 for c in carers],
        shift_end=[
            c.shift.end if c.shift and weights.overtime is None else DAY_HORIZON for c in carers
        ],
        paid_end=[c.shift.end if c.shift else DAY_HORIZON for c in carers],
        max_minutes=[c.max_minutes if c.max_minutes is not None else INF for c in carers],
        breaks=[sorted((b.start, b.end) for b in c.breaks) for c in carers],
        eligible=[],
        reasons={},
        multi=[len(w) > 1 for w in windows],
        partner=partner,
        sync_kind=kind,
        gap_min=gap_min,
        gap_max=gap_max,
        assign_cost=[],
        optional=[t.optional for t in problem.tasks],
        miss_cost=_miss_costs(problem),
        w_travel=weights.travel,
        w_total=weights.total_tardiness,
        w_highest=weights.highest_tardiness,
        w_workload=weights.highest_workload,
        w_unassigned=weights.unassigned,
        w_overtime=weights.overtime or 0.0,
        w_wait=weights.total_waiting_time,
        w_max_wait=weights.max_waiting_time,
        w_idle=weights.max_idle_time,
        w_balance=weights.workload_balance,
        lunch_owed=[c.lunch and lunch is not None for c in carers],
        lunch_open=lunch.earliest if lunch else 0.0,
        lunch_due=(lunch.latest - (lunch.min_duration if at_end else 0)) if lunch else 0.0,
        lunch_dur=lunch.min_duration if lunch else 0.0,
        w_lunch=(
            weights.unassigned if weights.missed_lunch_break is None else weights.missed_lunch_break
        ),
        carer_pos=carer_pos,
        task_pos=task_pos,
    )
    _eligibility(comp)
    return comp


def _miss_costs(problem: Problem) -> list[float]:
    """What leaving each task out costs: a mandatory one `unassigned`, an optional one its
    share of `optional_patients` (charged per patient left out)."""
    weights = problem.weights
    per_client: dict[str, int] = {}
    for t in problem.tasks:
        per_client[t.client] = per_client.get(t.client, 0) + 1
    return [
        weights.optional_patients / per_client[t.client] if t.optional else weights.unassigned
        for t in problem.tasks
    ]


def _eligibility(comp: Compiled) -> None:
    problem = comp.problem
    weights = problem.weights
    for i, task in enumerate(problem.tasks):
        skilled = [k for k, c in enumerate(comp.carers) if task.skill in c.skills]
        professional = [
            k for k in skilled if task.volunteer_allowed or not comp.carers[k].is_volunteer
        ]
        allowed = [
            k
            for k in professional
            if weights.incompatibility is not None or comp.carers[k].id not in task.forbidden
        ]
        fits = [k for k in allowed if _fits_shift(comp, i, k)]
        short = [k for k in fits if _fits_hours(comp, i, k)]
        comp.eligible.append(short)
        if not short:
            comp.reasons[i] = (
                NO_SKILL
                if not skilled
                else PROFESSIONAL_ONLY
                if not professional
                else ALL_FORBIDDEN
                if not allowed
                else WINDOW_VS_SHIFTS
                if not fits
                else TOO_LONG
            )
        costs: dict[int, float] = {}
        before = problem.previous.get(task.id)
        for k in short:
            cid = comp.carers[k].id
            penalty = 0.0
            if before is not None and before != cid:
                penalty += weights.lost_continuity
            if task.preferred and cid not in task.preferred:
                penalty += weights.non_preferred
            if cid in task.forbidden:  # only when weighted: else not allowed
                penalty += weights.incompatibility or 0.0
            if penalty:
                costs[k] = penalty
        comp.assign_cost.append(costs)
    for i in range(comp.n):
        j = comp.partner[i]
        if j < 0 or i in comp.reasons:
            continue
        if j in comp.reasons:
            comp.reasons[i] = PARTNER_MISSING
        elif len(set(comp.eligible[i]) | set(comp.eligible[j])) < 2:
            comp.reasons[i] = comp.reasons[j] = SAME_CARER
    for i in comp.reasons:
        comp.eligible[i] = []


def _fits_shift(comp: Compiled, i: int, k: int) -> bool:
    here, tr = comp.loc[i], comp.tr[k]
    start = max(comp.open[i], comp.shift_start[k] + tr[comp.cstart[k]][here])
    return start + comp.dur[i] + tr[here][comp.cend[k]] <= comp.shift_end[k] + EPS


def _fits_hours(comp: Compiled, i: int, k: int) -> bool:
    here, tr = comp.loc[i], comp.tr[k]
    work = tr[comp.cstart[k]][here] + comp.dur[i] + tr[here][comp.cend[k]]
    return work <= comp.max_minutes[k] + EPS


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
    overtime: float = 0.0
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
            lunch = clock if clock > comp.lunch_open else comp.lunch_open
            clock = lunch + comp.lunch_dur
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
        lunch = clock if clock > comp.lunch_open else comp.lunch_open
    return starts, lunch


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
        Totals.of(comp, stats).cost(comp)
        + sum(comp.miss_cost[i] for i in range(comp.n) if i not in route_of),
        max((st.work for st in stats), default=0.0),
        lunch,
    )


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
        sums = {
            name: sum(getattr(st, name) for st in stats)
            for name in ("travel", "late_sum", "assign", "overtime", "wait_sum")
        }
        peaks = {}
        for name in PEAKS:
            values = sorted(((getattr(st, name), k) for k, st in enumerate(stats)), reverse=True)
            first, who = values[0] if values else (0.0, -1)
            peaks[name] = (first, who, values[1][0] if len(values) > 1 else 0.0)
        missed = sum(1 for k, st in enumerate(stats) if comp.lunch_owed[k] and math.isnan(st.lunch))
        return cls(sums, peaks, missed, stats)

    def replaced(self, comp: Compiled, k: int, new: RouteStats) -> Totals:
        """The totals with route k's stats replaced by `new`."""
        old = self.stats[k]
        sums = {
            name: total - getattr(old, name) + getattr(new, name)
            for name, total in self.sums.items()
        }
        peaks = {}
        for name, (first, who, second) in self.peaks.items():
            value = getattr(new, name)
            top = max(value, second) if who == k else max(first, value)
            peaks[name] = (top, -1, 0.0)  # only the maximum is read from here on
        owed = comp.lunch_owed[k]
        missed = self.missed + owed * (math.isnan(new.lunch) - math.isnan(old.lunch))
        stats = self.stats
        if comp.w_balance:
            stats = list(stats)
            stats[k] = new
        return Totals(sums, peaks, missed, stats)

    def cost(self, comp: Compiled, *, idle: bool = True) -> float:
        """The objective as the checker measures it, tasks left out aside: the one formula
        of `schedule` and of the insertion costs (`idle=False` leaves out the idlest
        carer's term, see `greedy.Plan`)."""
        sums, peaks = self.sums, self.peaks
        cost = (
            comp.w_travel * sums["travel"]
            + comp.w_total * sums["late_sum"]
            + comp.w_highest * peaks["late_max"][0]
            + comp.w_workload * peaks["work"][0]
            + sums["assign"]
            + comp.w_lunch * self.missed
            + comp.w_overtime * sums["overtime"]
            + comp.w_wait * sums["wait_sum"]
            + comp.w_max_wait * peaks["wait_max"][0]
        )
        if idle:
            cost += comp.w_idle * peaks["idle"][0]
        if comp.w_balance and self.stats:
            works = [st.work for st in self.stats]
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
    pause = comp.lunch_dur if has_lunch else 0.0
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
        and not lunch > comp.lunch_due + EPS
    )
    return RouteStats(
        travel,
        late_sum,
        late_max,
        assign,
        work,
        ok,
        back,
        max(0.0, back - paid_end),
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
            solution.lunches[carer] = TimeWindow(lunch, lunch + comp.lunch_dur)
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
