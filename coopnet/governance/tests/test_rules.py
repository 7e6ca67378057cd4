"""The arithmetic of quorums, majorities, plural votes and the financing members' cap, in
tables: one row per statute setting and per edge (just below, exactly at, just above)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from coopnet.governance import rules, selectors
from coopnet.governance.models import Call, Counting, Majority, Meeting, MeetingKind

from .factories import FIRST_CALL, MEETING_DAY

F = Fraction
ORD, EXTRA, BOARD = MeetingKind.ORDINARY, MeetingKind.EXTRAORDINARY, MeetingKind.BOARD
FIRST, SECOND = Call.FIRST, Call.SECOND


@pytest.fixture
def defaults(org):
    return selectors.default_statute(org, MEETING_DAY)


@pytest.fixture
def numbers(db):
    return rules.Numbers.on(MEETING_DAY)


def test_defaults_come_from_the_parameter_table(defaults, numbers):
    # the seeded parameters of artt. 2368/2369, 2538, 2539 (DOMAIN.md §2)
    assert rules.as_fraction(defaults.ordinary_first_quorum) == F(1, 2)
    assert rules.as_fraction(defaults.extraordinary_second_quorum) == F(1, 3)
    assert defaults.proxy_max_per_delegate == 10
    assert (numbers.legal_person_max_votes, numbers.sovventore_max_votes) == (5, 5)
    assert numbers.two_thirds == F(2, 3)
    assert numbers.financing_max_share == F(1, 3)
    assert numbers.voting_min_days == 90
    assert defaults.rules_confirmed is False


# --- quorum per statute setting ------------------------------------------------------------
# (kind, call, total votes, present votes, reached?)
QUORUM_TABLE = [
    (ORD, FIRST, 10, 4, False),  # at least half: 4 of 10 is not enough
    (ORD, FIRST, 10, 5, True),  # exactly half is enough ("almeno")
    (ORD, SECOND, 10, 1, True),  # any attendance
    (ORD, SECOND, 10, 0, False),  # ...but somebody
    (EXTRA, FIRST, 10, 1, True),  # no quorum: the majority is of all votes instead
    (EXTRA, SECOND, 9, 3, False),  # more than a third: exactly a third is not enough
    (EXTRA, SECOND, 9, 4, True),
    (BOARD, FIRST, 5, 2, False),  # more than half of the directors
    (BOARD, FIRST, 5, 3, True),
    (BOARD, FIRST, 4, 2, False),
]


@pytest.mark.parametrize(("kind", "call", "total", "present", "reached"), QUORUM_TABLE)
def test_quorum_of_the_default_statute(defaults, kind, call, total, present, reached):
    rule = rules.rule_for(defaults, kind, call)
    assert rule.quorum_reached(F(present), F(total)) is reached


# (majority, favour, against, present, total, carried?)
MAJORITY_TABLE = [
    (Majority.SIMPLE, 3, 2, 15, 20, True),  # abstentions do not count
    (Majority.SIMPLE, 3, 3, 6, 20, False),  # a tie does not carry
    (Majority.ABSOLUTE, 5, 0, 10, 20, False),  # half of those present is not more than half
    (Majority.ABSOLUTE, 6, 4, 10, 20, True),
    (Majority.TWO_THIRDS, 5, 4, 9, 20, False),
    (Majority.TWO_THIRDS, 6, 3, 9, 20, True),  # exactly two thirds is enough
    (Majority.ABSOLUTE_OF_ALL, 10, 0, 12, 20, False),  # half of all votes is not more than half
    (Majority.ABSOLUTE_OF_ALL, 11, 1, 12, 20, True),
]


@pytest.mark.parametrize(
    ("majority", "favour", "against", "present", "total", "carried"), MAJORITY_TABLE
)
def test_majorities(numbers, majority, favour, against, present, total, carried):
    reached = rules.majority_reached(
        majority,
        favour=F(favour),
        against=F(against),
        present=F(present),
        total=F(total),
        numbers=numbers,
    )
    assert reached is carried


# each statute setting -> the rule the meeting applies
SETTING_TABLE = [
    ({}, ORD, FIRST, (F(1, 2), False, Majority.ABSOLUTE, True)),
    ({}, ORD, SECOND, (F(0), False, Majority.ABSOLUTE, True)),
    ({}, EXTRA, FIRST, (F(0), False, Majority.ABSOLUTE_OF_ALL, True)),
    ({}, EXTRA, SECOND, (F(1, 3), True, Majority.TWO_THIRDS, True)),
    ({}, BOARD, FIRST, (F(1, 2), True, Majority.ABSOLUTE, False)),
    (
        {
            "ordinary_first_quorum": "0.3333",
            "ordinary_first_majority": Majority.SIMPLE,
            "rules_confirmed": True,
        },
        ORD,
        FIRST,
        (F(1, 3), False, Majority.SIMPLE, False),
    ),
    (
        {"extraordinary_second_quorum": "0.5", "extraordinary_second_quorum_strict": False},
        EXTRA,
        SECOND,
        (F(1, 2), False, Majority.TWO_THIRDS, True),
    ),
]


@pytest.mark.parametrize(("changes", "kind", "call", "expected"), SETTING_TABLE)
def test_rule_for_each_statute_setting(defaults, changes, kind, call, expected):
    for name, value in changes.items():
        setattr(defaults, name, value)
    rule = rules.rule_for(defaults, kind, call)
    assert (rule.quorum, rule.quorum_strict, rule.majority, rule.uncertain) == expected


# --- votes of one member -------------------------------------------------------------------
WEIGHT_TABLE = [
    (Counting.PER_VOTES, "lavoratore", False, 1),
    (Counting.PER_VOTES, "persona_giuridica", True, 3),  # the statute gives legal persons 3
    (Counting.PER_VOTES, "fruitore", True, 3),  # a legal person in another category too
    (Counting.PER_VOTES, "sovventore", False, 4),
    (Counting.PER_VOTES, "finanziatore", False, 1),
    (Counting.PER_HEAD, "persona_giuridica", True, 1),  # per head: everyone counts one
    (Counting.PER_HEAD, "sovventore", False, 1),
]


@pytest.mark.parametrize(("counting", "category", "legal", "weight"), WEIGHT_TABLE)
def test_vote_weight(defaults, counting, category, legal, weight):
    defaults.counting = counting
    defaults.legal_person_votes = 3
    defaults.sovventore_votes = 4
    assert rules.vote_weight(category=category, is_legal_person=legal, statute=defaults) == weight


# --- the financing members' cap (R-CC-2526) ------------------------------------------------
# (other votes present, financing votes present, financing votes counted)
CAP_TABLE = [
    (6, 0, F(0)),
    (6, 2, F(2)),  # a quarter of all: untouched
    (6, 3, F(3)),  # exactly one third of 9: untouched
    (6, 4, F(3)),  # would be 4 of 10: counted as 3 (= one third of 9)
    (5, 5, F(5, 2)),  # 2.5 of 7.5 is one third
    (0, 3, F(0)),  # without ordinary members financing members cannot decide alone
]


@pytest.mark.parametrize(("other", "financing", "counted"), CAP_TABLE)
def test_financing_members_count_at_most_one_third(numbers, other, financing, counted):
    capped = rules.capped_financing(F(other), F(financing), numbers.financing_max_share)
    assert capped == counted
    if other + capped:
        assert capped / (other + capped) <= F(1, 3)


def test_elected_candidates_and_ties():
    tallies = {"c1": F(5), "c2": F(3), "c3": F(3), "c4": F(0)}
    assert rules.elected(tallies, ["c1", "c2", "c3", "c4"], 1) == ["c1"]
    assert rules.elected(tallies, ["c1", "c2", "c3", "c4"], 3) == ["c1", "c2", "c3"]
    # a tie for the last seat elects nobody to it
    assert rules.elected(tallies, ["c1", "c2", "c3", "c4"], 2) == ["c1"]
    # nobody with zero votes
    assert rules.elected(tallies, ["c1", "c2", "c3", "c4"], 4) == ["c1", "c2", "c3"]


def test_parameters_read_as_exact_thirds():
    assert rules.as_fraction("0.3333") == F(1, 3)
    assert rules.as_fraction("0.6667") == F(2, 3)
    assert rules.as_decimal(F(1, 3)) == Decimal("0.3333")
    assert rules.as_decimal(F(2, 3)) == Decimal("0.6667")
    assert str(rules.as_decimal(F(5, 2), places=6)) == "2.500000"


def test_notice_days_follow_the_channel(defaults):
    # R-CC-2366: 15 days by publication, 8 by receipt-proving means
    assert selectors.notice_days(defaults, MEETING_DAY) == 15
    defaults.notice_channel = "ricevuta"
    assert selectors.notice_days(defaults, MEETING_DAY) == 8
    # and the last day for the notice is that many whole days before the first call
    meeting = Meeting(first_call_at=FIRST_CALL)
    assert selectors.notice_deadline(meeting, defaults) == dt.date(2026, 6, 7)
    defaults.notice_channel = "pubblicazione"
    assert selectors.notice_deadline(meeting, defaults) == dt.date(2026, 5, 31)
