"""PyVRP for the home-care problem, relaxed: PyVRP has no double visits, no soft windows,
no lunch breaks and no idle time.

Each carer is a vehicle type with its own travel profile (its transport mode's matrix), in
which the visits it may not give are made unreachable in time; a window's end is PyVRP's
(penalised) time-window end, and a visit with several windows is a group of clients, one
per window, exactly one of which is visited.
Travel, waiting (as route duration), overtime (past the shift's length) and optional
visits (prizes) are priced in PyVRP's integer units. PyVRP orders the visits; double-visit
timing is then restored by `solve.repair`, which re-inserts what the relaxation got wrong
and places the lunches, and ruin and recreate prices the rest.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pyvrp

from coopnet.scheduling.core import Compiled

SCALE = 100  # integer units per minute
COST = 10  # cost units per weighted time unit (keeps fractional weights meaningful)


class Deadline:
    """PyVRP stopping criterion: stop at the deadline, reporting progress on the way."""

    def __init__(self, deadline: float, started: float, progress: Callable[[float], None]):
        self.deadline = deadline
        self.started = started
        self.progress = progress
        self.reported = 0.0

    def __call__(self, best_cost: float) -> bool:
        now = time.monotonic()
        if now - self.reported > 0.5:
            self.reported = now
            self.progress((now - self.started) / max(1e-3, self.deadline - self.started))
        return now >= self.deadline


def _units(minutes: float) -> int:
    return math.ceil(minutes * SCALE - 1e-9)


def _cost(weight: float) -> int:
    """A per-minute weight as PyVRP's integer cost per time unit."""
    return round(weight * COST)


def solve_pyvrp(
    comp: Compiled,
    *,
    deadline: float,
    seed: int,
    started: float,
    progress: Callable[[float], None],
) -> list[list[int]] | None:
    nodes = comp.nodes()
    tasks = [i for i, _ in nodes]  # the task of each client
    if not tasks or deadline - time.monotonic() <= 0.05:
        return None
    depot_locs = sorted(set(comp.cstart) | set(comp.cend))
    depot_of = {loc: d for d, loc in enumerate(depot_locs)}
    places = depot_locs + [comp.loc[i] for i in tasks]
    size = len(places)
    base = {
        mode: np.array([[_units(comp.tr[k][a][b]) for b in places] for a in places], dtype=np.int64)
        for mode, k in {c.profile: k for k, c in enumerate(comp.carers)}.items()
    }
    horizon = max(_units(comp.shift_end[k]) for k in range(comp.m))
    unreachable = 10 * horizon

    profiles: list[Any] = []  # numpy matrices (PyVRP's stubs type them oddly)
    profile_of: dict[tuple[str, frozenset[int]], int] = {}
    vehicle_types = []
    for k in range(comp.m):
        allowed = frozenset(pos for pos, i in enumerate(tasks) if k in comp.eligible[i])
        key = (comp.carers[k].profile, allowed)
        if key not in profile_of:
            matrix = base[key[0]].copy()
            blocked = [len(depot_locs) + pos for pos in range(len(tasks)) if pos not in allowed]
            matrix[:, blocked] += unreachable
            np.fill_diagonal(matrix, 0)
            profile_of[key] = len(profiles)
            profiles.append(matrix)
        paid = _units(comp.paid_end[k] - comp.shift_start[k])
        price = comp.w_overtime[k]
        priced = price > 0 and comp.paid_end[k] < comp.shift_end[k]
        vehicle_types.append(
            pyvrp.VehicleType(
                num_available=1,
                start_depot=depot_of[comp.cstart[k]],
                end_depot=depot_of[comp.cend[k]],
                tw_early=_units(comp.shift_start[k]),
                tw_late=min(horizon, _units(comp.shift_end[k])),
                unit_distance_cost=_cost(comp.w_travel),
                # Route duration is travel, service and waiting: pricing it prices waiting.
                unit_duration_cost=_cost(comp.w_wait),
                # Overtime: past the paid shift's length (from the route's start).
                shift_duration=paid if priced else horizon,
                max_overtime=min(horizon, _units(comp.shift_end[k] - comp.paid_end[k]))
                if priced
                else 0,
                unit_overtime_cost=_cost(price) if priced else 0,
                profile=profile_of[key],
                name=comp.carers[k].id,
            )
        )
    clients = []
    groups: dict[int, list[int]] = {}
    for pos, (i, w) in enumerate(nodes):
        opening, due = comp.node_window(i, w)
        if due is None:
            due = comp.shift_end[0]
        several = len(comp.windows[i]) > 1 and comp.partner[i] < 0
        if several:
            groups.setdefault(i, []).append(pos)
        optional = comp.optional[i] and comp.partner[i] < 0
        clients.append(
            pyvrp.Client(
                location=len(depot_locs) + pos,
                service_duration=_units(comp.dur[i]),
                tw_early=_units(opening),
                tw_late=max(_units(opening), math.floor(due * SCALE)),
                required=not several and not optional,
                # An optional visit is left out when it costs more than its penalty.
                prize=round(comp.miss_cost[i] * SCALE * COST) if optional else 0,
                group=len(groups) - 1 if several else None,  # copies are contiguous
            )
        )
    data = pyvrp.ProblemData(
        locations=[pyvrp.Location(x=float(p), y=0.0) for p in range(size)],
        clients=clients,
        depots=[pyvrp.Depot(location=d) for d in range(len(depot_locs))],
        vehicle_types=vehicle_types,
        groups=[
            pyvrp.ClientGroup(clients=members, required=not comp.optional[i])
            for i, members in groups.items()
        ],
        distance_matrices=profiles,
        duration_matrices=profiles,
    )
    with warnings.catch_warnings():
        # PyVRP warns when its penalties saturate; the relaxation is often "infeasible" to
        # it (late visits) and that is expected here.
        warnings.simplefilter("ignore", UserWarning)
        result = pyvrp.solve(
            data,
            stop=Deadline(deadline, started, progress),
            seed=seed,
            collect_stats=False,
            display=False,
        )
    routes: list[list[int]] = [[] for _ in range(comp.m)]
    for route in result.best.routes():
        k = route.vehicle_type()
        routes[k] = [tasks[a.idx] for a in route if a.type == pyvrp.ActivityType.CLIENT]
    return routes
