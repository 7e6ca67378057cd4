"""What every benchmark shares: the repository on the path, a scratch Django, the machine.

A script imports it as ``from _common import ...`` (``python bench/x.py`` puts bench/ first
on the path); importing it puts the repository root on the path for ``coopnet``.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOISY_LOGGERS = ("weasyprint", "fontTools", "axes", "django_tasks")


def setup_django(workdir: Path, *, migrate: bool = True) -> None:
    """Django on a scratch database in ``workdir`` (or BENCH_DATABASE_URL), quiet loggers."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo, else what ``platform`` knows."""
    try:
        rows = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        rows = []
    names = [row.split(":", 1)[1].strip() for row in rows if row.startswith("model name")]
    return names[0] if names else platform.processor() or platform.machine() or "?"


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def database() -> str:
    """The database Django uses, with SQLite's version."""
    from django.db import connection

    name = connection.vendor
    if name == "sqlite":
        import sqlite3

        name += " " + sqlite3.sqlite_version
    return name


def machine(*libraries: str, django: bool = True) -> str:
    """Two lines: the machine with its load, and the software (Django and its database when
    ``django``, and the installed version of each of ``libraries``)."""
    software = [f"Python {platform.python_version()}"]
    if django:
        import django as framework

        software += [f"Django {framework.get_version()}", f"DB {database()}"]
    software += [f"{name} {version(name)}" for name in libraries]
    return (
        f"machine: {platform.platform()} · {cpu_name()} · {os.cpu_count()} CPUs · "
        f"load {load_average()}\nsoftware: {', '.join(software)}"
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def line(label: str, figure: str, ok: bool, goal: str) -> None:
    """A measured figure against its goal: PASS or FAIL, and what the goal is."""
    print(f"{label:44} {figure}  {'PASS' if ok else 'FAIL'} ({goal})")
