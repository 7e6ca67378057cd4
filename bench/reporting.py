"""Benchmark of the reporting app: a cooperative's indicators, a consortium's dashboard and
the social report's PDF/A.

Builds, with bulk inserts in a scratch SQLite database (or BENCH_DATABASE_URL), a consortium
of 300 cooperatives (``--cooperatives``), each with its libro soci, staff and disadvantaged
statuses (``compliance.seed_cooperatives``), comuni served, home care (a service, four
beneficiaries, a visit a week each through the year) and invoices to a public body every
month; then times, printing the figures and the machine:

* ``bench_indicators``: every indicator of one cooperative for a year
  (``services.indicators_compute``, what ``manage.py compute_indicators`` runs);
  goal (issue 16) under 2 s;
* ``bench_dashboard``: the consortium's network dashboard page (``/o/<slug>/reporting/
  network/``, through the Django stack, as its staff); goal p95 under 300 ms, and the same
  query count whatever the number of cooperatives;
* ``bench_pdf``: the PDF/A of a social report of about 40 pages (eight sections of long texts,
  every indicator with a value, the care services' figures split over 12 services, so 20
  charts or so), built from a draft the way the download page builds it; goal under 15 s.

Usage: ``python bench/reporting.py [--cooperatives 300] [--repeat 30] [--pdf-runs 3]
[--only indicators|dashboard|pdf ...]``
(BENCH_DATABASE_URL=postgres://... for PostgreSQL). It exits 0: FAIL lines are findings, not
errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import statistics
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import line, machine, p95, setup_django

GOAL_INDICATORS_S = 2.0
GOAL_DASHBOARD_P95_MS = 300.0
YEAR = 2025
BATCH = 2000
FLORENCE = {"start_latitude": Decimal("43.77"), "start_longitude": Decimal("11.25")}


def _care(organizations: list[Any], rng: random.Random) -> int:
    """A service, a carer, four beneficiaries with a plan line each, and a finished visit a
    week for each beneficiary through ``YEAR``, for every organization; returns the visits."""
    from django.utils import timezone

    from coopnet.care.models import (
        Beneficiary,
        CarePlan,
        CarePlanLine,
        Carer,
        ServiceType,
        Visit,
    )
    from coopnet.members.models import Person, PersonKind

    services = ServiceType.objects.bulk_create(
        [
            ServiceType(organization=o, name="Assistenza domiciliare", code="sad")
            for o in organizations
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(organization=o, kind=PersonKind.NATURAL, surname=f"Utente{i}", given_name="B")
            for o in organizations
            for i in range(5)
        ],
        batch_size=BATCH,
    )
    carers = Carer.objects.bulk_create(
        [
            Carer(organization_id=p.organization_id, person=p, kind="retribuito", **FLORENCE)
            for p in people[4::5]
        ]
    )
    carer_of = {c.organization_id: c for c in carers}
    people = [p for i, p in enumerate(people) if i % 5 != 4]
    beneficiaries = Beneficiary.objects.bulk_create(
        [
            Beneficiary(
                organization_id=p.organization_id,
                person=p,
                address="Via Roma 1",
                latitude=FLORENCE["start_latitude"],
                longitude=FLORENCE["start_longitude"],
            )
            for p in people
        ],
        batch_size=BATCH,
    )
    plans = CarePlan.objects.bulk_create(
        [
            CarePlan(
                organization_id=b.organization_id, beneficiary=b, start_date=dt.date(2020, 1, 1)
            )
            for b in beneficiaries
        ],
        batch_size=BATCH,
    )
    service_of = {s.organization_id: s for s in services}
    lines = CarePlanLine.objects.bulk_create(
        [
            CarePlanLine(
                organization_id=p.organization_id,
                plan=p,
                service_type=service_of[p.organization_id],
                weekdays="1234567",
                window_start=dt.time(8),
                window_end=dt.time(12),
                duration=60,
            )
            for p in plans
        ],
        batch_size=BATCH,
    )
    zone = timezone.get_current_timezone()
    visits = []
    for care_line, plan in zip(lines, plans, strict=True):
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(7))
        while day.year == YEAR:
            visits.append(
                Visit(
                    organization_id=care_line.organization_id,
                    line=care_line,
                    beneficiary_id=plan.beneficiary_id,
                    service_type_id=care_line.service_type_id,
                    date=day,
                    window_start=dt.time(8),
                    window_end=dt.time(12),
                    duration=60,
                    status="done",
                    delivered_minutes=rng.choice((45, 60, 75)),
                    by_volunteer=False,
                    carer=carer_of[care_line.organization_id],
                    planned_start=dt.datetime.combine(day, dt.time(9), tzinfo=zone),
                )
            )
            day += dt.timedelta(days=7)
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    return len(visits)


def _invoices(organizations: list[Any], body: Any, rng: random.Random) -> int:
    """An issued invoice to ``body`` every month of ``YEAR`` for every organization."""
    from coopnet.contracts.models import DocumentType, Invoice, InvoiceLine, InvoiceState

    invoices = Invoice.objects.bulk_create(
        [
            Invoice(
                organization=o,
                customer=body,
                document_type=DocumentType.INVOICE,
                state=InvoiceState.ISSUED,
                year=YEAR,
                number=month,
                issue_date=dt.date(YEAR, month, 28),
            )
            for o in organizations
            for month in range(1, 13)
        ],
        batch_size=BATCH,
    )
    InvoiceLine.objects.bulk_create(
        [
            InvoiceLine(
                organization_id=i.organization_id,
                invoice=i,
                position=1,
                description="Servizio",
                quantity=1,
                unit_price=Decimal(amount),
                vat_rate=Decimal("5"),
                total=Decimal(amount),
            )
            for i in invoices
            for amount in [rng.randint(2_000, 40_000)]
        ],
        batch_size=BATCH,
    )
    return len(invoices)


def seed(cooperatives: int) -> tuple[Any, list[Any], dict[str, int]]:
    """The consortium and its cooperatives with a year of data (bulk; not measured)."""
    from compliance import seed_cooperatives
    from django.db import connection

    from coopnet.core.models import (
        Affiliation,
        Comune,
        Organization,
        OrganizationKind,
        ServedComune,
    )

    rng = random.Random(16)
    consortium = Organization.objects.create(
        kind=OrganizationKind.CONSORTIUM, legal_name="Consorzio Bench", short_name="Consorzio",
        slug="consorzio-bench",
    )  # fmt: skip
    body = Organization.objects.create(
        kind=OrganizationKind.PUBLIC_BODY, legal_name="Comune di Prova", short_name="Comune",
        slug="comune-di-prova",
    )  # fmt: skip
    kinds = [OrganizationKind.SOCIAL_COOP_A, OrganizationKind.SOCIAL_COOP_B,
             OrganizationKind.SOCIAL_COOP_AB]  # fmt: skip
    coops = Organization.objects.bulk_create(
        [
            Organization(
                kind=kinds[i % 3],
                legal_name=f"Cooperativa {i}",
                short_name=f"Coop {i:03d}",
                slug=f"coop-{i:03d}",
            )
            for i in range(cooperatives)
        ]
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(organization=c, group=consortium, start_date=dt.date(2015, 1, 1))
            for c in coops
        ]
    )
    comuni = list(Comune.objects.order_by("istat_code").values_list("pk", flat=True)[:400])
    ServedComune.objects.bulk_create(
        [
            ServedComune(organization=c, comune_id=pk)
            for c in coops
            for pk in rng.sample(comuni, rng.randint(1, 6))
        ],
        batch_size=BATCH,
    )
    sizes = seed_cooperatives(coops)
    sizes["visits"] = _care(coops, rng)
    sizes["invoices"] = _invoices(coops, body, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as a live database keeps them
    return consortium, coops, sizes


def bench_indicators(cooperative: Any, repeat: int) -> None:
    """Every indicator of one cooperative for ``YEAR`` (goal under 2 s)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coopnet.reporting import services

    services.indicators_compute(actor=None, organization=cooperative, year=YEAR)  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            stored = services.indicators_compute(actor=None, organization=cooperative, year=YEAR)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    worst = max(wall)
    line("all indicators of a cooperative (worst)", f"{worst:7.2f} s ", worst < GOAL_INDICATORS_S,
         f"goal < {GOAL_INDICATORS_S:.0f} s; median {statistics.median(wall):.2f} s, CPU median "
         f"{statistics.median(cpu):.2f} s, {stored} values, {len(queries)} queries, "
         f"{repeat} runs")  # fmt: skip


def bench_dashboard(consortium: Any, repeat: int) -> None:
    """The consortium's network dashboard page as its staff (goal p95 under 300 ms)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coopnet.core.models import Role, User
    from coopnet.core.services import role_grant

    user = User.objects.create_user("staff@consorzio.example", "x")
    role_grant(actor=None, organization=consortium, user=user, role=Role.CONSORTIUM_STAFF)
    client = Client()
    client.force_login(user)
    url = f"/o/{consortium.slug}/reporting/network/?year={YEAR}"
    for _ in range(3):
        client.get(url)  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    page = p95(wall)
    line("consortium dashboard page p95", f"{page:7.1f} ms", page < GOAL_DASHBOARD_P95_MS,
         f"goal < {GOAL_DASHBOARD_P95_MS:.0f} ms; median {statistics.median(wall):.1f} ms, "
         f"CPU p95 {p95(cpu):.1f} ms, {len(queries)} queries, {repeat} requests")  # fmt: skip


GOAL_PDF_S = 15.0
PDF_PAGES = 40
SERVICES = 12
PARAGRAPH = (
    "La cooperativa ha svolto nell'anno le attività previste dallo statuto, con particolare "
    "attenzione alla qualità dei servizi di assistenza domiciliare, alla formazione del "
    "personale e al coinvolgimento dei soci, dei lavoratori e degli utenti nelle scelte che "
    "riguardano le condizioni di lavoro e la qualità dei servizi, come previsto dall'art. 11 "
    "del D.Lgs. 112/2017. I risultati sono stati discussi con le famiglie e con i servizi "
    "sociali dei comuni serviti, e gli obiettivi per l'anno successivo sono stati condivisi."
)


def _pdf_report(paragraphs: int) -> Any:
    """A draft report whose sections have ``paragraphs`` paragraphs each and whose every
    indicator has a value (written in bulk: seeding is not measured)."""
    from django.utils import timezone

    from coopnet.core.models import Organization
    from coopnet.reporting import selectors, services
    from coopnet.reporting.indicators.catalogue import INDICATORS
    from coopnet.reporting.models import IndicatorValue, Origin

    org = Organization.objects.create(
        kind="social_coop_a", legal_name="Bilancio cooperativa sociale", short_name="Bilancio",
        slug="bilancio", codice_fiscale="01234560017", address="Via Roma 1, Bologna",
    )  # fmt: skip
    now = timezone.now()
    rows = []
    for indicator in INDICATORS:
        cells = [""]
        if indicator.breakdown is not None:
            count = SERVICES if "service" in indicator.key else 4
            cells = [f"Servizio {i + 1}" if count == SERVICES else f"C{i}" for i in range(count)]
        for n, cell in enumerate(cells):
            rows.append(
                IndicatorValue(
                    organization=org, key=indicator.key, year=YEAR, breakdown=cell,
                    value=Decimal(10 + 7 * n), origin=Origin.MANUAL, source="benchmark",
                    computed_at=now,
                )
            )  # fmt: skip
    IndicatorValue.objects.bulk_create(rows)
    report = services.report_create(actor=None, organization=org, year=YEAR)
    text = "\n\n".join([PARAGRAPH] * paragraphs)
    for state in selectors.section_states(report):
        data = {"text": text, **dict.fromkeys(state.requirement.parts, PARAGRAPH)}
        services.section_update(actor=None, section=state.section, data=data)
    return report


def _pages(pdf: bytes) -> int:
    command = ["pdfinfo", "-"]  # poppler-utils (bin/ensure-system)
    done = subprocess.run(  # noqa: S603  a fixed program on bytes we generated
        command, input=pdf, capture_output=True, check=True
    )
    pages = next(r for r in done.stdout.decode().splitlines() if r.startswith("Pages:"))
    return int(pages.split()[1])


def bench_pdf(runs: int) -> None:
    """The PDF/A of a ~40-page report, ``runs`` times (the first pays WeasyPrint's start)."""
    from coopnet.reporting.pdf import report_pdf

    report = _pdf_report(paragraphs=27)
    for run in range(1, runs + 1):
        started, cpu = time.perf_counter(), time.process_time()
        pdf = report_pdf(report)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        pages = _pages(pdf)
        line(
            f"social report PDF/A, run {run}",
            f"{wall:5.1f} s",
            wall < GOAL_PDF_S and pages >= PDF_PAGES,
            f"goal {PDF_PAGES}+ pages under {GOAL_PDF_S:.0f} s; {pages} pages, "
            f"{len(pdf) / 1e6:.2f} MB, {cpu:.1f} s CPU",
        )


BENCHES = ("indicators", "dashboard", "pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cooperatives", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument(
        "--only",
        choices=BENCHES,
        action="append",
        help="run only this benchmark (repeatable); default: all three",
    )
    args = parser.parse_args()
    only = set(args.only or BENCHES)
    with tempfile.TemporaryDirectory(prefix="coopnet-bench-") as tmp:
        setup_django(Path(tmp))
        started = time.perf_counter()
        consortium, coops, sizes = seed(args.cooperatives)
        print(
            f"seeded {len(coops)} cooperatives in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{n} {what}" for what, n in sizes.items())
        )
        gc.collect()  # the seed's garbage, which a server process never holds
        if "indicators" in only:
            bench_indicators(coops[0], min(args.repeat, 10))
        if "dashboard" in only:
            bench_dashboard(consortium, args.repeat)
        if "pdf" in only:
            bench_pdf(args.pdf_runs)
        print(machine("weasyprint"))


if __name__ == "__main__":
    main()
