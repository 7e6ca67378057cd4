from decimal import Decimal

import pytest

from coopnet.energy.settlement import cents_matching, fill_in_order, largest_remainder


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, [1, 1, 1], [4, 3, 3]),  # one unit left: the first of equal remainders
        (5, [3, 3, 4], [2, 1, 2]),  # quotas 1.5, 1.5, 2.0
        (1000, [2000, 1000], [667, 333]),  # quotas 666.67 and 333.33
        (6000, [2000, 4000], [2000, 4000]),  # everything withdrawn is shared
        (0, [5, 7], [0, 0]),
        (0, [0, 0], [0, 0]),
    ],
)
def test_largest_remainder_parts_add_up(total, weights, expected):
    assert largest_remainder(total, weights) == expected


def test_largest_remainder_refuses_negative_weights():
    with pytest.raises(ValueError, match="negative"):
        largest_remainder(3, [2, -1])


def test_fill_in_order_takes_each_capacity_in_turn():
    assert fill_in_order(5000, [4000, 3000]) == [4000, 1000]
    assert fill_in_order(3000, [1000, 2000, 500]) == [1000, 2000, 0]


def test_cents_matching_gives_the_left_cents_to_the_largest_remainders():
    amounts = [Decimal("0.22497"), Decimal("0.21004"), Decimal("0.399")]
    assert cents_matching(amounts, Decimal("0.83")) == [
        Decimal("0.22"),
        Decimal("0.21"),
        Decimal("0.40"),
    ]
