"""``{% load energy %}``: integer Wh shown as kWh the Italian way ("1.234,567")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from coopnet.core.formatting import number

register = template.Library()


@register.filter
def kwh(wh: int | None) -> str:
    return number(None if wh is None else Decimal(wh) / 1000, 3)
