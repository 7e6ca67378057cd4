"""Plain VRPTW files (VRPLIB, DIMACS convention): the routing core measured at scale.

Distances are truncated to one decimal (PyVRP's ``round_func="dimacs"`` scales them by 10),
so costs compare directly with the best-known `.sol` files.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pyvrp
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

DIMACS_SCALE = 10


@dataclass
class VrptwResult:
    instance: str
    solver: str
    cost: float | None  # total distance, None when no feasible solution was found
    feasible: bool
    routes: int
    seconds: float
    best_known: float | None
    gap: float | None  # percent above the best-known cost

    def as_dict(self) -> dict[str, object]:
        return {
            "instance": self.instance,
            "solver": self.solver,
            "cost": self.cost,
            "feasible": self.feasible,
            "routes": self.routes,
            "seconds": round(self.seconds, 2),
            "best_known": self.best_known,
            "gap": None if self.gap is None else round(self.gap, 3),
        }


def best_known(path: str | Path) -> float | None:
    """The `Cost` line of the `.sol` file beside the instance, if there is one."""
    sol = Path(path).with_suffix(".sol")
    if not sol.exists():
        return None
    for line in reversed(sol.read_text(encoding="utf-8").splitlines()):
        if line.strip().lower().startswith("cost"):
            return float(line.split()[-1])
    return None


def _result(path: Path, solver: str, cost: float | None, routes: int, began: float) -> VrptwResult:
    known = best_known(path)
    gap = None
    if cost is not None and known:
        gap = 100.0 * (cost - known) / known
    return VrptwResult(
        instance=path.stem,
        solver=solver,
        cost=cost,
        feasible=cost is not None,
        routes=routes,
        seconds=time.monotonic() - began,
        best_known=known,
        gap=gap,
    )


def solve_vrptw(
    path: str | Path, *, seconds: float, seed: int = 0, solver: str = "pyvrp"
) -> VrptwResult:
    """Solve a VRPLIB VRPTW file with PyVRP (default) or OR-Tools within `seconds`."""
    path = Path(path)
    began = time.monotonic()
    data = pyvrp.read(path, round_func="dimacs")
    if solver == "ortools":
        left = max(0.1, seconds - (time.monotonic() - began))
        cost, routes = _ortools(data, left)
        return _result(path, "ortools", cost, routes, began)
    if solver != "pyvrp":
        raise ValueError(f"solutore sconosciuto: {solver}")
    deadline = began + seconds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        result = pyvrp.solve(
            data, stop=lambda _: time.monotonic() >= deadline, seed=seed, collect_stats=False
        )
    best = result.best
    cost = best.distance() / DIMACS_SCALE if best.is_feasible() else None
    return _result(path, "pyvrp", cost, best.num_routes(), began)


def _ortools(data: pyvrp.ProblemData, seconds: float) -> tuple[float | None, int]:
    """The same instance in OR-Tools routing (guided local search), for comparison."""
    depots, clients = data.depots(), data.clients()
    vehicle = data.vehicle_type(0)
    size = data.num_locations
    distance = data.distance_matrix(0).tolist()
    duration = data.duration_matrix(0).tolist()
    service = [0] * len(depots) + [c.service_duration for c in clients]
    demand = [0] * len(depots) + [sum(c.delivery) for c in clients]
    manager = pywrapcp.RoutingIndexManager(size, vehicle.num_available, 0)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(distance))
    time_matrix = [[duration[a][b] + service[a] for b in range(size)] for a in range(size)]
    horizon = depots[0].tw_late
    routing.AddDimension(
        routing.RegisterTransitMatrix(time_matrix), horizon, horizon, False, "time"
    )
    clock = routing.GetDimensionOrDie("time")
    for c, client in enumerate(clients, start=len(depots)):
        clock.CumulVar(manager.NodeToIndex(c)).SetRange(client.tw_early, client.tw_late)
    for v in range(vehicle.num_available):
        clock.CumulVar(routing.Start(v)).SetRange(depots[0].tw_early, horizon)
        clock.CumulVar(routing.End(v)).SetRange(depots[0].tw_early, horizon)
    capacity = sum(vehicle.capacity) if vehicle.capacity else 10**9
    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterUnaryTransitVector(demand),
        0,
        [capacity] * vehicle.num_available,
        True,
        "load",
    )
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    found = routing.SolveWithParameters(params)
    if found is None:
        return None, 0
    total = 0
    used = 0
    for v in range(vehicle.num_available):
        index = routing.Start(v)
        if routing.IsEnd(found.Value(routing.NextVar(index))):
            continue
        used += 1
        while not routing.IsEnd(index):
            nxt = found.Value(routing.NextVar(index))
            total += distance[manager.IndexToNode(index)][manager.IndexToNode(nxt)]
            index = nxt
    return total / DIMACS_SCALE, used
