"""Template filters that show findings' numbers the Italian way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from coopnet.core.formatting import money, number, percent

from ..findings import DataValue, Unit
from ..rules import DATA_LABELS, DATE_KEYS, EURO_KEYS, RATIO_KEYS

register = template.Library()


@register.filter
def measure(value: Decimal | None, unit: str) -> str:
    """A finding's value or threshold in its unit: "27,3%", "8,01 volte", "143.800,00 €"."""
    if value is None:
        return "—"
    if unit == Unit.RATIO:
        return percent(value)
    if unit == Unit.EURO:
        return money(value)
    if unit == Unit.TIMES:
        return _("%(n)s volte") % {"n": number(value)}
    if unit == Unit.DAYS:
        return _("%(n)s giorni") % {"n": number(value)}
    return number(value)


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
        return percent(value)
    if key in EURO_KEYS and isinstance(value, int | Decimal):
        return money(value)
    if isinstance(value, int | Decimal):
        return number(value)
    return value


register.filter("percent", percent)
register.filter("number", number)
