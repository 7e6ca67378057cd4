"""A small community settled by hand: two configurations in two regions (FC 10 and 4), two
plants of different tiers, one granted; exempt and business members; an hour where injection
exceeds withdrawal and one the reverse. Every figure below is computed in the comments."""

import dataclasses
from decimal import Decimal

from coopnet.energy.settlement import (
    Configuration,
    Plant,
    Point,
    from_readings,
    result_json,
    settle,
)

from .helpers import H1, H2, PARAMS, day

NORTH = Configuration(
    code="AC001E00001",
    zone="NORD",
    fc_eur_mwh=Decimal(10),
    plants=(
        Plant("IT001E00000001", Decimal(150), day(2024, 3, 1), grant_pct=Decimal(20)),
    ),  # F 0.25
    points=(
        Point("IT001E00000011", "F1", exempt=True),  # a natural person
        Point("IT001E00000012", "B1", business=True),  # an SME
    ),
)
CENTRE = Configuration(
    code="AC002E00002",
    zone="CNOR",
    fc_eur_mwh=Decimal(4),
    plants=(Plant("IT002E00000002", Decimal(400), day(2024, 6, 1)),),  # tier 2: 70/110
    points=(Point("IT002E00000021", "T1", exempt=True),),  # a third-sector body
)
INJECTION = {
    ("IT001E00000001", H1): 5000,
    ("IT001E00000001", H2): 1000,
    ("IT002E00000002", H1): 2000,
    ("IT002E00000002", H2): 3000,
}
WITHDRAWAL = {
    ("IT001E00000011", H1): 1000,
    ("IT001E00000011", H2): 2000,
    ("IT001E00000012", H1): 2000,
    ("IT001E00000012", H2): 1000,
    ("IT002E00000021", H1): 500,
    ("IT002E00000021", H2): 4000,
}
PRICES = {
    ("NORD", H1): Decimal("100"),
    ("NORD", H2): Decimal("150"),
    ("CNOR", H1): Decimal("120"),
    ("CNOR", H2): Decimal("60"),
}
INPUTS = from_readings((H1, H2), (NORTH, CENTRE), WITHDRAWAL, INJECTION, PRICES)

# North, h1: injected 5000 > withdrawn 3000: F1 1000 (exempt, no F), B1 2000.
#   rate min(120; 80 + 80) + 10 = 130: 1000 x 130 + 2000 x 130 x 0.75 = 0.13 + 0.195
# North, h2: injected 1000 < withdrawn 3000: F1 2000/3000 = 666.67 -> 667, B1 333.
#   rate min(120; 80 + 30) + 10 = 120: 667 x 120 + 333 x 120 x 0.75 = 0.08004 + 0.02997
#   P1: 0.325 + 0.11001 = 0.43501 -> 0.44; shared 4000 of 6000 injected (66.67%)
#   social: 66.666..% - 45% (granted) = 21.666..% of 0.43501 = 0.09425 -> 0.09
# Centre, h1: 500 shared, min(110; 70 + 60) + 4 = 114 -> 0.057
# Centre, h2: 3000 shared, min(110; 70 + 120) + 4 = 114 -> 0.342
#   P2: 0.399 -> 0.40; 3500 of 5000 = 70% - 55% = 15% of 0.399 = 0.05985 -> 0.06
# Premium 0.43501 + 0.399 = 0.83401 -> 0.83. Valorisation 7500 Wh x 11.22 = 0.08415 -> 0.08.
# Members' premium: B1 0.195 + 0.02997 = 0.22497, F1 0.13 + 0.08004 = 0.21004, T1 0.399:
#   floors 0.22 + 0.21 + 0.39 = 0.82, the cent left to the largest remainder (T1) -> 0.40.
# Members' valorisation: B1 2333 Wh 0.02617626, F1 1667 Wh 0.01870374, T1 3500 Wh 0.03927:
#   floors 0.02 + 0.01 + 0.03 = 0.06, two cents left to T1 and F1.
EXPECTED = {
    "configurations": [
        {
            "code": "AC001E00001",
            "injected_kwh": "6.000",
            "withdrawn_kwh": "6.000",
            "shared_kwh": "4.000",
            "social_threshold_pct": "45",
            "social_excess_pct": "21.6667",
        },
        {
            "code": "AC002E00002",
            "injected_kwh": "5.000",
            "withdrawn_kwh": "4.500",
            "shared_kwh": "3.500",
            "social_threshold_pct": "55",
            "social_excess_pct": "15.0000",
        },
    ],
    "plants": [
        {
            "pod": "IT001E00000001",
            "configuration": "AC001E00001",
            "incentivised": True,
            "shared_kwh": "4.000",
            "shared_exempt_kwh": "1.667",
            "tip_eur": "0.44",
            "f_factor": "0.25",
        },
        {
            "pod": "IT002E00000002",
            "configuration": "AC002E00002",
            "incentivised": True,
            "shared_kwh": "3.500",
            "shared_exempt_kwh": "3.500",
            "tip_eur": "0.40",
            "f_factor": "0",
        },
    ],
    "valorisation_eur": "0.08",
    "premium_eur": "0.83",
    "social_excess_eur": "0.15",
    "members": [
        {
            "tax_code": "B1",
            "business": True,
            "shared_kwh": "2.333",
            "configurations": {"AC001E00001": "2.333"},
            "eur": "0.24",
            "premium_eur": "0.22",
        },
        {
            "tax_code": "F1",
            "business": False,
            "shared_kwh": "1.667",
            "configurations": {"AC001E00001": "1.667"},
            "eur": "0.23",
            "premium_eur": "0.21",
        },
        {
            "tax_code": "T1",
            "business": False,
            "shared_kwh": "3.500",
            "configurations": {"AC002E00002": "3.500"},
            "eur": "0.44",
            "premium_eur": "0.40",
        },
    ],
    "final": True,
    "missing": [],
}


def test_the_small_community_settles_to_the_hand_computed_figures():
    got = result_json(settle(INPUTS, PARAMS))
    assert len(got.pop("input_hash")) == 64
    assert got == EXPECTED


def test_the_same_inputs_give_the_same_result_and_hash_whatever_their_order():
    reordered = from_readings(
        (H1, H2),
        (CENTRE, NORTH),
        dict(reversed(list(WITHDRAWAL.items()))),
        dict(reversed(list(INJECTION.items()))),
        PRICES,
    )
    first, second = settle(INPUTS, PARAMS), settle(reordered, PARAMS)
    assert first.input_hash == second.input_hash
    assert result_json(first)["members"] == result_json(second)["members"]


def test_one_wh_or_one_parameter_more_changes_the_hash():
    withdrawal = {**WITHDRAWAL, ("IT002E00000021", H1): 501}
    changed = from_readings((H1, H2), (NORTH, CENTRE), withdrawal, INJECTION, PRICES)
    other_unit = dataclasses.replace(PARAMS, valorisation_eur_mwh=Decimal("11.23"))
    hashes = {
        settle(INPUTS, PARAMS).input_hash,
        settle(changed, PARAMS).input_hash,
        settle(INPUTS, other_unit).input_hash,
    }
    assert len(hashes) == 3
