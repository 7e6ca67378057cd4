"""The derived indicators' formulas: numbers, keys, + - * / and parentheses, nothing else."""

from decimal import Decimal

import pytest

from coopnet.reporting.indicators import formula
from coopnet.reporting.indicators.catalogue import CATALOGUE, DERIVED, check_catalogue


def test_a_formula_computes_with_decimals_and_parentheses():
    values = {"a": Decimal("1"), "b": Decimal("2.5")}
    assert formula.evaluate("a / (b - a) * 100", values).quantize(Decimal("0.01")) == Decimal(
        "66.67"
    )
    assert formula.evaluate("-a + 0.5", values) == Decimal("-0.5")
    assert formula.names("a / (b - a) * 100") == {"a", "b"}


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo pwned')",
        "a.__class__",
        "open('x')",
        "2 ** 1000000",
        "a % 2",
        "'testo'",
        "lambda: 1",
        "a if a else b",
        "a < b",
        "[a]",
        "True + 1",
        "a; b",
        "a +",
        "1" * 201,
    ],
)
def test_anything_else_is_refused_before_evaluation(text):
    with pytest.raises(formula.FormulaError):
        formula.evaluate(text, {"a": Decimal(1), "b": Decimal(2)})


def test_a_missing_operand_or_a_zero_divisor_gives_no_value():
    with pytest.raises(formula.MissingValueError):
        formula.evaluate("a + c", {"a": Decimal(1)})
    with pytest.raises(formula.MissingValueError):
        formula.evaluate("a / b", {"a": Decimal(1), "b": Decimal(0)})
    with pytest.raises(formula.MissingValueError):
        formula.evaluate("b / b", {"b": Decimal(0)})


def test_the_catalogue_is_consistent():
    check_catalogue()  # every formula safe, reading only indicators defined before it
    assert {i.key for i in DERIVED} >= {"pay_ratio", "disadvantaged_share", "revenue_invoiced"}
    assert all(1 <= i.section <= 8 for i in CATALOGUE.values())
    assert all(i.label_en and str(i.label) for i in CATALOGUE.values())
