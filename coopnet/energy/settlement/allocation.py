"""Splitting integer Wh and cents so that the parts always add up to the whole."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

import numpy as np
from numpy.typing import NDArray

CENT = Decimal("0.01")


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split pro rata to ``weights`` in integers that add up to ``total``.

    Each part is first the floor of its exact quota; the units left go one each to the
    largest remainders, ties to the earlier weight (callers order them by POD or tax code).
    """
    whole = sum(weights)
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("negative quantities cannot be split")
    if whole == 0:
        if total:
            raise ValueError("cannot split a positive total over zero weights")
        return [0] * len(weights)
    parts = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def fill_in_order(total: int, capacities: Sequence[int]) -> list[int]:
    """``total`` given to each capacity in turn, each taking as much as it can."""
    parts = []
    left = total
    for capacity in capacities:
        taken = min(capacity, left)
        parts.append(taken)
        left -= taken
    return parts


def cents_matching(amounts: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """Exact euro amounts rounded to cents so that they add up to ``total`` (already in
    cents): each is floored, the cents left go to the largest remainders, ties to the
    earlier amount."""
    floors = [a.quantize(CENT, rounding=ROUND_FLOOR) for a in amounts]
    left = int((total - sum(floors, Decimal(0))) / CENT)
    order = sorted(range(len(amounts)), key=lambda i: (-(amounts[i] - floors[i]), i))
    if left < 0 or left > len(amounts):
        raise ValueError("the total does not match the amounts")
    for i in order[:left]:
        floors[i] += CENT
    return floors


# --- the same, for every hour at once (one column per hour) -------------------------------


def split_columns(
    totals: NDArray[np.int64], weights: NDArray[np.int64], chunk: int = 512
) -> NDArray[np.int64]:
    """``largest_remainder(totals[i], weights[:, i])`` for every column ``i`` at once.

    Only columns with a total are worked, ``chunk`` at a time, so that the temporaries stay
    a few MB however many rows (a year of 1,000 points is 70 MB a matrix)."""
    parts = np.zeros_like(weights)
    busy = np.flatnonzero(totals)
    for begin in range(0, busy.size, chunk):
        columns = busy[begin : begin + chunk]
        parts[:, columns] = _split(totals[columns], weights[:, columns])
    return parts


def _split(totals: NDArray[np.int64], weights: NDArray[np.int64]) -> NDArray[np.int64]:
    whole = weights.sum(axis=0)
    parts, remainders = np.divmod(totals * weights, np.where(whole == 0, 1, whole))
    left = totals - parts.sum(axis=0)
    columns = np.nonzero(left)[0]
    if columns.size:
        rows = weights.shape[0]
        order = np.argsort(-remainders[:, columns], axis=0, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(rows)[:, np.newaxis], axis=0)
        parts[:, columns] += ranks < left[columns][np.newaxis, :]
    return parts


def fill_columns(totals: NDArray[np.int64], capacities: NDArray[np.int64]) -> NDArray[np.int64]:
    """``fill_in_order(totals[i], capacities[:, i])`` for every column ``i`` at once."""
    before = np.cumsum(capacities, axis=0) - capacities
    return np.clip(totals[np.newaxis, :] - before, 0, capacities)
