"""Small cells of published aggregates (R-GDPR-5): under 5 people hidden, with a complement."""

import datetime as dt
from decimal import Decimal

import pytest

from coopnet.core.models import Parameter
from coopnet.reporting.suppression import MIN_CELL_SIZE, min_cell_size, suppress_cells

pytestmark = pytest.mark.django_db


def test_large_cells_are_shown_as_they_are():
    assert suppress_cells({"F": 12, "M": 7, "nd": 0}) == {"F": 12, "M": 7, "nd": 0}


def test_a_small_cell_hides_the_next_smallest_too():
    # given 3 men among 30: the total minus the women would give the men away
    assert suppress_cells({"F": 20, "M": 3, "nd": 7}) == {"F": 20, "M": None, "nd": None}


def test_two_small_cells_need_no_complement():
    assert suppress_cells({"F": 20, "M": 3, "nd": 1}) == {"F": 20, "M": None, "nd": None}
    assert suppress_cells({"A": 9, "B": 2, "C": 4, "D": 6}) == {
        "A": 9,
        "B": None,
        "C": None,
        "D": 6,
    }


def test_zero_is_no_one_and_never_a_complement():
    assert suppress_cells({"F": 4, "M": 0}) == {"F": None, "M": 0}


def test_the_threshold_is_the_dated_parameter():
    # given k = 3 from 2030 on (the seeded row says 5 since the GDPR applies)
    Parameter.objects.filter(key=MIN_CELL_SIZE).update(valid_to=dt.date(2029, 12, 31))
    Parameter.objects.create(
        key=MIN_CELL_SIZE, value=Decimal(3), valid_from=dt.date(2030, 1, 1), source="test"
    )
    assert min_cell_size(dt.date(2029, 6, 30)) == 5
    assert min_cell_size(dt.date(2030, 6, 30)) == 3
    # then a cell of 4 is shown when the threshold is 3
    assert suppress_cells({"F": 20, "M": 4}, 3) == {"F": 20, "M": 4}
    assert suppress_cells({"F": 20, "M": 4}, 5) == {"F": None, "M": None}
