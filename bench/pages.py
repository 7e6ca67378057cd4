"""Page benchmark: seed the consortium-scale demo into a scratch SQLite database, time the pages.

Run with `.venv/bin/python bench/pages.py` (or `make bench`). It measures p50/p95 response
time and the query count of the network directory, a consortium page, a cooperative profile
and `GET /api/v1/orgs`, as the platform admin and as consortium staff. Query counts are taken
twice, at the small and at the consortium scale: they must be the same (independent of rows).
It prints a report and exits 0; FAIL lines are findings, not errors.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

from _common import machine
from _common import setup_django as setup_scratch_django

GOAL_P95_MS = 150.0
CONSORTIUM = "consorzio-il-melograno"
COOPERATIVE = "la-quercia"
PAGES = (
    ("directory", "/network/"),
    ("consortium page", f"/o/{CONSORTIUM}/consortium/"),
    ("cooperative profile", f"/o/{COOPERATIVE}/"),
    ("API GET /api/v1/orgs", "/api/v1/orgs"),
)
USERS = (
    ("platform admin", "admin@coopnet.example"),
    ("consortium staff", "consorzio@coopnet.example"),
)


@dataclass
class Measure:
    user: str
    page: str
    url: str
    small_queries: int = 0
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    statuses: set[int] = field(default_factory=set)

    def p(self, percent: int, *, cpu: bool = False) -> float:
        ordered = sorted(self.cpu_ms if cpu else self.times_ms)
        return ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))]

    def verdict(self) -> str:
        problems = []
        if self.statuses != {200}:
            problems.append(f"status {sorted(self.statuses)}")
        if self.p(95) >= GOAL_P95_MS:
            problems.append(f"p95 ≥ {GOAL_P95_MS:.0f} ms")
        if len(self.queries) != 1 or max(self.queries) != self.small_queries:
            problems.append("queries grow with rows")
        return "PASS" if not problems else "FAIL (" + "; ".join(problems) + ")"


def setup_django(workdir: Path) -> None:
    """The scratch Django, not migrated: ``main`` times the migration."""
    os.environ["COOPNET_VAR_DIR"] = str(workdir)
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    setup_scratch_django(workdir, migrate=False)


def timed_command(*args: str) -> tuple[float, float]:
    """Run a management command; returns (wall seconds, CPU seconds)."""
    from django.core.management import call_command

    wall, cpu = time.perf_counter(), time.process_time()
    call_command(*args, stdout=StringIO())
    return time.perf_counter() - wall, time.process_time() - cpu


def clients() -> dict[str, tuple[Client, Client]]:
    """A logged-in page client and an API client (bearer token) for each benchmark user."""
    from django.test import Client

    from coopnet.core.models import Organization, RoleAssignment, User
    from coopnet.core.services import api_token_create

    result = {}
    for label, email in USERS:
        user = User.objects.get(email=email)
        page_client = Client()
        page_client.force_login(user)
        assignment = RoleAssignment.objects.filter(user=user).first()
        if assignment is not None:
            org, role = assignment.organization, assignment.role
        else:  # the platform admin holds no role; its token acts as admin of the consortium
            org, role = Organization.objects.get(slug=CONSORTIUM), "coop_admin"
        _token, secret = api_token_create(user=user, organization=org, role=role, name="bench")
        api_client = Client(headers={"Authorization": f"Bearer {secret}"})
        result[label] = (page_client, api_client)
    return result


def request(client: Client, url: str) -> tuple[int, float, float, int]:
    """One GET: (status, wall milliseconds, CPU milliseconds, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
    return response.status_code, elapsed, cpu_ms, len(queries)


def client_for(m: Measure, by_user: dict[str, tuple[Client, Client]]) -> Client:
    page_client, api_client = by_user[m.user]
    return api_client if m.url.startswith("/api/") else page_client


def measure(
    measures: list[Measure], by_user: dict[str, tuple[Client, Client]], repeat: int
) -> None:
    for m in measures:
        client = client_for(m, by_user)
        for _ in range(3):  # warm-up: templates, caches, connection
            request(client, m.url)
        for _ in range(repeat):
            status, ms, cpu_ms, queries = request(client, m.url)
            m.statuses.add(status)
            m.times_ms.append(ms)
            m.cpu_ms.append(cpu_ms)
            m.queries.add(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per line")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="coopnet-bench-"))
    try:
        setup_django(workdir)
        from coopnet.core.models import Organization, RoleAssignment, User

        migrate_s, _cpu = timed_command("migrate", "--noinput")
        small_s, small_cpu = timed_command("seed_demo", "--scale=small")
        by_user = clients()
        measures = [Measure(user, page, url) for user, _e in USERS for page, url in PAGES]
        for m in measures:  # query counts with the small network
            client = client_for(m, by_user)
            request(client, m.url)
            m.small_queries = request(client, m.url)[3]
        big_s, big_cpu = timed_command("seed_demo", "--scale=consortium")
        measure(measures, by_user, options.repeat)

        print("coopnet page benchmark (bench/pages.py)")
        print(machine())
        print(
            f"data: {Organization.objects.count()} organizations, {User.objects.count()} users, "
            f"{RoleAssignment.objects.count()} roles (seed_demo --scale consortium)"
        )
        print(
            f"seed: migrate {migrate_s:.1f} s; small {small_s:.1f} s (CPU {small_cpu:.1f} s); "
            f"consortium on top {big_s:.1f} s (CPU {big_cpu:.1f} s); "
            f"total seeding {small_s + big_s:.1f} s"
        )
        print(f"goal: p95 < {GOAL_P95_MS:.0f} ms and the same query count at both scales")
        print(
            f"{options.repeat} timed requests per line after 3 warm-up ones; wall time decides, "
            "CPU time (this process, SQLite included) shows the cost on a busy machine\n"
        )
        header = ("user", "page", "p50 ms", "p95 ms", "p95 CPU ms", "queries small→big", "result")
        rows = [
            (
                m.user,
                m.page,
                f"{m.p(50):.1f}",
                f"{m.p(95):.1f}",
                f"{m.p(95, cpu=True):.1f}",
                f"{m.small_queries} → {'/'.join(str(q) for q in sorted(m.queries))}",
                m.verdict(),
            )
            for m in measures
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    finally:
        if options.keep:
            print(f"\nscratch database kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
