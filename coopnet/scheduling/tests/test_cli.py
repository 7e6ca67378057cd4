"""The command line, run as the benchmarks and CI run it: python -m coopnet.scheduling."""

import json
import subprocess
import sys
from pathlib import Path

from coopnet.scheduling.tests.conftest import DATA

REPO = Path(__file__).resolve().parents[3]
INSTANCE = DATA / "uhhc" / "mankowska" / "InstanzCPLEX_HCSRP_25_1.json"


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "coopnet.scheduling", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_solve_then_check(tmp_path):
    out = tmp_path / "solution.json"
    # when an instance is solved from the command line
    solved = run("solve", INSTANCE, "--seconds", 1, "--out", out, "--seed", 2)
    assert solved.returncode == 0, solved.stderr
    assert json.loads(out.read_text())["routes"]
    # then the independent check prints exactly one JSON line with the agreed fields
    checked = run("check", INSTANCE, out)
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert list(result) == [
        "feasible",
        "travel_time",
        "total_tardiness",
        "highest_tardiness",
        "cost",
        "errors",
    ]
    assert result["feasible"] is True
    assert result["errors"] == []
    assert result["cost"] == round(
        result["travel_time"] + result["total_tardiness"] + result["highest_tardiness"], 6
    )


def test_check_reports_a_broken_solution(tmp_path):
    # given a solution whose second visit was moved before its window
    out = tmp_path / "solution.json"
    assert run("solve", INSTANCE, "--seconds", 0.5, "--out", out).returncode == 0
    data = json.loads(out.read_text())
    visit = data["routes"][0]["locations"][0]
    visit["start_service_time"], visit["end_service_time"] = 0, 1
    out.write_text(json.dumps(data))
    # when it is checked, it is infeasible with the reasons listed
    checked = run("check", INSTANCE, out)
    assert checked.returncode == 1
    result = json.loads(checked.stdout)
    assert result["feasible"] is False
    assert any("apertura della finestra" in e for e in result["errors"])
    assert any("durata inferiore" in e for e in result["errors"])


def test_malformed_instance_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    data = json.loads(INSTANCE.read_text())
    del data["caregivers"][2]["abilities"]
    bad.write_text(json.dumps(data))
    result = run("solve", bad, "--seconds", 1, "--out", tmp_path / "out.json")
    assert result.returncode == 2
    assert "caregivers[2].abilities: manca il campo" in result.stderr
    assert "Traceback" not in result.stderr


def test_vrptw_prints_cost_and_gap(tmp_path):
    # given a four-customer VRPTW file and a best-known solution beside it
    vrp = tmp_path / "tiny.vrp"
    vrp.write_text(
        "NAME : tiny\nTYPE : VRPTW\nDIMENSION : 5\nVEHICLES : 2\nCAPACITY : 10\n"
        "EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
        "1 0 0\n2 0 10\n3 10 0\n4 0 -10\n5 -10 0\n"
        "DEMAND_SECTION\n1 0\n2 3\n3 3\n4 3\n5 3\n"
        "TIME_WINDOW_SECTION\n1 0 1000\n2 0 1000\n3 0 1000\n4 0 1000\n5 0 1000\n"
        "SERVICE_TIME_SECTION\n1 0\n2 1\n3 1\n4 1\n5 1\n"
        "DEPOT_SECTION\n1\n-1\nEOF\n"
    )
    # 0 -> (0,10) -> (10,0) -> (0,-10) -> (-10,0) -> 0 exceeds capacity 10, so two routes:
    # each 10 + 14.1 + 10, truncated to one decimal per leg
    (tmp_path / "tiny.sol").write_text("Route #1: 1 2\nRoute #2: 3 4\nCost 68.2\n")
    result = run("vrptw", vrp, "--seconds", 1)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["cost"] == 68.2
    assert data["best_known"] == 68.2
    assert data["gap"] == 0.0
    assert data["feasible"] is True
