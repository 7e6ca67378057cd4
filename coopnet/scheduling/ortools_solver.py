"""OR-Tools routing for the home-care problem, double visits included.

Times are scaled to hundredths of a minute (OR-Tools works in integers); travel times are
rounded up so that any route OR-Tools accepts is feasible in real minutes too. Each carer
travels by its own mode's matrix; a visit with several windows is one node per window,
exactly one of which is visited. Only the order of visits is kept: start times are
recomputed by `timing.schedule`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from coopnet.scheduling.core import Compiled
from coopnet.scheduling.timing import schedule

SCALE = 100  # time units per minute
COST = 10  # cost units per weighted time unit (keeps fractional weights meaningful)


def _units(minutes: float) -> int:
    return math.ceil(minutes * SCALE - 1e-9)


def solve_ortools(
    comp: Compiled,
    initial: list[list[int]],
    *,
    deadline: float,
    started: float,
    progress: Callable[[float], None],
) -> list[list[int]] | None:
    """Improve `initial` (feasible routes) until the deadline; None if nothing better came."""
    seconds = deadline - time.monotonic()
    if seconds <= 0.05:
        return None
    routed = {i for r in initial for i in r}
    nodes = comp.nodes()
    tasks = [i for i, _ in nodes]  # the task of each node
    node_of = {i: pos for pos, (i, w) in enumerate(nodes) if w == 0}  # a task's first node
    depots = sorted(set(comp.cstart) | set(comp.cend))
    depot_node = {loc: len(tasks) + pos for pos, loc in enumerate(depots)}
    places = [comp.loc[i] for i in tasks] + depots
    size = len(places)
    manager = pywrapcp.RoutingIndexManager(
        size,
        comp.m,
        [depot_node[loc] for loc in comp.cstart],
        [depot_node[loc] for loc in comp.cend],
    )
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()

    node_at = [manager.IndexToNode(x) for x in range(routing.Size() + comp.m)]
    # One matrix per transport mode, in integer units; each carer uses its mode's.
    carer_of_mode = {c.profile: k for k, c in enumerate(comp.carers)}
    travel = {
        mode: [[_units(comp.tr[k][a][b]) for b in places] for a in places]
        for mode, k in carer_of_mode.items()
    }
    service = [_units(comp.dur[i]) for i in tasks] + [0] * len(depots)
    time_cb = {
        mode: routing.RegisterTransitMatrix(
            [[matrix[a][b] + service[a] for b in range(size)] for a in range(size)]
        )
        for mode, matrix in travel.items()
    }
    carer_time_cb = [time_cb[c.profile] for c in comp.carers]
    _arc_costs(comp, routing, tasks, travel)

    horizon = max(_units(comp.shift_end[k]) for k in range(comp.m))
    routing.AddDimensionWithVehicleTransits(carer_time_cb, horizon, horizon, False, "time")
    clock = routing.GetDimensionOrDie("time")
    late = None
    if comp.w_highest > 0:
        routing.AddDimension(
            routing.RegisterTransitMatrix([[0] * size] * size), horizon, horizon, True, "late"
        )
        late = routing.GetDimensionOrDie("late")
        late.SetGlobalSpanCostCoefficient(round(comp.w_highest * COST))

    for k in range(comp.m):
        clock.CumulVar(routing.Start(k)).SetMin(_units(comp.shift_start[k]))
        clock.CumulVar(routing.End(k)).SetMax(math.floor(comp.shift_end[k] * SCALE))
        if comp.w_overtime[k] and comp.paid_end[k] < comp.shift_end[k]:
            # Overtime: a soft upper bound on the return, priced per minute past the shift.
            clock.SetCumulVarSoftUpperBound(
                routing.End(k), _units(comp.paid_end[k]), round(comp.w_overtime[k] * COST)
            )
    # Waiting is not priced here: with a slack or a span cost on the time dimension OR-Tools
    # 9.15 gave no answer in 60-120 s for a 5 s limit on i-077, with or without the double
    # visits (docs/scheduling.md); ruin and recreate prices it afterwards.
    if any(comp.breaks):
        _breaks(comp, routing, clock, [service[node_at[x]] for x in range(routing.Size())])
    if comp.w_workload > 0 or any(comp.max_minutes[k] < math.inf for k in range(comp.m)):
        caps = [
            int(comp.max_minutes[k] * SCALE) if comp.max_minutes[k] < math.inf else horizon * 10
            for k in range(comp.m)
        ]
        routing.AddDimensionWithVehicleTransitAndCapacity(carer_time_cb, 0, caps, True, "work")
        # The busiest carer's minutes: the span of the work dimension across carers.
        work = routing.GetDimensionOrDie("work")
        work.SetGlobalSpanCostCoefficient(round(comp.w_workload * COST))

    copies: dict[int, list[int]] = {}
    for pos, (i, w) in enumerate(nodes):
        index = manager.NodeToIndex(pos)
        copies.setdefault(i, []).append(index)
        var = clock.CumulVar(index)
        opening, due = comp.node_window(i, w)
        var.SetMin(_units(opening))
        if due is not None and comp.w_total > 0:
            clock.SetCumulVarSoftUpperBound(
                index, max(0, math.floor(due * SCALE)), round(comp.w_total * COST)
            )
        if late is not None and due is not None:
            solver.Add(late.CumulVar(index) >= var - max(0, math.floor(due * SCALE)))
        if len(comp.eligible[i]) < comp.m:
            # SetAllowedVehiclesForIndex's Span argument is not usable from Python in 9.15.
            allowed = set(comp.eligible[i])
            routing.VehicleVar(index).RemoveValues([k for k in range(comp.m) if k not in allowed])
    for i, indices in copies.items():
        single = comp.partner[i] < 0 or comp.partner[i] not in node_of
        if single and (i not in routed or comp.optional[i]):
            routing.AddDisjunction(indices, _penalty(comp, i))  # may be left out, at a price
        elif len(indices) > 1:
            routing.AddDisjunction(indices)  # exactly one window's node
    for i, pos in node_of.items():
        j = comp.partner[i]
        if (
            j < 0
            or j not in node_of
            or comp.sync_kind[i] == "second"
            or (comp.sync_kind[i] == "simultaneous" and j < i)
        ):
            continue
        a, b = manager.NodeToIndex(pos), manager.NodeToIndex(node_of[j])
        if i not in routed or j not in routed or comp.optional[i]:
            routing.AddDisjunction([a, b], _penalty(comp, i) + _penalty(comp, j), 2)
            solver.Add(routing.ActiveVar(a) == routing.ActiveVar(b))
        solver.Add(
            solver.IsDifferentVar(routing.VehicleVar(a), routing.VehicleVar(b))
            >= routing.ActiveVar(a)
        )
        ca, cb = clock.CumulVar(a), clock.CumulVar(b)
        if comp.sync_kind[i] == "simultaneous":
            solver.Add(ca == cb)
        else:
            solver.Add(cb >= ca + round(comp.gap_min[i] * SCALE))
            solver.Add(cb <= ca + round(comp.gap_max[i] * SCALE))

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(50, int((deadline - time.monotonic()) * 1000)))
    total = max(1e-3, deadline - started)
    routing.AddAtSolutionCallback(lambda: progress((time.monotonic() - started) / total))

    start = schedule(comp, initial).start
    start_routes = [
        [manager.NodeToIndex(node_of[i] + _copy(comp, i, start[i])) for i in r] for r in initial
    ]
    assignment = routing.ReadAssignmentFromRoutes(start_routes, True)
    if assignment is None:
        found = routing.SolveWithParameters(params)
    else:
        found = routing.SolveFromAssignmentWithParameters(assignment, params)
    if found is None:
        return None
    routes: list[list[int]] = []
    for k in range(comp.m):
        index = routing.Start(k)
        route = []
        index = found.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            route.append(tasks[node_at[index]])
            index = found.Value(routing.NextVar(index))
        routes.append(route)
    return routes


def _breaks(
    comp: Compiled,
    routing: pywrapcp.RoutingModel,
    clock: pywrapcp.RoutingDimension,
    transits: list[int],
) -> None:
    """The carers' fixed breaks: they may overlap travel, never a visit (its service time
    is the visit transit). Lunch breaks are not modelled: as break intervals (a window for
    the start) OR-Tools 9.15 overran its time limit eightfold on i-083 (40 s for 5 s) and
    gave no answer in 60 s on i-077 (optional ones: 9.9 s for 5 s, and no price when
    missed), so `solve.repair` places them and ruin and recreate moves them afterwards."""
    solver = routing.solver()
    for k, pauses in enumerate(comp.breaks):
        intervals = [
            solver.FixedDurationIntervalVar(
                _units(opening), _units(opening), _units(closing - opening), False, "pausa"
            )
            for opening, closing in pauses
        ]
        if intervals:
            clock.SetBreakIntervalsOfVehicle(intervals, k, transits)


def _copy(comp: Compiled, i: int, start: float) -> int:
    """Which of task i's nodes a start belongs to (0 when the task has one node)."""
    return comp.window_at(i, start) if comp.partner[i] < 0 else 0


def _arc_costs(
    comp: Compiled,
    routing: pywrapcp.RoutingModel,
    tasks: list[int],
    travel: dict[str, list[list[int]]],
) -> None:
    """Travel cost on every arc (by the carer's mode), plus per carer the continuity and
    preference penalty of a task."""
    base = {
        mode: [[round(comp.w_travel * COST * t) for t in row] for row in matrix]
        for mode, matrix in travel.items()
    }
    if len(base) == 1 and not any(comp.assign_cost[i] for i in tasks):
        (only,) = base.values()
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(only))
        return
    shared: dict[str, int] = {}
    for k, carer in enumerate(comp.carers):
        costs = base[carer.profile]
        size = len(costs)
        extra = [round(comp.assign_cost[i].get(k, 0.0) * SCALE * COST) for i in tasks]
        if not any(extra):
            if carer.profile not in shared:
                shared[carer.profile] = routing.RegisterTransitMatrix(costs)
            routing.SetArcCostEvaluatorOfVehicle(shared[carer.profile], k)
            continue
        extra += [0] * (size - len(tasks))
        matrix = [[costs[a][b] + extra[b] for b in range(size)] for a in range(size)]
        routing.SetArcCostEvaluatorOfVehicle(routing.RegisterTransitMatrix(matrix), k)


def _penalty(comp: Compiled, i: int) -> int:
    """Leaving task i out, in the routing model's cost units."""
    return round(comp.miss_cost[i] * SCALE * COST)
