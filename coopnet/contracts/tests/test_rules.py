"""Rule tables: bid composition and shares (R-PP-65/67/68), the art. 5 convention threshold
(R-381-5a) and the price revision (R-PP-60) with the numbers of the parameter table."""

import datetime as dt
from decimal import Decimal

import pytest

from coopnet.contracts import rules
from coopnet.contracts.models import BidForm, MemberRole, Subject
from coopnet.contracts.rules import MemberSpec
from coopnet.contracts.services import revision_keys
from coopnet.core.parameters import parameter_value

BIDDER = 1
LEAD, MEMBER, EXEC = MemberRole.LEAD, MemberRole.MEMBER, MemberRole.EXECUTOR


def spec(org, role, share, parts="servizio"):
    return MemberSpec(org, role, Decimal(share), parts)


@pytest.mark.parametrize(
    ("form", "members", "expected"),
    [
        (BidForm.ALONE, [], []),
        (BidForm.ALONE, [spec(2, EXEC, 100)], ["Un'offerta singola non ha altri partecipanti."]),
        (BidForm.CONSORTIUM, [spec(2, EXEC, 70), spec(3, EXEC, 30)], []),
        (BidForm.CONSORTIUM, [], ["Il consorzio deve indicare almeno una consorziata esecutrice."]),
        (
            BidForm.CONSORTIUM,
            [spec(2, EXEC, 70), spec(3, EXEC, 20)],
            ["Le quote sommano a 90%: devono fare 100%."],
        ),
        (
            BidForm.CONSORTIUM,
            [spec(1, EXEC, 100)],
            ["Il consorzio non è esecutore di sé stesso: indica le consorziate."],
        ),
        (
            BidForm.CONSORTIUM,
            [spec(2, LEAD, 100)],
            ["In un'offerta del consorzio i partecipanti sono consorziate esecutrici."],
        ),
        (BidForm.RTI, [spec(1, LEAD, 60), spec(2, MEMBER, 40)], []),
        (BidForm.RTI, [spec(1, LEAD, "60.5"), spec(2, MEMBER, "39.5")], []),
        (
            BidForm.RTI,
            [spec(1, LEAD, 60), spec(2, MEMBER, 50)],
            ["Le quote sommano a 110%: devono fare 100%."],
        ),
        (
            BidForm.RTI,
            [spec(1, LEAD, 100), spec(2, MEMBER, 0)],
            ["Ogni quota deve essere maggiore di zero."],
        ),
        (
            BidForm.RTI,
            [spec(2, LEAD, 60), spec(1, MEMBER, 40)],
            ["Nel raggruppamento la mandataria è una sola: chi presenta l'offerta."],
        ),
        (BidForm.RTI, [spec(1, LEAD, 100)], ["Il raggruppamento ha almeno una mandante."]),
        (
            BidForm.RTI,
            [spec(1, LEAD, 60), spec(2, MEMBER, 40, " ")],
            ["Per ogni membro del raggruppamento indica le parti del servizio (art. 68)."],
        ),
        (
            BidForm.RTI,
            [spec(1, LEAD, 60), spec(1, MEMBER, 40)],
            ["La stessa organizzazione compare due volte."],
        ),
    ],
)
def test_composition(form, members, expected):
    assert rules.composition_errors(form, BIDDER, members) == expected


@pytest.mark.parametrize(
    ("value", "refused"),
    [("215999.99", False), ("216000", True), ("300000", True)],
)
def test_convention_threshold(value, refused):
    reason = rules.convention_error(Decimal(value), Decimal(216000))
    assert bool(reason) is refused
    if refused:
        assert "216.000,00 €" in reason
        assert "R-381-5a" in reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("subject", "day", "change", "expected"),
    [
        # services: 5%, 80% of the part beyond
        (Subject.SERVICES, dt.date(2026, 1, 1), "0.05", "0.00"),
        (Subject.SERVICES, dt.date(2026, 1, 1), "0.08", "2400.00"),
        (Subject.SERVICES, dt.date(2026, 1, 1), "-0.10", "-4000.00"),
        (Subject.SUPPLIES, dt.date(2026, 1, 1), "0.15", "8000.00"),
        # works after D.Lgs. 209/2024: 3%, 90%; before it: 5%, 80%
        (Subject.WORKS, dt.date(2025, 6, 1), "0.05", "1800.00"),
        (Subject.WORKS, dt.date(2024, 6, 1), "0.05", "0.00"),
        (Subject.WORKS, dt.date(2024, 6, 1), "0.08", "2400.00"),
    ],
)
def test_price_revision_with_parameters(subject, day, change, expected):
    threshold_key, share_key = revision_keys(subject)
    amount = rules.price_revision(
        Decimal(100000),
        Decimal(change),
        parameter_value(threshold_key, day),
        parameter_value(share_key, day),
    )
    assert amount == Decimal(expected)
