"""A safe evaluator of the derived indicators' formulas: numbers, indicator keys, ``+ - * /``
and parentheses. The text is parsed with ``ast`` and only those nodes are walked; nothing
is ever passed to ``eval``."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation

MAX_LENGTH = 200  # a formula is a line, not a program (and the parser's depth stays small)

BINARY: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
UNARY: dict[type[ast.unaryop], Callable[[Decimal], Decimal]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


class FormulaError(ValueError):
    """The formula is not made of numbers, indicator keys, + - * / and parentheses."""


class MissingValueError(LookupError):
    """An indicator the formula needs has no value (or the formula divides by zero)."""


def parse(formula: str) -> ast.expr:
    """The formula's tree, after checking that every node is allowed."""
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"formula longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(formula, mode="eval").body
    except SyntaxError as error:
        raise FormulaError(f"not a formula: {error.msg}") from None
    for node in ast.walk(tree):
        allowed = (
            isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Name, ast.Load))
            or type(node) in BINARY
            or type(node) in UNARY
            or (
                isinstance(node, ast.Constant)
                and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool)
            )
        )
        if not allowed:
            raise FormulaError(f"{type(node).__name__} is not allowed in a formula")
    return tree


def names(formula: str) -> set[str]:
    """The indicator keys a formula reads."""
    return {node.id for node in ast.walk(parse(formula)) if isinstance(node, ast.Name)}


def _value(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise MissingValueError(node.id)
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        return UNARY[type(node.op)](_value(node.operand, values))
    assert isinstance(node, ast.BinOp)  # parse() admits nothing else
    left, right = _value(node.left, values), _value(node.right, values)
    try:
        return BINARY[type(node.op)](left, right)
    except (DivisionByZero, InvalidOperation):
        raise MissingValueError("division by zero") from None


def evaluate(formula: str, values: Mapping[str, Decimal]) -> Decimal:
    """The formula's value over ``values`` (indicator key -> value); ``MissingValueError`` when
    an operand has no value or a divisor is zero."""
    return _value(parse(formula), values)
