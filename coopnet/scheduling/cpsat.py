"""A constraint-programming model (OR-Tools CP-SAT) of the whole home-care problem, the
yardstick of `bench/scheduling.py` for the routing solvers (never used by `solve`).

One circuit over every visit and each carer's start and end node (a giant tour); each
visit has a carer variable, a start time and, when optional, a self-loop to leave it out.
It prices travel, tardiness (total and highest, one window chosen per visit), overtime,
waiting, the idlest carer, preferences and incompatibilities, optional patients and the
lunch break (an interval of the carer's day that overlaps neither a visit nor the travel
to it). Times are whole minutes (travel rounded up); costs are weights x 10, rounded.
Each visit may be followed only by its `NEIGHBOURS` nearest in place and time (and by its
successor in the hint), a restriction of the problem: its plans are all valid.

With a hint (a plan, e.g. the greedy one), CP-SAT first times the hint's routes with its
orders and carers fixed (`START_SHARE` of the time at most), then searches the whole model
from that complete, feasible solution, so it always has a plan to return when the hint
fits the model (measured: hinting only the orders, it found no plan in 30 s on 220-260
visits).
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from typing import Any

from ortools.sat.python import cp_model

from coopnet.scheduling.core import EPS, NO_ROOM, Compiled
from coopnet.scheduling.model import Solution, TimeWindow, Visit

SCALE = 10  # cost units per unit of weight
NEIGHBOURS = 25  # successors each visit may have in the circuit (see `_successors`)
OVERTIME_ROOM = 480  # minutes past the latest shift end the model allows with paid overtime
START_SHARE = 0.4  # of the time, at most, to time the hint's routes (see the module's doc)


class UnsupportedError(ValueError):
    """The problem weighs a component this model does not express."""


def _coef(weight: float) -> int:
    return round(weight * SCALE)


def solve_cpsat(
    comp: Compiled, *, seconds: float, workers: int = 2, hint: Solution | None = None
) -> tuple[Solution | None, str]:
    """Solve with CP-SAT within `seconds`, from `hint`'s plan if given (its order and
    carers, timed by CP-SAT first); the plan (None when none was found in time) and
    CP-SAT's status (`OPTIMAL`, `FEASIBLE`, `UNKNOWN`, `INFEASIBLE`)."""
    for name in ("w_workload", "w_max_wait", "w_balance"):
        if getattr(comp, name):
            raise UnsupportedError(name)
    if comp.problem.profiles or any(comp.breaks):
        raise UnsupportedError("profiles, breaks")
    began = time.monotonic()
    model = cp_model.CpModel()
    n, m = comp.n, comp.m
    tasks = [i for i in range(n) if comp.eligible[i]]
    tr = [[math.ceil(x - 1e-9) for x in row] for row in comp.travel]
    hard_end = all(e <= p + EPS for e, p in zip(comp.shift_end, comp.paid_end, strict=True))
    top = int(max(comp.paid_end) + (0 if hard_end else OVERTIME_ROOM))
    start = {i: model.new_int_var(int(comp.open[i]), top, f"s{i}") for i in tasks}
    late = {i: model.new_int_var(0, top, f"l{i}") for i in tasks}
    work = {i: model.new_int_var(0, top, f"w{i}") for i in tasks}  # worked before i ends
    carer = {i: model.new_int_var_from_domain(
        cp_model.Domain.from_values(comp.eligible[i]), f"v{i}") for i in tasks}  # fmt: skip
    present = {i: model.new_bool_var(f"p{i}") for i in tasks}
    depart = [model.new_int_var(int(comp.shift_start[k]), top, f"d{k}") for k in range(m)]
    back = [
        model.new_int_var(int(comp.shift_start[k]), min(top, int(comp.shift_end[k])), f"b{k}")
        for k in range(m)
    ]
    done = [model.new_int_var(0, top, f"W{k}") for k in range(m)]  # worked minutes
    used = [model.new_bool_var(f"u{k}") for k in range(m)]
    arcs: list[tuple[int, int, Any]] = []
    travel_terms: list[Any] = []
    into: dict[int, list[tuple[Any, int]]] = {i: [] for i in tasks}  # (arc, travel) into i
    first_leg: list[list[tuple[Any, int]]] = [[] for _ in range(m)]
    last_leg: list[list[tuple[Any, int]]] = [[] for _ in range(m)]
    node = {i: pos for pos, i in enumerate(tasks)}
    successors = _successors(comp, tasks, hint)
    s_node = [len(tasks) + 2 * k for k in range(m)]
    e_node = [len(tasks) + 2 * k + 1 for k in range(m)]

    true = model.new_bool_var("true")
    model.add(true == 1)
    for k in range(m):
        arcs.append((e_node[k], s_node[(k + 1) % m], true))
        idle_arc = model.new_bool_var(f"empty{k}")
        arcs.append((s_node[k], e_node[k], idle_arc))
        model.add(used[k] == 1 - idle_arc)
        model.add(back[k] == depart[k]).only_enforce_if(idle_arc)
        model.add(done[k] == 0).only_enforce_if(idle_arc)
        a_start, a_end = comp.cstart[k], comp.cend[k]
        for i in tasks:
            if k not in comp.eligible[i]:
                continue
            leg = tr[a_start][comp.loc[i]]
            lit = model.new_bool_var(f"S{k}>{i}")
            arcs.append((s_node[k], node[i], lit))
            model.add(carer[i] == k).only_enforce_if(lit)
            model.add(start[i] >= depart[k] + leg).only_enforce_if(lit)
            model.add(work[i] == leg + int(comp.dur[i])).only_enforce_if(lit)
            travel_terms.append(leg * lit)
            into[i].append((lit, leg))
            first_leg[k].append((lit, leg))
            leg = tr[comp.loc[i]][a_end]
            lit = model.new_bool_var(f"{i}>E{k}")
            arcs.append((node[i], e_node[k], lit))
            model.add(carer[i] == k).only_enforce_if(lit)
            model.add(back[k] >= start[i] + int(comp.dur[i]) + leg).only_enforce_if(lit)
            model.add(done[k] == work[i] + leg).only_enforce_if(lit)
            travel_terms.append(leg * lit)
            last_leg[k].append((lit, leg))
    for i in tasks:
        if comp.optional[i]:
            arcs.append((node[i], node[i], present[i].Not()))
        else:
            model.add(present[i] == 1)
        for j in successors[i]:
            leg = tr[comp.loc[i]][comp.loc[j]]
            lit = model.new_bool_var(f"{i}>{j}")
            arcs.append((node[i], node[j], lit))
            model.add(carer[j] == carer[i]).only_enforce_if(lit)
            model.add(start[j] >= start[i] + int(comp.dur[i]) + leg).only_enforce_if(lit)
            model.add(work[j] == work[i] + leg + int(comp.dur[j])).only_enforce_if(lit)
            travel_terms.append(leg * lit)
            into[j].append((lit, leg))
    model.add_circuit(arcs)
    if hint is not None:
        hinted = _hinted_arcs(comp, hint, node, s_node, e_node)
        for a, b, lit in arcs:
            if lit is not true and a != b:  # self-loops: `present` is hinted below
                model.add_hint(lit, (a, b) in hinted)
        for v in hint.visits():
            i = comp.task_pos[v.task_id]
            model.add_hint(start[i], round(v.start))
            model.add_hint(carer[i], comp.carer_pos[v.carer_id])
        for i in tasks:
            model.add_hint(present[i], comp.ids[i] not in hint.unassigned)

    # Windows: one chosen per visit, the start after its opening, lateness past its end
    # (the latest on-time start, whether tardiness counts at the start or at the end).
    highest = model.new_int_var(0, top, "highest")
    for i in tasks:
        windows = comp.windows[i] or [(comp.open[i], math.inf)]
        chosen = [model.new_bool_var(f"c{i}_{w}") for w in range(len(windows))]
        model.add_exactly_one(chosen)
        for lit, (opening, due) in zip(chosen, windows, strict=True):
            model.add(start[i] >= math.ceil(opening)).only_enforce_if(lit)
            if due < math.inf:
                model.add(late[i] >= start[i] - math.floor(due)).only_enforce_if(lit)
        model.add(highest >= late[i])
        j = comp.partner[i]
        if j >= 0 and j in start and i < j:
            model.add(present[i] == present[j])
            model.add(carer[i] != carer[j])
            first, second = (i, j) if comp.sync_kind[i] != "second" else (j, i)
            if comp.sync_kind[i] == "simultaneous":
                model.add(start[i] == start[j])
            else:
                model.add(start[second] >= start[first] + int(comp.gap_min[first]))
                model.add(start[second] <= start[first] + int(comp.gap_max[first]))

    # Lunch: an optional interval that overlaps no visit of the carer nor the travel to it.
    pauses = []  # (has, minutes) of each carer owed a lunch
    lunches: dict[int, Any] = {}
    for k in range(m):
        if not comp.lunch_owed[k]:
            continue
        d = int(comp.lunch_dur[k])
        has = model.new_bool_var(f"L{k}")
        model.add_implication(has, used[k])
        lunch = model.new_int_var(
            math.ceil(comp.lunch_open[k]), math.floor(comp.lunch_due[k]), f"ls{k}"
        )
        interval = model.new_optional_fixed_size_interval_var(lunch, d, has, f"lunch{k}")
        first = sum(lit * leg for lit, leg in first_leg[k])
        model.add(lunch >= depart[k] + first).only_enforce_if(has)
        model.add(
            back[k] >= lunch + d + sum(lit * leg for lit, leg in last_leg[k])
        ).only_enforce_if(has)
        busy = [interval]
        for i in tasks:
            if k not in comp.eligible[i]:
                continue
            here = _given_by(model, carer[i], present[i], k)
            travel_in = sum(lit * leg for lit, leg in into[i])
            size = model.new_int_var(0, top, f"z{i}_{k}")
            model.add(size == travel_in + int(comp.dur[i]))
            begin = model.new_int_var(-top, top, f"q{i}_{k}")
            model.add(begin == start[i] - travel_in)
            end = model.new_int_var(0, top, f"e{i}_{k}")
            busy.append(model.new_optional_interval_var(begin, size, end, here, f"o{i}_{k}"))
        model.add_no_overlap(busy)
        pauses.append((has, d))
        lunches[k] = (has, lunch)

    # The carers' day: overtime, and idle time (shift time neither worked nor at lunch).
    overtime, idlest = [], model.new_int_var(0, top, "idlest")
    for k in range(m):
        paid = int(min(comp.paid_end[k], top))
        over = model.new_int_var(0, top, f"ot{k}")
        model.add(over >= back[k] - paid)
        overtime.append(over)
        if comp.carers[k].shift is not None:
            closing = model.new_int_var(paid, top, f"close{k}")
            model.add_max_equality(closing, [back[k], paid])
            pause = int(comp.lunch_dur[k]) * lunches[k][0] if k in lunches else 0
            idle = closing - int(comp.shift_start[k]) - done[k] - pause
            model.add(idlest >= idle).only_enforce_if(used[k])
    service = sum(int(comp.dur[i]) * present[i] for i in tasks)
    travel = sum(travel_terms)
    at_lunch = sum(d * has for has, d in pauses)
    waiting = sum(back[k] - depart[k] for k in range(m)) - travel - service - at_lunch
    assign = []
    for i in tasks:
        for k, penalty in comp.assign_cost[i].items():
            here = _given_by(model, carer[i], present[i], k)
            assign.append(_coef(penalty) * here)
    model.minimize(
        _coef(comp.w_travel) * travel
        + _coef(comp.w_total) * sum(late.values())
        + _coef(comp.w_highest) * highest
        + sum(_coef(w) * over for w, over in zip(comp.w_overtime, overtime, strict=True))
        + _coef(comp.w_wait) * waiting
        + _coef(comp.w_idle) * idlest
        + sum(assign)
        + sum(_coef(comp.miss_cost[i]) * (1 - present[i]) for i in tasks)
        + _coef(comp.w_lunch) * sum(1 - has for has, _d in pauses)
    )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    found = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if hint is not None:
        # The hint's orders, carers and presence fixed: CP-SAT only times them.
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.max_time_in_seconds = START_SHARE * max(
            0.1, seconds - (time.monotonic() - began)
        )
        if solver.solve(model) in found:
            values = list(solver.response_proto.solution)
            model.clear_hints()
            for index, value in enumerate(values):
                model.proto.solution_hint.vars.append(index)
                model.proto.solution_hint.values.append(value)
        solver.parameters.fix_variables_to_their_hinted_value = False
    solver.parameters.max_time_in_seconds = max(0.1, seconds - (time.monotonic() - began))
    status = solver.solve(model)
    if status not in found:
        return None, solver.status_name(status)
    return _solution(comp, solver, tasks, start, carer, present, lunches), solver.status_name(
        status
    )


def _successors(comp: Compiled, tasks: list[int], hint: Solution | None) -> dict[int, list[int]]:
    """The visits that may follow each visit: the `NEIGHBOURS` closest in place and time
    that a common carer may give (all of them would make a model too big to find a first
    plan in 30 s on 100 tasks), plus the hint's successors."""
    result: dict[int, list[int]] = {}
    for i in tasks:
        mates = [
            j
            for j in tasks
            if j != i and comp.partner[i] != j and set(comp.eligible[i]) & set(comp.eligible[j])
        ]
        result[i] = heapq.nsmallest(
            NEIGHBOURS,
            mates,
            key=lambda j: comp.travel[comp.loc[i]][comp.loc[j]] + abs(comp.open[j] - comp.open[i]),
        )
    if hint is not None:
        for visits in hint.routes.values():
            for a, b in itertools.pairwise(visits):
                i, j = comp.task_pos[a.task_id], comp.task_pos[b.task_id]
                if j not in result[i]:
                    result[i].append(j)
    return result


def _hinted_arcs(
    comp: Compiled,
    hint: Solution,
    node: dict[int, int],
    s_node: list[int],
    e_node: list[int],
) -> set[tuple[int, int]]:
    """The circuit's arcs that follow each route of `hint` (an empty route: start to end)."""
    hinted: set[tuple[int, int]] = set()
    for k, person in enumerate(comp.carers):
        stops = [node[comp.task_pos[v.task_id]] for v in hint.routes.get(person.id, [])]
        hinted.update(itertools.pairwise([s_node[k], *stops, e_node[k]]))
        hinted.add((e_node[k], s_node[(k + 1) % comp.m]))
    return hinted


def _given_by(model: cp_model.CpModel, carer: Any, present: Any, k: int) -> Any:
    """A literal true exactly when the visit is planned and given by carer k."""
    here = model.new_bool_var("")
    model.add(carer == k).only_enforce_if(here)
    model.add_implication(here, present)
    model.add(carer != k).only_enforce_if([here.Not(), present])
    return here


def _solution(
    comp: Compiled,
    solver: cp_model.CpSolver,
    tasks: list[int],
    start: dict[int, Any],
    carer: dict[int, Any],
    present: dict[int, Any],
    lunches: dict[int, Any],
) -> Solution:
    solution = Solution(solver="cp-sat")
    for k, person in enumerate(comp.carers):
        mine = sorted(
            (solver.value(start[i]), i)
            for i in tasks
            if solver.value(present[i]) and solver.value(carer[i]) == k
        )
        solution.routes[person.id] = [
            Visit(comp.ids[i], person.id, float(t), float(t + comp.dur[i])) for t, i in mine
        ]
        if k in lunches and solver.value(lunches[k][0]):
            begin = float(solver.value(lunches[k][1]))
            solution.lunches[person.id] = TimeWindow(begin, begin + comp.lunch_dur[k])
    planned = {v.task_id for v in solution.visits()}
    for i in range(comp.n):
        if comp.ids[i] not in planned:
            solution.unassigned[comp.ids[i]] = comp.reasons.get(i, NO_ROOM)
    return solution
