"""Fixtures of the FatturaPA tests: the shared samples and a typical cooperative invoice."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, fromstring

from coopnet.fatturapa import Address, Customer, Invoice, Line, Reference, ReferenceKind, Seller

# ../shared/data next to the project (or next to the folder of worktrees holding it).
DATA = next(
    (
        folder / "shared" / "data" / "fatturapa"
        for folder in Path(__file__).resolve().parents[4:]
        if (folder / "shared" / "data").is_dir()
    ),
    Path(__file__).resolve().parents[4] / "shared" / "data" / "fatturapa",
)
SAMPLES = sorted((DATA / "samples").glob("*.xml"))

SELLER = Seller(
    vat_number="02345678901",
    name="Cooperativa Sociale La Ginestra",
    address=Address(street="Via dei Mille 12", postcode="40121", city="Bologna", province="BO"),
    tax_code="02345678901",
)
PUBLIC_BODY = Customer(
    name="Comune di Casalecchio di Reno",
    address=Address(street="Via dei Mille 9", postcode="40033", city="Casalecchio", province="BO"),
    recipient_code="UFK2QX",
    public_body=True,
    tax_code="01135570370",
)
PRIVATE = Customer(
    name="Fondazione Amici",
    address=Address(street="Via Saffi 3", postcode="40131", city="Bologna", province="BO"),
    recipient_code="0000000",
    vat_number="03456789012",
    pec="amici@pec.example.it",
)
CARE = Line(
    description="Assistenza domiciliare anziani, marzo 2026",
    quantity=Decimal("132.5"),
    unit_price=Decimal("21.37"),
    vat_rate=Decimal(5),
    unit="ore",
)
CONTRACT = Reference(
    document_id="REP-118/2025",
    kind=ReferenceKind.CONTRACT,
    issued=date(2025, 12, 1),
    cig="B1234567AB",
)


def invoice(**changes: Any) -> Invoice:
    """A care invoice to a municipality (FPA12) with a CIG; ``changes`` replace its fields."""
    base = Invoice(
        seller=SELLER,
        customer=PUBLIC_BODY,
        progressive="0000A",
        number="2026/17",
        issue_date=date(2026, 4, 2),
        lines=(CARE,),
        references=(CONTRACT,),
    )
    return replace(base, **changes)


def tree(xml: bytes) -> Element:
    """The root of XML this package wrote (trusted: no DTD)."""
    return fromstring(xml)  # noqa: S314
