"""Benchmark of the good-practice catalogue (issue 15): 20,000 public practices.

Runs on a scratch SQLite database (or BENCH_DATABASE_URL, an empty PostgreSQL database) in a
temporary directory and prints its figures and the machine. Usage:
`python bench/practices.py [--practices 20000] [--samples 50]`.
Goals: the catalogue page with a full-text search and two filters p95 under 100 ms; the map's
GeoJSON for a region p95 under 200 ms (the largest region, Lombardia). It exits 0: FAIL lines
are findings, not errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, p95, setup_django

GOAL_SEARCH_P95_MS = 100.0
GOAL_GEOJSON_P95_MS = 200.0
BATCH = 2000
VOCABULARY = (
    "comunità cooperativa anziani giovani bottega servizi paese montagna lavoro inserimento "
    "agricoltura orti scuola trasporto famiglie accoglienza migranti energia solare abitare "
    "cultura teatro biblioteca turismo salute infermiere domicilio cura disabilità quartiere "
    "rigenerazione beni comuni mercato filiera pane formazione laboratorio volontari comune "
    "rete consorzio impresa sociale welfare inclusione minori donne povertà cibo recupero"
)
WORDS = VOCABULARY.split()


def report(label: str, wall: list[float], cpu: list[float], goal: float, detail: str) -> None:
    figure = p95(wall)
    print(
        f"{label:44} {figure:7.1f} ms  {'PASS' if figure < goal else 'FAIL'} (goal < {goal:.0f} "
        f"ms; median {sorted(wall)[len(wall) // 2]:.1f} ms, CPU p95 {p95(cpu):.1f} ms, {detail})"
    )


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def seed(count: int) -> None:
    """A consortium's 10 released calls and ``count`` practices of 200 cooperatives spread
    over every comune, written in bulk (seeding is not measured)."""
    from django.utils import timezone

    from coopnet.core.models import Comune, Organization
    from coopnet.practices.models import Call, Practice, Sdg, Submission, Theme
    from coopnet.practices.services.catalogue import search_text

    rng = random.Random(15)
    consortium = Organization.objects.create(
        kind="consortium", legal_name="Consorzio Buone Pratiche", short_name="Buone Pratiche",
        slug="buone-pratiche",
    )  # fmt: skip
    owners = Organization.objects.bulk_create(
        [
            Organization(
                kind="social_coop_a",
                legal_name=f"Cooperativa {i}",
                short_name=f"Coop {i}",
                slug=f"coop-{i}",
            )
            for i in range(200)
        ]
    )
    today = timezone.localdate()
    calls = [
        Call.objects.create(
            organization=consortium,
            title=f"Premio {2016 + i}",
            text=text(rng, 40),
            eligibility="cooperative",
            opens_on=dt.date(2016 + i, 1, 1),
            closes_at=timezone.now() - dt.timedelta(days=400 * (10 - i)),
            reviews_due_on=dt.date(2016 + i, 6, 1),
            published=True,
            release_on=today,
        )
        for i in range(10)
    ]
    comuni = list(Comune.objects.all())
    themes = [t.value for t in Theme]
    sdgs = [s.value for s in Sdg]
    for first in range(0, count, BATCH):
        submissions, practices = [], []
        for _ in range(first, min(first + BATCH, count)):
            call = rng.choice(calls)
            data: dict[str, Any] = {
                "title": text(rng, 5)[:-1],
                "summary": text(rng, 30),
                "problem": text(rng, 40),
                "actions": text(rng, 80),
                "results": text(rng, 40),
                "people_involved": rng.randint(5, 500),
                "sector": rng.choice(("88.10", "87.30", "01.13", "56.10", "85.59")),
                "organization_kind": "social_coop_a",
                "themes": " " + " ".join(rng.sample(themes, 2)) + " ",
                "sdgs": " " + " ".join(rng.sample(sdgs, 2)) + " ",
                "licence": "cc-by-4.0",
            }
            owner = rng.choice(owners)
            submission = Submission(
                organization=consortium, call=call, applicant=owner, state="presentata",
                decision="accolta", **data,
            )  # fmt: skip
            submissions.append(submission)
            practice = Practice(
                organization=consortium, call=call, owner=owner, comune=rng.choice(comuni),
                published_on=today - dt.timedelta(days=rng.randint(0, 3000)), **data,
            )  # fmt: skip
            practice.reviewed_on = practice.published_on
            practice.search_text = search_text(practice)
            practices.append(practice)
        Submission.objects.bulk_create(submissions)
        for submission, practice in zip(submissions, practices, strict=True):
            practice.submission = submission
        Practice.objects.bulk_create(practices)
    analyze()


def analyze() -> None:
    """Fresh statistics, as a live database keeps them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_get(
    url: str, params: dict[str, str], samples: int
) -> tuple[list[float], list[float], Any, int]:
    """Wall and CPU milliseconds of ``samples`` GETs (after a warm-up), the last response and
    its queries. CPU is this process's (SQLite's work included, PostgreSQL's not)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(url, params)
    timings, cpu = [], []
    for _ in range(samples):
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    return timings, cpu, response, len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--practices", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from coopnet.practices import selectors

        started, seed_cpu = time.perf_counter(), time.process_time()
        seed(args.practices)
        print(
            f"{'seed (bulk, not measured against a goal)':44} "
            f"{time.perf_counter() - started:7.1f} s (CPU {time.process_time() - seed_cpu:.1f} s)"
        )
        search = {"q": "comunità anziani", "tema": "welfare", "regione": "08"}
        wall, cpu, _response, queries = time_get("/practices/", search, args.samples)
        found = selectors.catalogue(search.pop("q"), **search).count()
        report("search, 2 words + theme + region, page p95", wall, cpu, GOAL_SEARCH_P95_MS,
               f"{found} found, {queries} queries")  # fmt: skip
        wall, cpu, response, queries = time_get(
            "/practices/mappa.geojson", {"regione": "03"}, args.samples
        )
        points = len(response.json()["features"])
        report("GeoJSON of a region (Lombardia) p95", wall, cpu, GOAL_GEOJSON_P95_MS,
               f"{points} points, {queries} queries")  # fmt: skip
        print(machine())


if __name__ == "__main__":
    main()
