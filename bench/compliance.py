"""Benchmark of the compliance engine: every rule for the ~300 cooperatives of the demo.

Seeds `seed_demo --scale consortium` in a scratch SQLite database (or BENCH_DATABASE_URL),
adds a libro soci, share ledger, workers, disadvantaged statuses and volunteers to every
cooperative with bulk_create, then times `engine.run_many` over all of them and prints the
figures and the machine. Usage: `python bench/compliance.py [--repeat 5]`.
Goal (issue 3): under 5 s for the 300 cooperatives, with a query count that does not depend
on how many cooperatives are checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from _common import machine, setup_django

GOAL_SECONDS = 5.0
AS_OF = dt.date(2025, 6, 30)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def seed_cooperatives(organizations: list) -> dict[str, int]:
    """Members, shares, workers, statuses and volunteers for each cooperative (bulk inserts)."""
    from coopnet.core.models import OrganizationKind as K
    from coopnet.members.models import (
        MemberCategory,
        Membership,
        MembershipStatus,
        Person,
        PersonKind,
        ShareTransaction,
        ShareTransactionKind,
        Statute,
    )
    from coopnet.workforce.models import (
        Branch,
        ContractType,
        DisadvantageCategory,
        DisadvantagedStatus,
        Employment,
        Volunteer,
        VolunteerInsurance,
    )

    with_register = set(Membership.objects.values_list("organization_id", flat=True))
    organizations = [o for o in organizations if o.pk not in with_register]  # not the demo's
    rng = random.Random(3)
    long_ago, recent = dt.date(2012, 1, 1), AS_OF - dt.timedelta(days=30)
    with_statute = set(Statute.objects.values_list("organization_id", flat=True))  # the demo's
    Statute.objects.bulk_create(
        [
            Statute(organization=o, allowed_categories=list(MemberCategory.values))
            for o in organizations
            if o.pk not in with_statute
        ]
    )
    plans = []
    persons = []
    for org in organizations:
        n_members = rng.randint(9, 130)
        n_workers = rng.randint(8, 45)
        people = [
            Person(organization=org, kind=PersonKind.NATURAL, surname=f"Socio{i}", given_name="N")
            for i in range(n_members + n_workers // 3 + 8)
        ]
        persons += people
        plans.append((org, n_members, n_workers, people))
    Person.objects.bulk_create(persons, batch_size=2000)
    memberships, employments, statuses, volunteers = [], [], [], []
    for org, n_members, n_workers, people in plans:
        workers = people[n_members - (n_workers - n_workers // 3) : n_members + n_workers // 3]
        for number, person in enumerate(people[:n_members], start=1):
            applied = _day(rng, long_ago, AS_OF - dt.timedelta(days=60))
            pending = rng.random() < 0.02
            ended = not pending and rng.random() < 0.08
            memberships.append(
                Membership(
                    organization=org,
                    person=person,
                    category=MemberCategory.VOLONTARIO
                    if rng.random() < 0.12
                    else MemberCategory.LAVORATORE,
                    status=MembershipStatus.APPLIED if pending else MembershipStatus.ACTIVE,
                    register_number=None if pending else number,
                    applied_on=applied,
                    admitted_on=None if pending else applied + dt.timedelta(days=20),
                    ended_on=_day(rng, applied + dt.timedelta(days=30), AS_OF) if ended else None,
                    exit_requested_on=recent if rng.random() < 0.01 else None,
                )
            )
        branch = Branch.B if org.kind == K.SOCIAL_COOP_AB else ""
        share = rng.choice((0.25, 0.3, 0.35))
        for i, person in enumerate(workers):
            start = _day(rng, long_ago, AS_OF)
            contract = rng.choice(
                [ContractType.PERMANENT] * 6
                + [ContractType.FIXED_TERM, ContractType.WORKER_MEMBER, ContractType.TRAINEE]
            )
            employments.append(
                Employment(
                    organization=org,
                    person=person,
                    branch=rng.choice((Branch.A, branch)) if branch else "",
                    contract_type=contract,
                    weekly_hours=Decimal(rng.choice((18, 24, 30, 38))),
                    start_date=start,
                    end_date=_day(rng, start, AS_OF) if rng.random() < 0.15 else None,
                    gross_annual_pay=Decimal(rng.randint(14_000, 60_000)),
                )
            )
            if org.kind in (K.SOCIAL_COOP_B, K.SOCIAL_COOP_AB) and i < len(workers) * share:
                statuses.append(
                    DisadvantagedStatus(
                        organization=org,
                        person=person,
                        category=rng.choice(DisadvantageCategory.values),
                        certifying_body="ASL" if rng.random() < 0.95 else "",
                        document="vault/x.pdf" if rng.random() < 0.9 else "",
                        valid_from=start,
                        valid_to=_day(rng, AS_OF, AS_OF + dt.timedelta(days=900)),
                    )
                )
        for person in people[len(people) - rng.randint(0, 8) :]:
            volunteers.append(Volunteer(organization=org, person=person, start_date=long_ago))
    Membership.objects.bulk_create(memberships, batch_size=2000)
    Employment.objects.bulk_create(employments, batch_size=2000)
    DisadvantagedStatus.objects.bulk_create(statuses, batch_size=2000)
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    VolunteerInsurance.objects.bulk_create(
        [
            VolunteerInsurance(
                organization_id=v.organization_id,
                volunteer=v,
                insurer="INAIL",
                policy_number=str(v.pk),
                valid_from=long_ago,
                valid_to=AS_OF + dt.timedelta(days=365),
            )
            for v in volunteers
            if rng.random() < 0.95
        ],
        batch_size=2000,
    )
    ShareTransaction.objects.bulk_create(
        [
            ShareTransaction(
                organization_id=m.organization_id,
                membership=m,
                kind=ShareTransactionKind.SUBSCRIPTION,
                date=m.applied_on,
                shares_delta=4,
                subscribed_delta=Decimal("100.00"),
            )
            for m in memberships
            if m.status == MembershipStatus.ACTIVE
        ],
        batch_size=2000,
    )
    return {
        "members": len(memberships),
        "employments": len(employments),
        "statuses": len(statuses),
        "volunteers": len(volunteers),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopnet-bench-") as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from coopnet.compliance import engine
        from coopnet.compliance.findings import Status
        from coopnet.compliance.rules.common import COOPERATIVES
        from coopnet.core.models import Organization

        print(machine())
        started = time.perf_counter()
        call_command("seed_demo", scale="consortium", stdout=io.StringIO())
        cooperatives = list(Organization.objects.filter(kind__in=COOPERATIVES).order_by("pk"))
        sizes = seed_cooperatives(cooperatives)
        print(
            f"seeded the consortium demo and {len(cooperatives)} cooperatives' data in "
            f"{time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{n} {what}" for what, n in sizes.items())
        )
        engine.run_many(cooperatives[:5], AS_OF)  # warm-up (imports, connections)
        with CaptureQueriesContext(connection) as few:
            engine.run_many(cooperatives[:10], AS_OF)
        wall, cpu = [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                w0, c0 = time.perf_counter(), time.process_time()
                findings = engine.run_many(cooperatives, AS_OF)
                wall.append(time.perf_counter() - w0)
                cpu.append(time.process_time() - c0)
        count = sum(len(f) for f in findings.values())
        by_status: dict[str, int] = {}
        for fs in findings.values():
            for f in fs:
                by_status[f.status] = by_status.get(f.status, 0) + 1
        print(
            f"run_many over {len(cooperatives)} cooperatives ({count} findings; "
            + ", ".join(f"{by_status.get(s, 0)} {s}" for s in Status)
            + ")"
        )
        print(
            f"  wall: best {min(wall):.2f} s, median {statistics.median(wall):.2f} s, "
            f"worst {max(wall):.2f} s over {args.repeat} runs; CPU median "
            f"{statistics.median(cpu):.2f} s"
        )
        print(
            f"  queries: {len(ctx.captured_queries)} for {len(cooperatives)} cooperatives, "
            f"{len(few.captured_queries)} for 10"
        )
        verdict = "PASS" if statistics.median(wall) < GOAL_SECONDS else "FAIL"
        constant = len(ctx.captured_queries) == len(few.captured_queries)
        print(
            f"{verdict}: median {statistics.median(wall):.2f} s vs goal {GOAL_SECONDS:.0f} s; "
            f"query count {'constant' if constant else 'GROWS with organizations'}"
        )


if __name__ == "__main__":
    main()
