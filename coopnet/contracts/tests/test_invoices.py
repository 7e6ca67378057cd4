"""Invoice numbering: per organization and year, no gaps, no duplicates; a refused draft
consumes no number; two issues at the same moment (PostgreSQL: truly overlapping
transactions, via ``Overlap``) get two consecutive numbers."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from coopnet.contracts import services
from coopnet.contracts.models import Invoice, InvoiceCounter, InvoiceState
from coopnet.contracts.services import LineSpec
from coopnet.contracts.services import issue as issue_services
from coopnet.core.tests.concurrency import Overlap

from .conftest import billed, draft

DAY = dt.date(2026, 5, 4)


@pytest.mark.django_db
def test_numbers_follow_each_other_per_organization_and_year(org, other_org, comune, client_coop):
    billed(org, comune, client_coop)
    billed(other_org, comune)
    numbers = [
        (i.organization.slug, i.year, i.number)
        for i in (
            services.invoice_issue(
                actor=None, invoice=draft(o, comune if day.year == 2026 else client_coop), on=day
            )
            for o, day in [
                (org, DAY),
                (org, DAY),
                (other_org, DAY),
                (org, dt.date(2027, 1, 2)),  # after the split payment is known: a private client
                (org, DAY),
            ]
        )
    ]
    assert numbers == [
        ("la-ginestra", 2026, 1),
        ("la-ginestra", 2026, 2),
        ("altra-coop", 2026, 1),
        ("la-ginestra", 2027, 1),
        ("la-ginestra", 2026, 3),
    ]
    assert Invoice.objects.get(number=1, year=2027).lines.get().total == Decimal("860.00")


@pytest.mark.django_db
def test_refusals_consume_no_number(org, comune):
    billed(org, comune)
    with pytest.raises(ValidationError) as error:
        draft(org, comune, cig="")
    assert "cig" in error.value.message_dict
    bad = LineSpec("Riga", Decimal(1), Decimal(1))  # neither a VAT rate nor a natura
    with pytest.raises(ValidationError) as error:
        draft(org, comune, lines=[bad])
    assert "lines" in error.value.message_dict
    issued = services.invoice_issue(actor=None, invoice=draft(org, comune), on=DAY)
    with pytest.raises(ValidationError):
        services.invoice_issue(actor=None, invoice=issued, on=DAY)
    assert InvoiceCounter.objects.get(organization=org, year=2026).last == 1
    assert draft(org, comune).number is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_issues_get_consecutive_numbers(org, comune, monkeypatch):
    billed(org, comune)
    # given the year's counter already in use
    services.invoice_issue(actor=None, invoice=draft(org, comune), on=DAY)
    first, second = draft(org, comune), draft(org, comune)
    # the first thread to lock the counter holds it until the other waits for it (PostgreSQL)
    monkeypatch.setattr(
        issue_services, "_locked_counter", Overlap()(issue_services._locked_counter)
    )
    barrier = threading.Barrier(2)
    # SQLite cannot wait for a lock between connections: there the threads take turns
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def issue(invoice):
        try:
            barrier.wait(timeout=10)
            with turns:
                return services.invoice_issue(actor=None, invoice=invoice, on=DAY).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        numbers = sorted(pool.map(issue, [first, second]))
    monkeypatch.undo()
    assert numbers == [2, 3]
    assert set(Invoice.objects.values_list("state", flat=True)) == {InvoiceState.ISSUED}
    assert InvoiceCounter.objects.get(organization=org, year=2026).last == 3
