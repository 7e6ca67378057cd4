"""Benchmark of a time bank: 5,000 accounts and 500,000 transfers.

Runs on a scratch SQLite database (or BENCH_DATABASE_URL) in a temporary directory and prints
its figures and the machine. Usage:
`python bench/community.py [--accounts 5000] [--transfers 500000] [--samples 300]`.
Goals (issue 14): a transfer (the service: locks, limits, postings, balances, audit) under
20 ms at p95; a member's statement page under 100 ms at p95; every balance verified against
the postings in under 5 s. It exits 0: FAIL lines are findings, not errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import line, machine, p95, setup_django

GOAL_TRANSFER_P95_MS = 20.0
GOAL_STATEMENT_P95_MS = 100.0
GOAL_CHECK_S = 5.0
BATCH = 5000


def seed(accounts: int, transfers: int) -> tuple[Any, list[Any]]:
    """A community cooperative with ``accounts`` members' accounts and ``transfers`` one-to-one
    exchanges written in bulk (seeding is not measured), balances set from the postings."""
    from coopnet.community import services
    from coopnet.community.models import Account, Category, Posting, Transfer
    from coopnet.core.models import Organization
    from coopnet.members.models import Person

    rng = random.Random(14)
    org = Organization.objects.create(
        kind="community_coop", legal_name="Borgo cooperativa di comunità", short_name="Borgo",
        slug="borgo",
    )  # fmt: skip
    wide = {"min_balance": -(10**6), "max_balance": 10**6, "welcome_minutes": 0}
    services.timebank_save(actor=None, organization=org, data=wide)
    persons = Person.objects.bulk_create(
        [
            Person(organization=org, kind="fisica", surname=f"Residente {i}", given_name="Ada")
            for i in range(accounts)
        ],
        batch_size=BATCH,
    )
    rows = Account.objects.bulk_create(
        [Account(organization=org, kind="socio", person=p) for p in persons], batch_size=BATCH
    )
    ids = [a.pk for a in rows]
    categories = list(Category.objects.for_org(org).values_list("pk", flat=True))
    balance = dict.fromkeys(ids, 0)
    start = dt.date(2024, 1, 1)
    next_id = (Transfer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for first in range(0, transfers, BATCH):
        batch, postings = [], []
        for n in range(first, min(first + BATCH, transfers)):
            payer, helper = rng.sample(ids, 2)
            minutes = rng.choice((15, 30, 45, 60, 90, 120))
            pk = next_id + n
            batch.append(
                Transfer(
                    pk=pk,
                    organization=org,
                    category_id=rng.choice(categories),
                    performed_on=start + dt.timedelta(days=n * 700 // transfers),
                    idempotency_key=f"seed-{n}",
                )
            )
            postings += [
                Posting(organization=org, transfer_id=pk, account_id=payer, minutes=-minutes),
                Posting(organization=org, transfer_id=pk, account_id=helper, minutes=minutes),
            ]
            balance[payer] -= minutes
            balance[helper] += minutes
        Transfer.objects.bulk_create(batch)
        Posting.objects.bulk_create(postings)
    Account.objects.bulk_update(
        [Account(pk=pk, balance=value) for pk, value in balance.items()], ["balance"], BATCH
    )
    return org, rows


def time_transfers(org: Any, accounts: list[Any], samples: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``samples`` transfers between random accounts."""
    from coopnet.community import services
    from coopnet.community.models import Category

    rng = random.Random(7)
    category = Category.objects.for_org(org).get(name="Altro")
    timings, cpu = [], []
    for _ in range(samples):
        payer, helper = rng.sample(accounts, 2)
        started, started_cpu = time.perf_counter(), time.process_time()
        services.transfer_create(
            actor=None,
            organization=org,
            debits=[(payer, 60)],
            credits=[(helper, 60)],
            category=category,
        )
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return timings, cpu


def time_statements(org: Any, accounts: list[Any], samples: int) -> tuple[list[float], int]:
    """The member's statement page through the Django stack, for ``samples`` members."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coopnet.core.models import Role, User
    from coopnet.core.services import role_grant

    rng = random.Random(3)
    timings, queries = [], 0
    for i, account in enumerate(rng.sample(accounts, samples)):
        user = User.objects.create_user(f"socio{i}@borgo.example", "x")
        role_grant(actor=None, organization=org, user=user, role=Role.MEMBER)
        account.person.user = user
        account.person.save(update_fields=["user"])
        client = Client()
        client.force_login(user)
        client.get("/o/borgo/timebank/me/")  # warm
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/o/borgo/timebank/me/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = len(captured)
    return timings, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--transfers", type=int, default=500_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from coopnet.community import selectors

        started, seed_cpu = time.perf_counter(), time.process_time()
        org, accounts = seed(args.accounts, args.transfers)
        print(
            f"{'seed (bulk, not measured against a goal)':44} "
            f"{time.perf_counter() - started:7.1f} s (CPU {time.process_time() - seed_cpu:.1f} s)"
        )
        print(f"{'accounts / transfers / postings':44} {args.accounts} / {args.transfers} / "
              f"{2 * args.transfers}")  # fmt: skip
        wall, cpu = time_transfers(org, accounts, args.samples)
        transfer = p95(wall)
        line("transfer (service) p95", f"{transfer:7.1f} ms", transfer < GOAL_TRANSFER_P95_MS,
             f"goal < {GOAL_TRANSFER_P95_MS:.0f} ms; CPU p95 {p95(cpu):.1f} ms, "
             f"median {sorted(wall)[len(wall) // 2]:.1f} ms")  # fmt: skip
        pages, queries = time_statements(org, accounts, min(30, args.samples))
        page = p95(pages)
        line("member statement page p95", f"{page:7.1f} ms", page < GOAL_STATEMENT_P95_MS,
             f"goal < {GOAL_STATEMENT_P95_MS:.0f} ms, {queries} queries")  # fmt: skip
        started = time.perf_counter()
        check = selectors.ledger_check(org)
        elapsed = time.perf_counter() - started
        line("balances verified against postings", f"{elapsed:7.2f} s ",
             elapsed < GOAL_CHECK_S and check.ok,
             f"goal < {GOAL_CHECK_S:.0f} s; {check.accounts} accounts, "
             f"{len(check.mismatched)} mismatched, {len(check.unbalanced)} unbalanced")  # fmt: skip
        print(machine())


if __name__ == "__main__":
    main()
