"""Template filters that show findings' numbers the Italian way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from ..findings import DataValue, Unit
from ..rules import DATA_LABELS, DATE_KEYS, RATIO_KEYS
from ..rules.common import num, pct

register = template.Library()


@register.filter
def measure(value: Decimal | None, unit: str) -> str:
    """A finding's value or threshold in its unit: "27,3%", "8,01 volte", "143.800 €"."""
    if value is None:
        return "—"
    if unit == Unit.RATIO:
        return pct(value)
    if unit == Unit.EURO:
        return f"{num(value)} €"
    if unit == Unit.TIMES:
        return _("%(n)s volte") % {"n": num(value)}
    if unit == Unit.DAYS:
        return _("%(n)s giorni") % {"n": num(value)}
    return num(value)


@register.filter
def data_label(key: str) -> str:
    return str(DATA_LABELS.get(key, key))


@register.filter
def data_value(value: DataValue, key: str) -> str:
    if value is None:
        return "—"
    if key in DATE_KEYS and isinstance(value, str):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if key in RATIO_KEYS and isinstance(value, Decimal):
        return pct(value)
    if isinstance(value, int | Decimal):
        return num(value)
    return value


@register.filter
def percent(value: Decimal | None) -> str:
    return pct(value)


@register.filter
def number(value: Decimal | int | None) -> str:
    return num(value)
