"""Benchmark of a renewable energy community (issue 13): a year of quarter-hour meter data.

Usage: `.venv/bin/python bench/energy.py [--points 1000] [--plants 20] [--keep]`
(BENCH_DATABASE_URL=postgres://... for PostgreSQL, else a scratch SQLite database).

Generates, deterministically, a community of ``--points`` withdrawal points and ``--plants``
PV plants of 200 kW in two configurations, and a CSV of every quarter-hour of 2025 for each
(1,020 x 35,040 = 35.7 million lines, about 2 GB, in a temporary folder); imports the
register, the hourly zonal prices and the readings through the import services, then settles
the year in a fresh process. Prints the import time, the settlement's time and peak memory
(``VmHWM``), the storage per point-year and the machine.
Goals: import under 60 s; settlement under 10 s and 1 GB; storage per point-year stated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import machine, setup_django

YEAR = 2025
SLUG = "cer-bench"
PLANT_KW = 200
QUARTERS = ("00", "15", "30", "45")


def _pod(i: int) -> str:
    return f"IT001E{i:08d}"


def _vat(i: int) -> str:
    from stdnum import luhn

    number = f"{i:07d}001"
    return number + luhn.calc_check_digit(number)


def _starts() -> tuple[np.ndarray, np.ndarray]:
    """Every quarter-hour of the year's local days as `inizio` bytes (n x 25) and the local
    hour of each (for the profiles)."""
    from coopnet.energy.settlement import ROME, local_midnight

    first = local_midnight(dt.date(YEAR, 1, 1))
    count = int((local_midnight(dt.date(YEAR + 1, 1, 1)) - first).total_seconds()) // 900
    texts, hours = [], []
    for q in range(count):
        local = (first + dt.timedelta(minutes=15 * q)).astimezone(ROME)
        texts.append(local.isoformat().encode())
        hours.append(local.hour + local.minute / 60)
    return np.frombuffer(b"".join(texts), np.uint8).reshape(count, 25), np.array(hours)


def _kwh_bytes(wh: np.ndarray) -> np.ndarray:
    """Wh as `dd.ddd` kWh (n x 6)."""
    digits = [(wh // 10**k) % 10 for k in (4, 3)] + [(wh // 10**k) % 10 for k in (2, 1, 0)]
    out = np.empty((len(wh), 6), np.uint8)
    out[:, [0, 1, 3, 4, 5]] = np.column_stack(digits) + 48
    out[:, 2] = ord(".")
    return out


def write_files(folder: Path, points: int, plants: int) -> dict[str, Path]:
    """The register, prices and meters CSV of the synthetic community."""
    rng = np.random.default_rng(13)
    configs = folder / "configurazioni.csv"
    configs.write_text(
        "codice,cabina_primaria,zona,regione\nCP-1,AC001E00001,NORD,Lombardia\n"
        "CP-2,AC001E00002,NORD,Lombardia\n"
    )
    kinds = ("persona_fisica", "pmi", "terzo_settore", "ente_territoriale")
    members = ["codice_fiscale,denominazione,tipo_membro,pod,configurazione,vulnerabile,dal,al"]
    for i in range(points):
        members.append(
            f"{_vat(i + 1)},Membro {i},{kinds[i % 4]},{_pod(i + 1)},CP-{i % 2 + 1},"
            f"{'sì' if i % 10 == 0 else 'no'},01/01/2024,"
        )
    (folder / "membri.csv").write_text("\n".join(members) + "\n")
    plant_rows = [
        "pod,fonte,potenza_kw,data_esercizio,titolare_codice_fiscale,configurazione,"
        "contributo_pct,preesistente"
    ]
    for j in range(plants):
        plant_rows.append(
            f"{_pod(900_000 + j)},fotovoltaico,{PLANT_KW},{1 + j % 28:02d}/06/2024,"
            f"{_vat(j + 1)},CP-{j % 2 + 1},{20 if j % 5 == 0 else 0},no"
        )
    (folder / "impianti.csv").write_text("\n".join(plant_rows) + "\n")
    starts, hours = _starts()
    prices = ["inizio,minuti,zona,eur_mwh"]
    for q in range(0, len(starts), 4):
        price = 60 + 80 * rng.random()
        prices.append(f"{starts[q].tobytes().decode()},60,NORD,{price:.2f}")
    (folder / "prezzi.csv").write_text("\n".join(prices) + "\n")
    sun = np.clip(np.sin((hours - 6) / 14 * np.pi), 0, None)
    with (folder / "letture.csv").open("wb") as out:
        out.write(b"pod,inizio,minuti,verso,kwh\n")
        for i in range(points + plants):
            plant = i >= points
            pod = _pod(900_000 + i - points if plant else i + 1)
            verso = b"immissione" if plant else b"prelievo"
            if plant:
                wh = (sun * PLANT_KW * 250 * rng.uniform(0.5, 1.0, len(hours))).astype(np.int64)
            else:
                wh = rng.integers(20, 400, len(hours))
            head = f"{pod},".encode()
            middle = b",15," + verso + b","
            width = len(head) + 25 + len(middle) + 6 + 1
            rows = np.empty((len(hours), width), np.uint8)
            rows[:, : len(head)] = np.frombuffer(head, np.uint8)
            rows[:, len(head) : len(head) + 25] = starts
            at = len(head) + 25
            rows[:, at : at + len(middle)] = np.frombuffer(middle, np.uint8)
            rows[:, at + len(middle) : -1] = _kwh_bytes(wh)
            rows[:, -1] = ord("\n")
            out.write(rows.tobytes())
    return {
        "configurations": configs,
        "members": folder / "membri.csv",
        "plants": folder / "impianti.csv",
        "prices": folder / "prezzi.csv",
        "meters": folder / "letture.csv",
    }


def storage_bytes() -> int | None:
    """Bytes of the readings table with its indexes."""
    from django.db import connection

    from coopnet.energy.models import Reading

    table = Reading._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            return int(cursor.fetchone()[0])
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = %s OR name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name = %s)",
                [table, table],
            )
        except Exception:  # SQLite without the dbstat table
            return None
        return int(cursor.fetchone()[0])


def cpu_seconds() -> float:
    """CPU time of this process so far: on a busy machine the wall time overstates the cost."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    """This process's peak memory. Linux's ``ru_maxrss`` of a process started by
    ``subprocess`` starts at its parent's peak (the generator's GBs), ``VmHWM`` does not."""
    try:
        status = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return next(int(row.split()[1]) for row in status if row.startswith("VmHWM")) / 1024


def settle_year() -> dict[str, float]:
    """Settle the year (in this fresh process): seconds and peak memory."""
    from coopnet.core.models import Organization
    from coopnet.energy import services

    org = Organization.objects.get(slug=SLUG)
    began, cpu = time.monotonic(), cpu_seconds()
    run = services.settlement_run(
        organization=org,
        actor=None,
        first_day=dt.date(YEAR, 1, 1),
        last_day=dt.date(YEAR, 12, 31),
    )
    return {
        "seconds": time.monotonic() - began,
        "cpu": cpu_seconds() - cpu,
        "peak_mb": peak_mb(),
        "final": run.final,
        "premium_eur": run.result["premium_eur"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--plants", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--settle", type=Path, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.settle is not None:
        setup_django(args.settle, migrate=False)
        print(json.dumps(settle_year()))
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-energy-"))
    setup_django(workdir)
    from coopnet.core.models import Organization
    from coopnet.energy import services

    began = time.monotonic()
    files = write_files(workdir, args.points, args.plants)
    size = files["meters"].stat().st_size
    lines = (args.points + args.plants) * 35040
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print(f"# energy: {args.points} points, {args.plants} plants, {YEAR} in quarter-hours")
    print(f"generated {lines:,} readings ({size / 1e9:.2f} GB) in {time.monotonic() - began:.1f} s")
    org = Organization.objects.create(
        kind="community_coop", legal_name="CER di prova", short_name="CER", slug=SLUG,
        founded_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    report = services.register_import(
        organization=org,
        actor=None,
        configurations=files["configurations"],
        members=files["members"],
        plants=files["plants"],
    )
    assert report.saved, report.lines()[:5]
    report = services.prices_import(organization=org, actor=None, path=files["prices"])
    assert report.saved, report.lines()[:5]
    began, cpu = time.monotonic(), cpu_seconds()
    report = services.readings_import(organization=org, actor=None, path=files["meters"])
    seconds, cpu = time.monotonic() - began, cpu_seconds() - cpu
    assert report.saved, report.lines()[:5]
    rate = lines / seconds / 1e6
    verdict = "PASS" if seconds < 60 else "FAIL"
    print(f"import: {seconds:.1f} s wall, {cpu:.1f} s CPU ({rate:.2f} M lines/s wall)")
    print(f"  {report.counts}; {verdict} (< 60 s wall)")
    stored = storage_bytes()
    if stored is None:
        print("storage: n/a (no dbstat)")
    else:
        pods = args.points + args.plants
        per_pod = stored / pods / 1e6
        print(
            f"storage: {stored / 1e6:.0f} MB of readings and indexes, {per_pod:.2f} MB/point-year"
        )
    from django.db import connection

    connection.close()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    child = subprocess.run(  # noqa: S603 (this script, by its path)
        [sys.executable, __file__, "--settle", str(workdir)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if child.returncode:
        print("settlement: failed\n" + child.stderr[-3000:])
    else:
        settled = json.loads(child.stdout.strip().splitlines()[-1])
        ok = settled["seconds"] < 10 and settled["peak_mb"] < 1024
        print(
            f"settlement of the year: {settled['seconds']:.1f} s wall, {settled['cpu']:.1f} s CPU, "
            f"peak {settled['peak_mb']:.0f} MB, "
            f"final {settled['final']}, premium {settled['premium_eur']} € "
            f"{'PASS' if ok else 'FAIL'} (< 10 s wall, < 1 GB)"
        )
    print(machine("numpy"))
    if args.keep:
        print(f"kept: {workdir}")
    else:
        import shutil

        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
