"""Benchmark of the libro soci: import 10,000 members from XLSX and time the register page.

Runs on a scratch SQLite database (or DATABASE_URL when BENCH_DATABASE_URL is set) and prints
its figures and the machine. Usage: `python bench/members.py [--members 10000] [--page 2000]`.
Goals (issue 3): import under 20 s; register page p95 under 200 ms with constant queries.
It also times the exports of that register (the PDF book is printed by a background task).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from _common import machine, p95, setup_django

SURNAMES = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini"]  # fmt: skip
NAMES = ["Giulia", "Marco", "Sara", "Luca", "Anna", "Paolo", "Elena", "Andrea", "Chiara",
         "Matteo", "Laura", "Davide", "Francesca", "Simone", "Marta", "Giorgio"]  # fmt: skip
COMUNI = ["Bologna", "Imola", "Modena", "Forlì", "Ravenna", "Cesena", "Parma (PR)", "Rimini"]
MONTHS = "ABCDEHLMPRST"
CONSONANTS = "BCDFGHLMNPRSTVZ"


def codice_fiscale(index: int, female: bool) -> str:
    """A valid, unique codice fiscale built from ``index`` (born in Bologna)."""
    from stdnum.it import codicefiscale

    letters = ""
    n = index
    for _ in range(6):
        letters += CONSONANTS[n % len(CONSONANTS)]
        n //= len(CONSONANTS)
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=index % 18000)
    day = birth.day + (40 if female else 0)
    body = f"{letters}{birth.year % 100:02d}{MONTHS[birth.month - 1]}{day:02d}A944"
    return body + codicefiscale.calc_check_digit(body)


def build_xlsx(path: Path, members: int) -> None:
    """A deterministic libro soci: workers, users, 10 % volunteers, applications and exits."""
    from openpyxl import Workbook

    from coopnet.members.imports import COMMON_COLUMNS, NATURAL_COLUMNS

    rng = random.Random(42)
    workbook = Workbook()  # not write-only: like Excel, it stores shared strings and dimensions
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "soci"
    sheet.append([*NATURAL_COLUMNS, *COMMON_COLUMNS])
    for i in range(members):
        female = i % 2 == 0
        applied = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(6000))
        category = "volontario" if i % 10 == 9 else rng.choice(["lavoratore", "fruitore"])
        application_only = i % 50 == 7
        admitted = None if application_only else applied + dt.timedelta(days=rng.randrange(60))
        if i < 9:  # the nine founders (R-CC-2522), before anyone else
            category, applied, admitted = "lavoratore", dt.date(2004, 12, 1), dt.date(2004, 12, 1)
        exited = admitted is not None and category != "volontario" and i % 33 == 5
        ended = admitted + dt.timedelta(days=400) if exited and admitted else None
        shares = 0 if application_only else rng.randint(1, 20)
        sheet.append(
            [
                codice_fiscale(i, female),
                rng.choice(SURNAMES),
                rng.choice(NAMES),
                f"socio{i}@example.org",
                f"051 {100000 + i}",
                f"Via Indipendenza {i % 200 + 1}",
                rng.choice(COMUNI),
                category,
                applied,
                admitted,
                None,
                shares or None,
                "25,00" if shares else None,
                f"{shares * 25 - (25 if i % 7 == 0 and shares > 1 else 0)},00" if shares else None,
                ended,
                rng.choice(["recesso", "esclusione", "morte"]) if ended else None,
            ]
        )
    workbook.save(path)


def bench_import(workdir: Path, members: int) -> None:
    from coopnet.core.models import Organization
    from coopnet.members.models import Membership
    from coopnet.members.services import import_register

    path = workdir / "soci.xlsx"
    started = time.perf_counter()
    build_xlsx(path, members)
    print(
        f"built {members} rows in {time.perf_counter() - started:.1f} s "
        f"({path.stat().st_size // 1024} KiB)"
    )
    org = Organization.objects.create(
        kind="social_coop_a",
        legal_name="Bench cooperativa sociale",
        short_name="Bench",
        slug="bench",
    )
    for dry_run in (True, False):
        started, cpu = time.perf_counter(), time.process_time()
        report = import_register(organization=org, path=path, actor=None, dry_run=dry_run)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        label = "dry run" if dry_run else "import"
        print(
            f"{label:8} {elapsed:7.1f} s (CPU {cpu:.1f} s)  rows {report.rows} "
            f"created {report.created} errors {len(report.errors)} saved {report.saved}"
        )
        for error in report.errors[:5]:
            print("   ", error.line, error.message)
    print(f"memberships stored: {Membership.objects.filter(organization=org).count()}")
    started, cpu = time.perf_counter(), time.process_time()
    report = import_register(organization=org, path=path, actor=None, dry_run=False)
    print(
        f"re-import {time.perf_counter() - started:7.1f} s (CPU {time.process_time() - cpu:.1f} s)"
        f"  unchanged {report.unchanged} created {report.created}"
    )


def bench_register_page(workdir: Path, members: int, requests: int = 30) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from coopnet.core.models import Organization, Role, RoleAssignment, User
    from coopnet.members.services import import_register

    org = Organization.objects.create(
        kind="social_coop_a", legal_name="Pagina cooperativa sociale", short_name="Pagina",
        slug="pagina",
    )  # fmt: skip
    path = workdir / "pagina.xlsx"
    build_xlsx(path, members)
    report = import_register(organization=org, path=path, actor=None, dry_run=False)
    assert report.saved, report.errors[:3]
    try:
        url = reverse("members:register", kwargs={"org_slug": org.slug})
    except NoReverseMatch:
        print("register page: members:register does not exist yet, not measured")
        return
    user = User.objects.create_user("bench@example.org", "x")
    RoleAssignment.objects.create(organization=org, user=user, role=Role.COOP_ADMIN)
    client = Client()
    client.force_login(user)
    timings = []
    queries = set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.add(len(ctx.captured_queries))
    for fmt in ("csv", "xlsx"):
        export_url = reverse(f"members:export_{fmt}", kwargs={"org_slug": org.slug})
        with CaptureQueriesContext(connection) as ctx:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(export_url + "?status=all")
            body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        count = len(ctx.captured_queries)
        print(
            f"export {fmt:4} {elapsed:6.2f} s (CPU {cpu:.2f} s)  {len(body) // 1024} KiB, "
            f"{count} queries"
        )
    # the PDF book is a background task; the test settings run it at once, inside the POST
    pdf_url = reverse("members:export_pdf", kwargs={"org_slug": org.slug}) + "?status=all"
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(pdf_url)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 302, response.status_code
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    book = client.get(reverse("members:export_file", kwargs={"org_slug": org.slug, "token": token}))
    print(
        f"export pdf  {elapsed:6.2f} s (CPU {cpu:.2f} s)  {len(book.content) // 1024} KiB "
        "(a background task, run inline here)"
    )
    timings.sort()
    page_p95 = p95(timings)
    print(
        f"register page ({members} members, {requests} GETs): "
        f"p50 {statistics.median(timings):.0f} ms p95 {page_p95:.0f} ms, "
        f"queries per request {sorted(queries)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopnet-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        print(machine())
        bench_import(workdir, args.members)
        if args.page:
            bench_register_page(workdir, args.page)


if __name__ == "__main__":
    main()
