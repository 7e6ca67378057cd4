"""The demo's tenders, contracts and invoices: a home-care tender of the municipality that the
cooperative won alone, its contract, an invoice issued while split payment was in force, one
issued today for exempt services, and a draft; and a tender still open, with a pending bid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coopnet.contracts import services
from coopnet.contracts.models import Outcome, Procedure
from coopnet.core.models import Organization, OrganizationKind

from .context import Cooperative

IBAN = "IT60X0542811101000000123456"
HOUR = Decimal("21.50")


def _authority() -> Organization | None:
    return Organization.objects.filter(kind=OrganizationKind.PUBLIC_BODY).order_by("pk").first()


def _billing(coop: Cooperative, authority: Organization) -> None:
    city = coop.organization.seat_comune
    address = {
        "street": "Via della Cooperazione 1",
        "postcode": "40100",
        "city": city.name if city else "Bologna",
        "province": city.province.abbreviation if city else "BO",
    }
    for party, code in ((coop.organization, ""), (authority, "UFK2QX")):
        services.billing_profile_save(
            actor=None,
            organization=coop.organization,
            party=party,
            data={**address, "recipient_code": code},
        )


def _tender(coop: Cooperative, authority: Organization, title: str, cig: str, published: dt.date):
    tender = services.tender_create(
        actor=None,
        organization=coop.organization,
        data={
            "authority": authority,
            "title": title,
            "procedure": Procedure.RESERVED,
            "published_on": published,
            "bid_deadline": published + dt.timedelta(days=35),
        },
    )
    services.lot_create(
        actor=None,
        tender=tender,
        data={"number": 1, "cig": cig, "base_value": Decimal(180000)},
    )
    return tender


def _bid(tender, on: dt.date):
    return services.bid_create(
        actor=None,
        tender=tender,
        data={"form": "alone", "bid_date": on, "amount": Decimal(176000)},
        lots=list(tender.lots.all()),
        members=[],
    )


def seed_contracts(coop: Cooperative) -> None:
    """Seed the cooperative's chain from tender to invoice (nothing without a public body)."""
    authority = _authority()
    if authority is None or not coop.organization.partita_iva:
        return
    _billing(coop, authority)
    # Fixed dates: the 5% invoice below must fall while split payment is on record.
    start = dt.date(2025, 12, 1)
    won = _tender(coop, authority, "Assistenza domiciliare anziani e disabili", "B1D2E3F4A5", start)
    awarded = _bid(won, start + dt.timedelta(days=20))
    services.bid_outcome(
        actor=None, bid=awarded, outcome=Outcome.AWARDED, outcome_on=start + dt.timedelta(days=45)
    )
    contract = services.contract_create(
        actor=None,
        bid=awarded,
        lots=list(awarded.lots.all()),
        data={
            "value": Decimal(176000),
            "start_date": dt.date(2026, 2, 1),
            "end_date": dt.date(2027, 1, 31),
            "iban": IBAN,
            "account_operators": "",
        },
    )
    header = services.Header(authority, contract=contract, cig="B1D2E3F4A5")
    # Split payment's EU authorisation is on record up to 30/06/2026: a 5% invoice of May
    # shows it; the later ones are for exempt services (N4), which it does not touch.
    may = services.invoice_draft_create(
        actor=None,
        organization=coop.organization,
        header=header,
        lines=[
            services.LineSpec("Assistenza domiciliare · maggio", Decimal(310), HOUR, Decimal(5))
        ],
    )
    services.invoice_issue(actor=None, invoice=may, on=dt.date(2026, 5, 31))
    for month, issue in (("novembre", True), ("dicembre", False)):
        invoice = services.invoice_draft_create(
            actor=None,
            organization=coop.organization,
            header=header,
            lines=[
                services.LineSpec(
                    f"Assistenza domiciliare esente · {month}", Decimal(296), HOUR, natura="N4"
                )
            ],
        )
        if issue:
            services.invoice_issue(actor=None, invoice=invoice, on=coop.today)
    coop.report.invoices += 3
    pending = _tender(coop, authority, "Servizio educativo scolastico", "C7E8F9A0B1", coop.today)
    _bid(pending, coop.today)
    coop.report.tenders += 2
