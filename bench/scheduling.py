"""Benchmark of the care scheduler: UHHC instances, the whole objective against CP-SAT,
1,000-customer VRPTW, a 400-visit day.

Usage: `.venv/bin/python bench/scheduling.py [--seconds 30] [--vrptw-seconds 60] [--quick]
[--skip-uhhc] [--skip-full] [--skip-vrptw]`.
Reads ../shared/data/scheduling/ beside the repository and prints, per instance and solver,
cost, components, feasibility by the independent checker and time; then the machine.
Goals (issue 4): 100 % feasible on UHHC; average gap to the best-known VRPTW solutions at
most 3 % at 60 s; a 400-visit, 40-carer day solved in under 30 s. Goals (issue 11), on the
`uhhc-validation` instances (every component): no mandatory visit left out; a cost no
higher than the CP-SAT model (`coopnet.scheduling.cpsat`) given the same time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

from _common import ROOT, machine

from coopnet.scheduling import (
    Carer,
    Problem,
    Solution,
    Sync,
    Task,
    TimeWindow,
    Weights,
    check,
    solve,
    uhhc,
)
from coopnet.scheduling.core import compile_problem
from coopnet.scheduling.cpsat import solve_cpsat
from coopnet.scheduling.travel import HaversineProvider
from coopnet.scheduling.vrptw import solve_vrptw

# ../shared/data beside the repository (or beside the folder of worktrees holding it).
DATA = next(
    (
        folder / "shared" / "data" / "scheduling"
        for folder in ROOT.parents
        if (folder / "shared" / "data").is_dir()
    ),
    ROOT / ".." / "shared" / "data" / "scheduling",
)
UHHC_SOLVERS = ("auto", "ortools", "pyvrp", "greedy")
VRPTW_SOLVERS = ("pyvrp", "ortools")


def bench_uhhc(seconds: float, solvers: tuple[str, ...], only: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    files = sorted((DATA / "uhhc").glob("*/*.json"))
    if only:
        files = [f for f in files if only in f.name]
    print(f"\n## UHHC home-care instances ({len(files)}), {seconds:g} s per instance and solver")
    header = (
        f"{'instance':34} {'tasks':>5} {'solver':8} {'kept':15} {'cost':>9} {'travel':>8} "
        f"{'tot.tard':>8} {'max.tard':>8} {'feas':>5} {'unass':>5} {'time s':>6}"
    )
    print(header)
    for path in files:
        problem = uhhc.load(path)
        for name in solvers:
            began = time.monotonic()
            solution = solve(problem, seconds=seconds, solver=name, seed=0)
            elapsed = time.monotonic() - began
            # The verdict comes from the UHHC file as written, re-read like the CLI does.
            written = uhhc.load_solution(problem, uhhc.dump_solution(problem, solution))
            result = check(problem, written)
            row = {
                "instance": path.stem,
                "tasks": len(problem.tasks),
                "solver": name,
                "kept": solution.solver,
                "cost": result.cost,
                "travel": result.travel_time,
                "total_tardiness": result.total_tardiness,
                "highest_tardiness": result.highest_tardiness,
                "feasible": result.feasible and not solution.unassigned,
                "unassigned": len(solution.unassigned),
                "seconds": elapsed,
            }
            rows.append(row)
            print(
                f"{path.stem[:34]:34} {row['tasks']:5} {name:8} {solution.solver:15} "
                f"{result.cost:9.1f} {result.travel_time:8.1f} {result.total_tardiness:8.1f} "
                f"{result.highest_tardiness:8.1f} {'yes' if row['feasible'] else 'NO':>5} "
                f"{row['unassigned']:5} {elapsed:6.1f}",
                flush=True,
            )
    print("\nsummary by solver (feasible share, mean cost, instances where it is best):")
    for name in solvers:
        mine = [r for r in rows if r["solver"] == name]
        wins = 0
        for r in mine:
            same = [o["cost"] for o in rows if o["instance"] == r["instance"]]
            wins += r["cost"] <= min(same) + 1e-6
        feasible = sum(r["feasible"] for r in mine)
        print(
            f"  {name:8} feasible {feasible}/{len(mine)} "
            f"({100 * feasible / max(1, len(mine)):.0f} %), mean cost "
            f"{statistics.mean(r['cost'] for r in mine):.1f}, best on {wins}, "
            f"max time {max(r['seconds'] for r in mine):.1f} s"
        )
    return rows


# The components of the whole objective, as `CheckResult.summary` names them.
FULL_COLUMNS = (
    ("travel_time", "travel"),
    ("total_tardiness", "tot.tard"),
    ("highest_tardiness", "max.tard"),
    ("total_waiting_time", "wait"),
    ("total_extra_time", "overtime"),
    ("max_idle_time", "max.idle"),
    ("caregiver_preferences", "pref"),
    ("optional_patients", "opt.out"),
    ("missed_lunch_break", "no.lunch"),
)


FULL_SOLVERS = ("auto", "cp-sat+hint")


def full_run(name: str, problem: Problem, seconds: float) -> tuple[Solution | None, str]:
    """`auto`, or CP-SAT from the greedy plan (made within the same time), with CP-SAT's
    status. (From nothing, CP-SAT found no plan in 30 s on five of the six instances.)"""
    if name == "auto":
        return solve(problem, seconds=seconds, seed=0), ""
    began = time.monotonic()
    hint = solve(problem, seconds=0, solver="greedy")
    left = seconds - (time.monotonic() - began)
    return solve_cpsat(compile_problem(problem), seconds=left, hint=hint)


def bench_full(seconds: float) -> list[dict[str, Any]]:
    """Every component of the objective on the instances that weigh them all: `auto`
    against CP-SAT from the greedy plan, each given `seconds` (wall and CPU time shown)."""
    files = sorted((DATA / "uhhc-validation").glob("*.json"))
    print(f"\n## The whole objective ({len(files)} uhhc-validation instances), {seconds:g} s each")
    names = " ".join(f"{short:>8}" for _, short in FULL_COLUMNS)
    print(f"{'instance':8} {'tasks':>5} {'solver':12} {names} {'mand.out':>8} "
          f"{'feas':>5} {'cost':>9} {'time s':>6} {'cpu s':>6} status")  # fmt: skip
    rows: list[dict[str, Any]] = []
    for path in files:
        problem = uhhc.load(path)
        for name in FULL_SOLVERS:
            began, cpu = time.monotonic(), time.process_time()
            solution, status = full_run(name, problem, seconds)
            elapsed, cpu = time.monotonic() - began, time.process_time() - cpu
            row: dict[str, Any] = {
                "instance": path.stem,
                "solver": name,
                "seconds": elapsed,
                "status": status,
            }
            if solution is None:
                print(f"{path.stem:8} {len(problem.tasks):5} {name:12} no plan found "
                      f"in {elapsed:.1f} s ({status})")  # fmt: skip
                rows.append({**row, "cost": None, "feasible": False, "mandatory_out": None})
                continue
            written = uhhc.load_solution(problem, uhhc.dump_solution(problem, solution))
            result = check(problem, written)
            values = result.summary()
            row.update(
                {key: values[key] for key, _ in FULL_COLUMNS},
                cost=result.cost,
                feasible=result.feasible,
                mandatory_out=result.unassigned,
            )
            rows.append(row)
            cells = " ".join(f"{values[key]:8.0f}" for key, _ in FULL_COLUMNS)
            print(
                f"{path.stem:8} {len(problem.tasks):5} {name:12} {cells} "
                f"{result.unassigned:8} {'yes' if result.feasible else 'NO':>5} "
                f"{result.cost:9.0f} {elapsed:6.1f} {cpu:6.1f} {status}",
                flush=True,
            )
    return rows


def full_goals(rows: list[dict[str, Any]]) -> None:
    ours = [r for r in rows if r["solver"] == "auto"]
    out = sum(r["mandatory_out"] or 0 for r in ours) + sum(not r["feasible"] for r in ours)
    print(f"whole objective: mandatory visits left out (or infeasible plans) with auto: {out} "
          f"({'PASS' if out == 0 else 'FAIL'}; goal 0)")  # fmt: skip
    for r in ours:
        rivals = [
            o["cost"]
            for o in rows
            if o["instance"] == r["instance"] and o["solver"] != "auto" and o["feasible"]
        ]
        best = min(rivals, default=None)
        if best is None:
            verdict = "CP-SAT found no feasible plan"
        else:
            verdict = "PASS" if r["cost"] <= best + 1e-6 else "FAIL"
        shown = "none" if best is None else f"{best:.0f}"
        print(f"  {r['instance']}: auto {r['cost']:.0f}, best CP-SAT {shown} ({verdict})")


def bench_vrptw(seconds: float, solvers: tuple[str, ...]) -> list[dict[str, Any]]:
    files = sorted((DATA / "vrptw-gh1000").glob("*.vrp"))
    print(f"\n## VRPTW Gehring-Homberger 1,000 customers ({len(files)}), {seconds:g} s each")
    print(f"{'instance':10} {'solver':8} {'cost':>10} {'best known':>10} {'gap %':>7} "
          f"{'routes':>6} {'time s':>6}")  # fmt: skip
    rows: list[dict[str, Any]] = []
    for path in files:
        for name in solvers:
            result = solve_vrptw(path, seconds=seconds, solver=name)
            rows.append(result.as_dict())
            cost = f"{result.cost:10.1f}" if result.cost is not None else f"{'none':>10}"
            gap = f"{result.gap:7.2f}" if result.gap is not None else f"{'-':>7}"
            print(
                f"{path.stem:10} {name:8} {cost} {result.best_known or 0:10.1f} {gap} "
                f"{result.routes:6} {result.seconds:6.1f}",
                flush=True,
            )
    for name in solvers:
        gaps = [r["gap"] for r in rows if r["solver"] == name and r["gap"] is not None]
        if gaps:
            print(f"  {name:8} average gap {statistics.mean(gaps):.2f} % over {len(gaps)}")
    return rows


def synthetic_day(visits: int = 400, carers: int = 40, seed: int = 42) -> Problem:
    """A deterministic day of a consortium in and around Bologna.

    Paid carers work a morning (7-15) or afternoon (12-20) shift; a quarter of the carers
    are volunteers (never given professional-only services); about 10 % of the visits are
    double visits (mostly simultaneous), some have preferred carers.
    """
    rng = random.Random(seed)
    centre = (44.4949, 11.3426)
    depots = [centre, (44.52, 11.30), (44.47, 11.39)]
    homes: list[tuple[float, float]] = []
    people: list[Carer] = []
    for c in range(carers):
        volunteer = c % 4 == 3
        skills = {"oss"} | ({"infermiere"} if c % 3 == 0 and not volunteer else set())
        if c % 10 == 5:
            skills.add("fisioterapista")
        paid = c - c // 4  # paid carers so far: alternate morning and afternoon among them
        shift = TimeWindow(7 * 60, 15 * 60) if paid % 2 == 0 else TimeWindow(12 * 60, 20 * 60)
        if volunteer:
            shift = TimeWindow(9 * 60, 13 * 60) if c % 8 == 3 else TimeWindow(15 * 60, 19 * 60)
        depot = c % len(depots)
        people.append(
            Carer(f"op{c:02d}", frozenset(skills), depot, depot, shift, volunteer, 8 * 60)
        )
    tasks: list[Task] = []
    syncs: list[Sync] = []
    index = 0
    while len(tasks) < visits:
        homes.append((centre[0] + rng.uniform(-0.06, 0.06), centre[1] + rng.uniform(-0.08, 0.08)))
        start = rng.choice(range(7 * 60 + 30, 18 * 60, 15))
        width = rng.choice((90, 120, 180, 240))
        skill = rng.choices(("oss", "infermiere", "fisioterapista"), (75, 20, 5))[0]
        duration = rng.choice((15, 20, 30, 45)) if skill == "oss" else rng.choice((15, 20, 30))
        preferred = frozenset({rng.choice(people).id}) if rng.random() < 0.2 else frozenset()
        common: dict[str, Any] = {
            "location": len(depots) + index,
            "duration": duration,
            "windows": (TimeWindow(start, start + width),),
            "skill": skill,
            "volunteer_allowed": skill == "oss" and rng.random() < 0.7,
            "preferred": preferred,
            "client": f"u{index:03d}",
        }
        double = len(tasks) + 2 <= visits and rng.random() < 0.1
        if double:
            first = Task(f"u{index:03d}-a", **{**common, "skill": "oss"})
            second = Task(f"u{index:03d}-b", **common)
            tasks += [first, second]
            if rng.random() < 0.8:
                syncs.append(Sync(first.id, second.id, "simultaneous"))
            else:
                syncs.append(Sync(first.id, second.id, "sequential", 15, 60))
        else:
            tasks.append(Task(f"u{index:03d}", **common))
        index += 1
    return Problem(
        name="bologna-400",
        tasks=tuple(tasks),
        carers=tuple(people),
        syncs=tuple(syncs),
        travel=HaversineProvider(mode="car").matrix(depots + homes),
        weights=Weights(non_preferred=10),
    )


def bench_day(seconds: float) -> dict:
    problem = synthetic_day()
    print(
        f"\n## Synthetic day: {len(problem.tasks)} visits ({len(problem.syncs)} double), "
        f"{len(problem.carers)} carers, limit {seconds:g} s"
    )
    began = time.monotonic()
    solution = solve(problem, seconds=seconds)
    elapsed = time.monotonic() - began
    result = check(problem, solution)
    reasons: dict[str, int] = {}
    for reason in solution.unassigned.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    print(
        f"feasible {result.feasible}; planned {result.assigned}, unassigned "
        f"{result.unassigned} {json.dumps(reasons, ensure_ascii=False)}; travel "
        f"{result.travel_time:.0f} min, tardiness {result.total_tardiness:.0f} "
        f"(max {result.highest_tardiness:.0f}); non-preferred {result.non_preferred}; "
        f"time {elapsed:.1f} s ({'PASS' if elapsed < 30 and result.feasible else 'FAIL'})"
    )
    return {"feasible": result.feasible, "seconds": elapsed, "unassigned": result.unassigned}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="per UHHC instance and solver")
    parser.add_argument("--vrptw-seconds", type=float, default=60)
    parser.add_argument("--day-seconds", type=float, default=25)
    parser.add_argument("--quick", action="store_true", help="3 s / 10 s limits, for a smoke run")
    parser.add_argument("--only", help="UHHC instances whose name contains this")
    parser.add_argument("--solvers", default=",".join(UHHC_SOLVERS))
    parser.add_argument("--skip-vrptw", action="store_true")
    parser.add_argument("--skip-uhhc", action="store_true", help="skip the 22 UHHC instances")
    parser.add_argument("--skip-full", action="store_true", help="skip the CP-SAT comparison")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.vrptw_seconds, args.day_seconds = 3, 10, 10
    print(machine("pyvrp", "ortools", "numpy", django=False))
    began = time.monotonic()
    rows = (
        []
        if args.skip_uhhc
        else bench_uhhc(args.seconds, tuple(args.solvers.split(",")), args.only)
    )
    full = [] if args.skip_full else bench_full(args.seconds)
    vrptw = [] if args.skip_vrptw else bench_vrptw(args.vrptw_seconds, VRPTW_SOLVERS)
    day = bench_day(args.day_seconds)
    print("\n## Goals")
    if rows:
        chosen = [r for r in rows if r["solver"] == rows[0]["solver"]]
        share = 100 * sum(r["feasible"] for r in chosen) / max(1, len(chosen))
        print(f"UHHC feasible with the chosen solver: {share:.0f} % "
              f"({'PASS' if share == 100 else 'FAIL'}; goal 100 %)")  # fmt: skip
    if full:
        full_goals(full)
    gaps = [r["gap"] for r in vrptw if r["solver"] == "pyvrp" and r["gap"] is not None]
    if gaps:
        mean = statistics.mean(gaps)
        verdict = "PASS" if mean <= 3 and len(gaps) == 3 else "FAIL"
        if args.vrptw_seconds < 60:
            verdict = "goal is at 60 s: not judged"
        print(f"VRPTW average gap with PyVRP: {mean:.2f} % ({verdict}; goal <= 3 %)")
    verdict = "PASS" if day["seconds"] < 30 and day["feasible"] else "FAIL"
    print(f"400-visit day: {day['seconds']:.1f} s, feasible {day['feasible']} "
          f"({verdict}; goal < 30 s)")  # fmt: skip
    print(f"total benchmark time {time.monotonic() - began:.0f} s")
    print(machine("pyvrp", "ortools", "numpy", django=False))


if __name__ == "__main__":
    main()
