"""Benchmark of an assembly: 2,000 members, 300 proxies, six points voted and tallied.

Runs on a scratch SQLite database (or BENCH_DATABASE_URL) in a temporary directory and prints
its figures and the machine. Usage: `python bench/governance.py [--members 2000] [--proxies 300]`.
Goals (issue 5): the chair's attendance page p95 under 200 ms; tallying all items under 1 s.
It exits 0: FAIL lines are findings, not errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from _common import machine, p95, setup_django

GOAL_PAGE_P95_MS = 200.0
GOAL_TALLY_S = 1.0
MEETING_DAY = dt.date(2026, 6, 15)
SURNAMES = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"]
NAMES = ["Giulia", "Marco", "Sara", "Luca", "Anna", "Paolo", "Elena", "Andrea"]


def seed_members(members: int) -> Any:
    """An organization with ``members`` memberships written in bulk (seeding is not measured):
    mostly workers and users, some financing members, sovventori and legal persons, and 5 %
    admitted less than 90 days before the meeting (no vote)."""
    from coopnet.core.models import Organization
    from coopnet.members.models import Membership, Person

    rng = random.Random(5)
    org = Organization.objects.create(
        kind="social_coop_a", legal_name="Assemblea cooperativa sociale", short_name="Assemblea",
        slug="assemblea",
    )  # fmt: skip
    persons = []
    plan = []
    for i in range(members):
        legal = i % 100 == 7
        category = "persona_giuridica" if legal else "lavoratore"
        if i % 40 == 3:
            category = "finanziatore"
        elif i % 70 == 5:
            category = "sovventore"
        recent = i % 20 == 11
        admitted = MEETING_DAY - dt.timedelta(days=rng.randrange(10, 80) if recent else 400 + i)
        persons.append(
            Person(
                organization=org,
                kind="giuridica" if legal else "fisica",
                surname="" if legal else rng.choice(SURNAMES),
                given_name="" if legal else rng.choice(NAMES),
                denomination=f"Ente {i}" if legal else "",
                email=f"socio{i}@example.org",
                pec=f"socio{i}@pec.example.org" if i % 10 == 0 else "",
            )
        )
        plan.append((category, admitted))
    Person.objects.bulk_create(persons, batch_size=500)
    Membership.objects.bulk_create(
        [
            Membership(
                organization=org,
                person=person,
                category=category,
                status="attivo",
                register_number=n,
                applied_on=admitted - dt.timedelta(days=20),
                admitted_on=admitted,
            )
            for n, (person, (category, admitted)) in enumerate(
                zip(persons, plan, strict=True), start=1
            )
        ],
        batch_size=500,
    )
    return org


def timed(label: str, action: Any) -> Any:
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    print(
        f"{label:44} {time.perf_counter() - started:7.2f} s (CPU {time.process_time() - cpu:.2f} s)"
    )
    return result


def build_assembly(org: Any, proxies: int) -> Any:
    from coopnet.governance import services
    from coopnet.governance.models import Attendance, MeetingKind, NoticeDelivery, Participant
    from coopnet.governance.tests.factories import statute

    rome = ZoneInfo("Europe/Rome")
    statute(org, legal_person_votes=3, sovventore_votes=2)
    meeting = services.meeting_create(
        actor=None,
        organization=org,
        data={
            "kind": MeetingKind.ORDINARY,
            "first_call_at": dt.datetime(2026, 6, 15, 18, tzinfo=rome),
            "second_call_at": dt.datetime(2026, 6, 16, 18, tzinfo=rome),
            "place": "Palazzetto dello sport",
        },
    )
    titles = ["Bilancio 2025", "Bilancio sociale 2025", "Regolamento interno", "Ristorni",
              "Fondo mutualistico", "Varie"]  # fmt: skip
    for title in titles:
        services.item_add(actor=None, meeting=meeting, data={"kind": "altro", "title": title})
    timed(
        "convene: roll + notices (task run inline)",
        lambda: services.meeting_convene(
            actor=None, meeting=meeting, notice_given_on=MEETING_DAY - dt.timedelta(days=20)
        ),
    )
    sent = NoticeDelivery.objects.filter(meeting=meeting, status="inviata").count()
    print(f"{'notices sent (e-mail and PEC, locmem backend)':44} {sent:7}")
    meeting = services.meeting_open(
        actor=None,
        meeting=meeting,
        call="prima",
        chair_name="Presidente",
        secretary_name="Segretario",
    )
    roll = list(Participant.objects.filter(meeting=meeting, can_vote=True).order_by("pk"))
    delegates = roll[: proxies // 10]
    grantors = roll[len(delegates) : len(delegates) + proxies]
    attending = roll[len(delegates) + proxies : len(delegates) + proxies + 1100]
    sample = attending[:100]
    started = time.perf_counter()
    for participant in [*delegates, *sample]:
        services.participant_check_in(
            actor=None, participant=participant, mode=Attendance.IN_PERSON
        )
    per_check_in = (time.perf_counter() - started) / (len(delegates) + len(sample)) * 1000
    Participant.objects.filter(pk__in=[p.pk for p in attending[100:]]).update(
        attendance=Attendance.IN_PERSON
    )
    started = time.perf_counter()
    for i, grantor in enumerate(grantors):
        services.proxy_grant(actor=None, grantor=grantor, delegate=delegates[i % len(delegates)])
    per_proxy = (time.perf_counter() - started) / max(1, len(grantors)) * 1000
    print(f"{'check-in (service, mean)':44} {per_check_in:7.1f} ms")
    print(f"{'proxy (service, mean)':44} {per_proxy:7.1f} ms  ({len(grantors)} proxies)")
    return meeting


def vote_items(meeting: Any) -> list[Any]:
    """Three points by show of hands, one secret ballot cast member by member (in the room
    and by proxy), two more secret ballots with a few votes."""
    from coopnet.governance import selectors, services
    from coopnet.governance.models import AgendaItem, Participant, Proxy

    rng = random.Random(7)
    ballots = []
    numbers = [
        n or 0
        for n in Participant.objects.filter(meeting=meeting, can_vote=True)
        .exclude(attendance="assente")
        .values_list("register_number", flat=True)
    ]
    for position, item in enumerate(
        AgendaItem.objects.filter(meeting=meeting).order_by("position")
    ):
        secret = position >= 3
        ballot = services.ballot_open(actor=None, item=item, secret=secret)
        ballots.append(ballot)
        if not secret:
            against = rng.sample(numbers, 300)
            abstain = rng.sample(sorted(set(numbers) - set(against)), 100)
            timed(
                f"show of hands, point {item.position}",
                lambda b=ballot, a=against, s=abstain: services.ballot_record_show_of_hands(
                    actor=None, ballot=b, against=a, abstain=s
                ),
            )
    secret_ballot = ballots[3]
    presence = selectors.Presence.of(meeting)
    proxies = dict(
        Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).values_list(
            "grantor_id", "delegate_id"
        )
    )
    voters = sorted(presence.present_ids | presence.represented_ids)
    by_pk = {p.pk: p for p in Participant.objects.filter(pk__in=voters, can_vote=True)}
    choices = ["favorevole", "contrario", "astenuto"]
    started = time.perf_counter()
    cast = 0
    for pk, voter in by_pk.items():
        cast_by = by_pk.get(proxies[pk]) if pk in proxies else voter
        services.ballot_vote(
            actor=None, ballot=secret_ballot, voter=voter, cast_by=cast_by,
            choice=rng.choice(choices), channel="sala",
        )  # fmt: skip
        cast += 1
    elapsed = time.perf_counter() - started
    print(
        f"{'secret votes, one by one':44} {elapsed:7.2f} s  "
        f"({cast} votes, {elapsed / cast * 1000:.1f} ms each)"
    )
    for ballot in ballots[4:]:
        for voter in list(by_pk.values())[:50]:
            if voter.pk not in proxies:
                services.ballot_vote(
                    actor=None, ballot=ballot, voter=voter, choice="favorevole", channel="sala"
                )
    return ballots


def measure_page(meeting: Any, requests: int) -> tuple[list[float], set[int], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from coopnet.core.models import Role, RoleAssignment, User

    user = User.objects.create_user("presidente@example.org", "x")
    RoleAssignment.objects.create(
        organization=meeting.organization, user=user, role=Role.COOP_ADMIN
    )
    client = Client()
    client.force_login(user)
    timings: list[float] = []
    queries: set[int] = set()
    status = 200
    for path in ("chair", "quorum"):
        url = reverse(
            f"governance:{path}", kwargs={"org_slug": meeting.organization.slug, "pk": meeting.pk}
        )
        for _ in range(3):
            client.get(url)
        for _ in range(requests):
            with CaptureQueriesContext(connection) as context:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            status = max(status, response.status_code)
            if path == "chair":
                timings.append(elapsed)
                queries.add(len(context))
            else:
                queries.add(-len(context))
    return timings, queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--proxies", type=int, default=300)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopnet-bench-") as tmp:
        setup_django(Path(tmp))
        from coopnet.governance import selectors, services
        from coopnet.governance.models import Participant

        print("coopnet assembly benchmark (bench/governance.py)")
        print(machine())
        org = timed(
            f"seed {args.members} members (bulk, not a goal)", lambda: seed_members(args.members)
        )
        meeting = build_assembly(org, args.proxies)
        panel = selectors.quorum_panel(meeting)
        print(
            f"roll: {panel.on_roll} members, {panel.with_vote} with a vote; present "
            f"{panel.in_person}, by proxy {panel.represented}; "
            f"votes {float(panel.present_votes):.2f} of {float(panel.total_votes):.2f}; "
            f"financing {float(panel.financing_counted):.2f} of {float(panel.financing_raw):.0f}"
        )
        timings, queries, status = measure_page(meeting, args.requests)
        page_p95 = p95(timings)
        verdict = "PASS" if page_p95 < GOAL_PAGE_P95_MS and status == 200 else "FAIL"
        print(
            f"attendance page ({args.requests} GETs): p50 {statistics.median(timings):.0f} ms "
            f"p95 {page_p95:.0f} ms; queries {sorted(q for q in queries if q > 0)} "
            f"(quorum fragment {sorted(-q for q in queries if q < 0)}) "
            f"goal p95 < {GOAL_PAGE_P95_MS:.0f} ms: {verdict}"
        )
        ballots = vote_items(meeting)
        started, cpu = time.perf_counter(), time.process_time()
        results = [services.tally(ballot, meeting) for ballot in ballots]
        tally_s = time.perf_counter() - started
        verdict = "PASS" if tally_s < GOAL_TALLY_S else "FAIL"
        print(
            f"tally all {len(ballots)} items: {tally_s * 1000:.0f} ms "
            f"(CPU {(time.process_time() - cpu) * 1000:.0f} ms) "
            f"goal < {GOAL_TALLY_S:.0f} s: {verdict}"
        )
        started = time.perf_counter()
        for ballot in ballots:
            services.ballot_close(actor=None, ballot=ballot)
        print(
            f"{'close all items (results written once)':44} {time.perf_counter() - started:7.2f} s"
        )
        for ballot, result in zip(ballots, results, strict=True):
            print(
                f"  point {ballot.item.position}: {'secret' if ballot.secret else 'open  '} "
                f"voters {result['voters']:5} present {result['present_votes']} "
                f"favour {result['tallies']['favorevole']} "
                f"against {result['tallies']['contrario']} "
                f"approved {result['approved']}"
            )
        print(f"participants stored: {Participant.objects.filter(meeting=meeting).count()}")


if __name__ == "__main__":
    main()
