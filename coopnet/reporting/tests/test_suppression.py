"""Small cells of published aggregates (R-GDPR-5): under 5 people hidden, with a complement."""

from coopnet.reporting.suppression import suppress_cells


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
