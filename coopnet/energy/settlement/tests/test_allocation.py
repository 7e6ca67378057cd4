from decimal import Decimal

import numpy as np
import pytest

from coopnet.energy.settlement import cents_matching, fill_in_order, largest_remainder
from coopnet.energy.settlement.allocation import fill_columns, split_columns


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


def test_column_versions_split_every_hour_like_the_scalar_ones():
    # columns: hour 1 (10 over 1:1:1), hour 2 (1000 over 2000:1000:0), hour 3 (nothing)
    totals = np.array([10, 1000, 0], dtype=np.int64)
    weights = np.array([[1, 2000, 0], [1, 1000, 0], [1, 0, 0]], dtype=np.int64)
    assert split_columns(totals, weights).tolist() == [[4, 667, 0], [3, 333, 0], [3, 0, 0]]
    capacities = np.array([[4000, 1000, 0], [3000, 2000, 5]], dtype=np.int64)
    totals = np.array([5000, 3000, 0], dtype=np.int64)
    assert fill_columns(totals, capacities).tolist() == [[4000, 1000, 0], [1000, 2000, 0]]


def test_column_versions_agree_with_the_scalar_ones_on_random_hours():
    rng = np.random.default_rng(7)
    weights = rng.integers(0, 5000, size=(40, 300), dtype=np.int64)
    weights[:, ::7] = 0  # hours nobody withdraws
    totals = np.minimum(rng.integers(0, 90000, size=300), weights.sum(axis=0))
    parts = split_columns(totals, weights)
    for i in range(300):
        assert parts[:, i].tolist() == largest_remainder(int(totals[i]), weights[:, i].tolist())
    filled = fill_columns(totals, weights)
    for i in range(300):
        assert filled[:, i].tolist() == fill_in_order(int(totals[i]), weights[:, i].tolist())
