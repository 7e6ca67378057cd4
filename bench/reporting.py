"""Benchmarks of the social report (issue 16).

Usage: `.venv/bin/python bench/reporting.py [--pdf-runs 3]` (BENCH_DATABASE_URL=postgres://...
for PostgreSQL, else a scratch SQLite database).

``bench_pdf``: the PDF/A of a social report of about 40 pages (eight sections of long texts,
every indicator with a value, the care services' figures split over 12 services, so 20
charts or so), built from a draft the way the download page builds it. Prints each run's wall
and CPU time, the page count and the machine. Goal: under 15 s.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import machine, setup_django

GOAL_PDF_S = 15.0
PDF_PAGES = 40
YEAR = 2025
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
    line = next(r for r in done.stdout.decode().splitlines() if r.startswith("Pages:"))
    return int(line.split()[1])


def bench_pdf(runs: int) -> None:
    """The PDF/A of a ~40-page report, ``runs`` times (the first pays WeasyPrint's start)."""
    from coopnet.reporting.pdf import report_pdf

    report = _pdf_report(paragraphs=27)
    for run in range(1, runs + 1):
        started, cpu = time.perf_counter(), time.process_time()
        pdf = report_pdf(report)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        pages = _pages(pdf)
        verdict = "PASS" if wall < GOAL_PDF_S and pages >= PDF_PAGES else "FAIL"
        print(
            f"PDF/A run {run}: {pages} pages, {len(pdf) / 1e6:.2f} MB in {wall:.1f} s wall "
            f"({cpu:.1f} s CPU); goal {PDF_PAGES}+ pages under {GOAL_PDF_S:.0f} s: {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf-runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopnet-bench-") as tmp:
        setup_django(Path(tmp))
        print("coopnet social report benchmark (bench/reporting.py)")
        print(machine("weasyprint"))
        bench_pdf(args.pdf_runs)


if __name__ == "__main__":
    main()
