"""Benchmark of the FatturaPA library: build and validate the XML of 1,000 invoices.

Usage: `.venv/bin/python bench/fatturapa.py [--invoices 1000] [--seed 7]`.
Builds varied invoices (public bodies and private customers, 1 to 6 lines at 5 %, 22 % or
exempt N4, split payment, stamp duty, credit notes), turns each into XML with `build_xml` and
checks it with `validate` (schema by libxml2, xmlschema for the reasons of a refusal, then the
SdI arithmetic). Prints wall and CPU time of each phase, then the machine: on a busy machine
wall time exceeds CPU time by the load.
Goal (issue 12): the 1,000 invoices in under 10 s. No database.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from _common import machine

from coopnet.fatturapa import (
    Address,
    CreditedInvoice,
    Customer,
    DocumentType,
    Invoice,
    Line,
    Reference,
    ReferenceKind,
    Seller,
    build_xml,
    progressive,
    validate,
)
from coopnet.fatturapa.xsd import fatturapa_schema, libxml2_schema

T = TypeVar("T")
GOAL_SECONDS = 10.0
SELLER = Seller(
    vat_number="02345678901",
    name="Cooperativa Sociale La Ginestra",
    address=Address(street="Via dei Mille 12", postcode="40121", city="Bologna", province="BO"),
)
SERVICES = (
    ("Assistenza domiciliare", Decimal(5), None),
    ("Servizio educativo scolastico", Decimal(5), None),
    ("Manutenzione del verde", Decimal(22), None),
    ("Pulizie uffici comunali", Decimal(22), None),
    ("Trasporto sociale", Decimal(0), "N4"),
)


def customer(rng: random.Random, n: int) -> Customer:
    address = Address(street=f"Piazza Grande {n}", postcode="40100", city="Bologna")
    if rng.random() < 0.7:
        code = "UF" + "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=4))
        return Customer(
            name=f"Comune {n}",
            address=address,
            recipient_code=code,
            public_body=True,
            tax_code=f"{80000000000 + n}",
        )
    return Customer(
        name=f"Cliente {n}",
        address=address,
        recipient_code="0000000",
        vat_number=f"{10000000000 + n}",
        pec=f"cliente{n}@pec.example.it",
    )


def make_invoice(rng: random.Random, n: int) -> Invoice:
    buyer = customer(rng, n)
    lines = tuple(
        Line(
            description=f"{name}, mese {rng.randint(1, 12)}",
            quantity=Decimal(rng.randint(1, 4000)) / 10,
            unit_price=Decimal(rng.randint(1500, 4500)) / 100,
            vat_rate=rate,
            nature=nature,
        )
        for name, rate, nature in rng.choices(SERVICES, k=rng.randint(1, 6))
    )
    exempt = sum(line.quantity * line.unit_price for line in lines if line.nature)
    taxed = any(line.vat_rate for line in lines)
    issued = date(2026, 1, 1) + timedelta(days=n % 365)
    invoice = Invoice(
        seller=SELLER,
        customer=buyer,
        progressive=progressive(n),
        number=f"2026/{n}",
        issue_date=issued,
        lines=lines,
        references=(
            Reference(document_id=f"REP-{n}", kind=ReferenceKind.CONTRACT, cig="B1234567AB"),
        ),
        split_payment=buyer.public_body and taxed and rng.random() < 0.8,
        stamp_duty=Decimal(2) if exempt > Decimal("77.47") else None,
    )
    if rng.random() < 0.05:
        credited = CreditedInvoice(number=f"2025/{n}", issued=date(2025, 12, 31))
        invoice = replace(invoice, document_type=DocumentType.CREDIT_NOTE, credited=credited)
    return invoice


def timed(label: str, work: Callable[[], T]) -> tuple[T, tuple[float, float]]:
    """Run ``work``, print its wall and CPU time, return its result and both times."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:40} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    return result, (wall, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    print(f"# FatturaPA: {args.invoices} invoices")
    _, load = timed(
        "load the schemas (once per process)", lambda: (fatturapa_schema(), libxml2_schema())
    )
    invoices, build = timed(
        "build the typed invoices",
        lambda: [make_invoice(rng, n) for n in range(1, args.invoices + 1)],
    )
    files, generate = timed(
        "generate the XML (build_xml)", lambda: [build_xml(i) for i in invoices]
    )
    problems, check = timed(
        "validate (schema + SdI arithmetic)", lambda: [validate(x) for x in files]
    )
    invalid = sum(1 for found in problems if found)
    wall, cpu = (sum(phase) for phase in zip(load, build, generate, check, strict=True))
    lines = sum(len(i.lines) for i in invoices)
    size = sum(len(x) for x in files) / len(files)
    print(f"{len(files)} files, {lines} lines, {size:,.0f} bytes on average; invalid: {invalid}")
    verdict = "PASS" if wall < GOAL_SECONDS and not invalid else "FAIL"
    print(
        f"{verdict}: {wall:.2f} s wall ({cpu:.2f} s CPU) for {len(files)} invoices, "
        f"schema load included (goal: under {GOAL_SECONDS:g} s wall)"
    )
    print(machine("xsdata", "xmlschema", "lxml", django=False))


if __name__ == "__main__":
    main()
