"""Fixtures of the contracts tests: a public body, a consortium with two member cooperatives,
a tender with two lots, and the helpers that record bids through the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from coopnet.contracts import services
from coopnet.contracts.models import BidForm, BillingProfile, MemberRole, Outcome, Procedure
from coopnet.contracts.rules import MemberSpec
from coopnet.core.models import Affiliation, OrganizationKind, Role
from coopnet.core.tests.factories import OrganizationFactory, RoleAssignmentFactory

DAY = dt.date(2026, 3, 2)
IBAN = "IT60X0542811101000000123456"


@pytest.fixture
def comune(db):
    return OrganizationFactory(
        slug="comune-di-prova", short_name="Comune di Prova", kind=OrganizationKind.PUBLIC_BODY
    )


@pytest.fixture
def consortium(db):
    return OrganizationFactory(
        slug="consorzio", short_name="Consorzio", kind=OrganizationKind.CONSORTIUM
    )


@pytest.fixture
def staff(consortium):
    return RoleAssignmentFactory(organization=consortium, role=Role.CONSORTIUM_STAFF).user


def affiliate(org, group, start=dt.date(2020, 1, 1)):
    return Affiliation.objects.create(organization=org, group=group, start_date=start)


@pytest.fixture
def executors(org, other_org, consortium):
    """``org`` and ``other_org``, both members of the consortium."""
    affiliate(org, consortium)
    affiliate(other_org, consortium)
    return org, other_org


def make_tender(
    owner, authority, procedure=Procedure.OPEN, values=("100000",), cig="000000000", **data
):
    """A tender of ``owner`` with one lot per value (CIGs ``cig`` + A, B, ...: the same lots
    as another tender with the same ``cig``)."""
    tender = services.tender_create(
        actor=None,
        organization=owner,
        data={
            "authority": authority,
            "title": data.pop("title", "Assistenza domiciliare"),
            "procedure": procedure,
            "published_on": DAY,
            "bid_deadline": DAY + dt.timedelta(days=30),
            **data,
        },
    )
    for i, value in enumerate(values):
        services.lot_create(
            actor=None,
            tender=tender,
            data={
                "number": i + 1,
                "cig": f"{cig}{'ABCDEFGH'[i]}",
                "base_value": Decimal(value),
            },
        )
    return tender


@pytest.fixture
def tender(org, comune):
    return make_tender(org, comune, values=("100000", "50000"))


def bid(tender, form=BidForm.ALONE, members=(), lots=None, **data):
    return services.bid_create(
        actor=None,
        tender=tender,
        data={"form": form, "bid_date": DAY, **data},
        lots=list(lots if lots is not None else tender.lots.all()),
        members=list(members),
    )


def executor(org, share="100"):
    return MemberSpec(org.pk, MemberRole.EXECUTOR, Decimal(share))


def rti(lead, *members):
    """An RTI's members: the lead with 60%, the others sharing 40%."""
    each = Decimal(40) / len(members)
    return [
        MemberSpec(lead.pk, MemberRole.LEAD, Decimal(60), "coordinamento"),
        *(MemberSpec(m.pk, MemberRole.MEMBER, each, "servizio") for m in members),
    ]


def awarded(tender, form=BidForm.ALONE, members=()):
    recorded = bid(tender, form, members)
    services.bid_outcome(actor=None, bid=recorded, outcome=Outcome.AWARDED, outcome_on=DAY)
    return recorded


def contract(recorded, **data):
    return services.contract_create(
        actor=None,
        bid=recorded,
        lots=list(recorded.lots.all()),
        data={
            "value": Decimal(150000),
            "start_date": dt.date(2026, 4, 1),
            "end_date": dt.date(2027, 3, 31),
            "iban": IBAN,
            "account_operators": "",
            **data,
        },
    )


OFFICE_CODE = "UFK2QX"
CARE = services.LineSpec("Assistenza domiciliare", Decimal(40), Decimal("21.50"), Decimal(5))


def draft(org, customer, lines=(CARE,), **header):
    """A draft invoice of ``org`` (CIG ``000000000A`` unless ``header`` says otherwise)."""
    return services.invoice_draft_create(
        actor=None,
        organization=org,
        header=services.Header(customer, **{"cig": "000000000A", **header}),
        lines=list(lines),
    )


_ADDRESS = {"street": "Via Roma 1", "postcode": "20100", "city": "Milano", "province": "MI"}


def billed(seller, *customers):
    """Give ``seller`` a partita IVA and billing data for itself and each customer (a public
    body at an IPA office code, anyone else at a 7-character recipient code)."""
    for i, party in enumerate((seller, *customers)):
        if not (party.partita_iva or party.codice_fiscale):
            party.partita_iva = f"0234567890{i}" if party is seller else ""
            party.codice_fiscale = "" if party is seller else f"8001234567{i}"
            party.save()
        public = party.kind == OrganizationKind.PUBLIC_BODY
        code = "" if party is seller else OFFICE_CODE if public else "ABC1234"
        services.billing_profile_save(
            actor=None,
            organization=seller,
            party=party,
            data={**_ADDRESS, "recipient_code": code},
        )


@pytest.fixture
def client_coop(db):
    """A private customer (FPR12)."""
    return OrganizationFactory(
        slug="cliente", short_name="Cliente", kind=OrganizationKind.CONSORTIUM
    )


ISSUED_ON = dt.date(2026, 5, 4)  # split payment is a known rule on this day
PAID_ON = dt.date(2026, 6, 1)


def issued(org, customer, on=ISSUED_ON, **header):
    """An invoice of ``org`` to ``customer`` issued ``on`` (billing data added if missing)."""
    if not BillingProfile.objects.filter(organization=org, party=customer).exists():
        billed(org, customer)
    return services.invoice_issue(actor=None, invoice=draft(org, customer, **header), on=on)


def pay(invoice, amount, **data):
    """A payment of ``amount`` (text) on ``PAID_ON`` unless ``data`` says another date."""
    return services.payment_record(
        actor=None,
        invoice=invoice,
        date=data.pop("date", PAID_ON),
        amount=Decimal(amount),
        **data,
    )
