"""Dated legal parameters: the value of a rule's number in force on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Min, Q
from django.utils.translation import gettext as _

from .models import Parameter, Region


class ParameterMissingError(LookupError):
    """No value of a parameter is in force on the requested day.

    ``first`` is the day the earliest value on record starts (None: no value at all), so the
    caller can tell the user which days coopnet knows the rule for.
    """

    def __init__(self, key: str, on: dt.date, first: dt.date | None = None) -> None:
        super().__init__(f"No value for parameter {key!r} on {on.isoformat()}")
        self.key = key
        self.on = on
        self.first = first

    def user_message(self) -> str:
        """The reason in the user's words, naming the parameter and the day."""
        values = {"key": self.key, "on": f"{self.on:%d/%m/%Y}"}
        if self.first is not None and self.on < self.first:
            return _(
                "coopnet non conosce il valore di legge «%(key)s» in vigore il %(on)s: "
                "lo conosce dal %(first)s."
            ) % {**values, "first": f"{self.first:%d/%m/%Y}"}
        return _("coopnet non conosce il valore di legge «%(key)s» in vigore il %(on)s.") % values


def parameter_value(key: str, on: dt.date, *, region: Region | str | None = None) -> Decimal:
    """The value of ``key`` in force on ``on``; a regional value wins over the national one."""
    region_code = region.code if isinstance(region, Region) else region
    rows = list(
        Parameter.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            Q(region__isnull=True) | Q(region_id=region_code),
            key=key,
            valid_from__lte=on,
        )
    )
    if not rows:
        first = Parameter.objects.filter(key=key).aggregate(first=Min("valid_from"))["first"]
        raise ParameterMissingError(key, on, first)
    best = max(rows, key=lambda p: (p.region_id is not None, p.valid_from))
    return best.value


Period = tuple[dt.date, dt.date | None, Decimal]


def parameter_periods(key: str) -> list[Period]:
    """Every national value of ``key`` as (valid_from, valid_to, value), oldest first: one
    query for a page that needs the value on many days (``value_in_periods`` picks one)."""
    return parameter_periods_of([key]).get(key, [])


def parameter_periods_of(keys: Iterable[str]) -> dict[str, list[Period]]:
    """``parameter_periods`` of several keys in one query (a key without values is absent)."""
    rows = (
        Parameter.objects.filter(key__in=list(keys), region__isnull=True)
        .order_by("key", "valid_from")
        .values_list("key", "valid_from", "valid_to", "value")
    )
    found: dict[str, list[Period]] = {}
    for key, start, end, value in rows:
        found.setdefault(key, []).append((start, end, value))
    return found


def value_in_periods(periods: list[Period], on: dt.date) -> Decimal | None:
    """The value of ``periods`` (from ``parameter_periods``) in force on ``on``, or None."""
    found = [v for start, end, v in periods if start <= on and (end is None or on <= end)]
    return found[-1] if found else None
