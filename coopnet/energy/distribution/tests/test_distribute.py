"""The distribution by hand: every figure below is computed in the comments."""

import datetime as dt
from decimal import Decimal

import pytest

from coopnet.energy.distribution import (
    FUND,
    Configuration,
    Figures,
    Pot,
    Recipient,
    Rule,
    distribute,
    pots,
    reconcile,
    true_up,
)

ZERO = Decimal(0)
RULE = Rule(owners_pct=Decimal(30), consumers_pct=Decimal(60), fund_pct=Decimal(10))
# B1: a business owning a plant (2000 Wh shared) and consuming 3000 Wh; B2 a business
# consumer (3000 Wh); P a natural person (1000 Wh); T a town owning a plant (1000 Wh).
PEOPLE = [
    Recipient("B1", True, owner_wh=2000, consumer_wh=3000),
    Recipient("B2", True, consumer_wh=3000),
    Recipient("P", False, consumer_wh=1000),
    Recipient("T", False, owner_wh=1000),
]


def _one(total, excess, rule, people):
    """One configuration: the total is its pot."""
    return distribute(total, [Pot("", total, excess)], rule, people)


def _by_code(outcome):
    return {s.tax_code: s for s in outcome.shares}


def test_the_hand_computed_example_caps_businesses_and_places_the_last_cent():
    # given 100.00 € to share, of which 30.00 € of premium above the R-CER-6 threshold
    outcome = _one(Decimal("100.00"), Decimal("30.00"), RULE, PEOPLE)
    shares = _by_code(outcome)
    # owners' 30 € over 3000 Wh: B1 20, T 10; consumers' 60 € over 7000 Wh: B1 and B2
    # 25.714285..., P 8.571428...; fund 10
    assert (shares["B1"].owners_eur, shares["B1"].consumers_eur) == (
        Decimal("20.00"),
        Decimal("25.71"),
    )
    assert (shares["T"].owners_eur, shares["P"].consumers_eur) == (
        Decimal("10.00"),
        Decimal("8.57"),
    )
    # businesses would get 71.428571... > the limit 100 - 30 = 70: each keeps 70/71.428571
    # = 0.98 of its part: B1 45.714285... x 0.98 = 44.80, B2 25.714285... x 0.98 = 25.20
    assert outcome.limit_eur == Decimal("70.00")
    assert (shares["B1"].eur, shares["B2"].eur) == (Decimal("44.80"), Decimal("25.20"))
    assert (shares["B1"].cut_eur, shares["B2"].cut_eur) == (Decimal("0.91"), Decimal("0.51"))
    assert outcome.business_eur == Decimal("70.00")
    assert outcome.reasons == ("business_cap",)
    # the others share 30.00: T 10.00, P 8.571428 -> 8.57, fund 10 + 1.428571 = 11.428571
    # -> 11.42; the cent left goes to the largest remainder (the fund's .8571 > P's .1428)
    assert (shares["T"].eur, shares["P"].eur) == (Decimal("10.00"), Decimal("8.57"))
    assert shares[FUND].eur == outcome.fund_eur == Decimal("11.43")
    assert shares[FUND].cut_eur == outcome.cut_eur == Decimal("1.43")
    assert sum(s.eur for s in outcome.shares) == Decimal("100.00")


def test_without_excess_businesses_keep_their_part():
    outcome = _one(Decimal("100.00"), Decimal("0"), RULE, PEOPLE)
    shares = _by_code(outcome)
    # B1 20 + 25.714285 = 45.714285 -> 45.71; B2 25.714285 -> 25.71; the businesses' group
    # 71.428571 -> 71.43, so the cent left in it goes to the larger remainder, B1 (tie: .714285
    # each, B1 first)
    assert (shares["B1"].eur, shares["B2"].eur) == (Decimal("45.72"), Decimal("25.71"))
    assert shares[FUND].eur == Decimal("10.00")
    assert outcome.reasons == ()
    assert sum(s.eur for s in outcome.shares) == Decimal("100.00")


def test_the_cap_is_checked_per_configuration():
    # A: 8000 of 10000 Wh injected shared (80%), no grant (threshold 55): pct_exc 25; B: 2000
    # of 10000 (20%), a grant (threshold 45): pct_exc 0. Premium 100.00 by the plants' TIP
    # (A 40, B 60), valorisation 10.00 by shared energy (A 8, B 2): pots A 48 (excess 25% x 40
    # = 10), B 62 (excess 0)
    configurations = [
        Configuration("A", 10000, 8000, Decimal("40.00"), Decimal(55)),
        Configuration("B", 10000, 2000, Decimal("60.00"), Decimal(45)),
    ]
    shares_of = pots(configurations, Decimal("100.00"), Decimal("10.00"))
    assert [(p.configuration, p.total_eur, p.excess_eur) for p in shares_of] == [
        ("A", Decimal(48), Decimal(10)),
        ("B", Decimal(62), Decimal(0)),
    ]
    people = [
        Recipient("BIZ1", True, consumer_wh=7000, configuration="A"),
        Recipient("P", False, consumer_wh=1000, configuration="A"),
        Recipient("BIZ2", True, consumer_wh=1000, configuration="B"),
        Recipient("Q", False, consumer_wh=1000, configuration="B"),
    ]
    outcome = distribute(Decimal("110.00"), shares_of, Rule(ZERO, Decimal(100), ZERO), people)
    shares = _by_code(outcome)
    # A: BIZ1 48 x 7/8 = 42 > 48 - 10 = 38, so 4 to the fund; P 6. B: 31 each, no cap
    assert {k: s.eur for k, s in shares.items()} == {
        "BIZ1": Decimal("38.00"),
        "P": Decimal("6.00"),
        "BIZ2": Decimal("31.00"),
        "Q": Decimal("31.00"),
        FUND: Decimal("4.00"),
    }
    assert (shares["BIZ1"].cut_eur, outcome.limit_eur) == (Decimal("4.00"), Decimal("100.00"))
    assert outcome.reasons == ("business_cap:A",)
    # on the community's totals (10000 of 20000 Wh, 50%, at most 5% over a threshold) the
    # businesses' 77 + 11 = 88 would stay under 110 - 5: no cap at all
    community = _one(
        Decimal("110.00"),
        Decimal("5.00"),
        Rule(ZERO, Decimal(100), ZERO),
        [Recipient(r.tax_code, r.business, consumer_wh=r.consumer_wh) for r in people],
    )
    assert community.reasons == ()


def test_a_tied_cent_goes_to_the_earlier_tax_code():
    rule = Rule(Decimal(0), Decimal(100), Decimal(0))
    people = [Recipient("Z", False, consumer_wh=1), Recipient("A", False, consumer_wh=1)]
    shares = _by_code(_one(Decimal("0.01"), Decimal(0), rule, people))
    assert (shares["A"].eur, shares["Z"].eur, shares[FUND].eur) == (
        Decimal("0.01"),
        Decimal(0),
        Decimal(0),
    )


def test_quotas_nobody_can_take_go_to_the_fund_with_the_reason():
    outcome = _one(Decimal("10.00"), Decimal(0), RULE, [Recipient("P", False, consumer_wh=5)])
    assert outcome.reasons == ("no_owners",)
    assert _by_code(outcome)["P"].eur == Decimal("6.00")
    assert outcome.fund_eur == Decimal("4.00")


def test_quotas_must_add_up_to_100():
    with pytest.raises(ValueError, match="100"):
        _one(Decimal(1), Decimal(0), Rule(Decimal(50), Decimal(50), Decimal(1)), PEOPLE)


def test_the_true_up_is_the_year_minus_the_months():
    yearly = {
        "B1": Decimal("44.80"),
        "B2": Decimal("25.20"),
        "P": Decimal("8.57"),
        FUND: Decimal("11.43"),
    }
    months = [
        {"B1": Decimal("30.00"), "P": Decimal("5.00")},
        {"B1": Decimal("10.00"), "P": Decimal("4.00"), "X": Decimal(1)},
    ]
    balances = {b.tax_code: b for b in true_up(yearly, months)}
    assert [b.tax_code for b in true_up(yearly, months)] == ["B1", "B2", "P", "X", FUND]
    assert balances["B1"].balance_eur == Decimal("4.80")
    assert balances["B2"].balance_eur == Decimal("25.20")
    assert (balances["P"].provisional_eur, balances["P"].balance_eur) == (
        Decimal("9.00"),
        Decimal("-0.43"),
    )
    assert balances["X"].balance_eur == Decimal(-1)
    assert balances[FUND].balance_eur == Decimal("11.43")


def test_reconciliation_names_every_difference_and_missing_side():
    march, april = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
    ours = {
        (march, "CP"): Figures(Decimal("4.000"), Decimal("0.44"), Decimal("0.04")),
        (april, "CP"): Figures(Decimal("5"), Decimal("1"), Decimal("0.10")),
    }
    theirs = {
        (march, "CP"): Figures(Decimal("4"), Decimal("0.45"), Decimal("0.04")),
        (march, "CX"): Figures(Decimal("1"), Decimal("0.10"), Decimal("0.01")),
    }
    lines = reconcile(ours, theirs)
    assert [(line.month, line.configuration, line.status) for line in lines] == [
        (march, "CP", "different"),
        (march, "CX", "no_coopnet"),
        (april, "CP", "no_gse"),
    ]
    assert lines[0].differences == {
        "shared_kwh": Decimal(0),
        "tip_eur": Decimal("0.01"),
        "valorisation_eur": Decimal(0),
    }
    assert lines[1].difference("tip_eur") is None
