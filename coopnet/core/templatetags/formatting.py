"""Template filters for numbers, money and hours: ``{% load formatting %}``, see core.formatting.

Each returns plain text; for numbers inside SVG, CSS, JS or data attributes use ``unlocalize``.
"""

from __future__ import annotations

from django import template

from coopnet.core import formatting

register = template.Library()

register.filter("number", formatting.number)
register.filter("money", formatting.money)
register.filter("percent", formatting.percent)
register.filter("hours", formatting.hours)
register.filter("minutes", formatting.minutes)
