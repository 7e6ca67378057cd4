"""Command line: ``python -m coopnet.scheduling solve|check|vrptw ...`` (see docs/scheduling.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coopnet.scheduling import uhhc
from coopnet.scheduling.checker import check
from coopnet.scheduling.solve import SOLVERS, solve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coopnet.scheduling")
    commands = parser.add_subparsers(dest="command", required=True)

    p_solve = commands.add_parser("solve", help="risolve un'istanza UHHC")
    p_solve.add_argument("instance", type=Path)
    p_solve.add_argument("--seconds", type=float, required=True)
    p_solve.add_argument("--out", type=Path, required=True)
    p_solve.add_argument("--seed", type=int, default=0)
    p_solve.add_argument("--solver", choices=SOLVERS, default="auto")

    p_check = commands.add_parser("check", help="verifica una soluzione UHHC")
    p_check.add_argument("instance", type=Path)
    p_check.add_argument("solution", type=Path)

    p_vrptw = commands.add_parser("vrptw", help="risolve un file VRPLIB VRPTW")
    p_vrptw.add_argument("file", type=Path)
    p_vrptw.add_argument("--seconds", type=float, required=True)
    p_vrptw.add_argument("--seed", type=int, default=0)
    p_vrptw.add_argument("--solver", choices=("pyvrp", "ortools"), default="pyvrp")

    args = parser.parse_args(argv)
    try:
        if args.command == "solve":
            return _solve(args)
        if args.command == "check":
            return _check(args)
        return _vrptw(args)
    except uhhc.UhhcError as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return 2


def _solve(args: argparse.Namespace) -> int:
    if args.seconds <= 0:
        print("errore: --seconds deve essere positivo", file=sys.stderr)
        return 2
    problem = uhhc.load(args.instance)
    solution = solve(problem, seconds=args.seconds, seed=args.seed, solver=args.solver)
    data = uhhc.dump_solution(problem, solution)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    result = check(problem, solution)
    print(
        json.dumps({**result.summary(), "solver": solution.solver, "unassigned": result.unassigned})
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    problem = uhhc.load(args.instance)
    solution = uhhc.load_solution(problem, args.solution)
    result = check(problem, solution)
    print(json.dumps(result.summary()))
    return 0 if result.feasible else 1


def _vrptw(args: argparse.Namespace) -> int:
    from coopnet.scheduling.vrptw import solve_vrptw

    if not args.file.exists():
        print(f"errore: {args.file}: file non trovato", file=sys.stderr)
        return 2
    result = solve_vrptw(args.file, seconds=args.seconds, seed=args.seed, solver=args.solver)
    print(json.dumps(result.as_dict()))
    return 0 if result.feasible else 1
