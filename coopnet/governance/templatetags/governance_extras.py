"""Template filters of meetings: votes as HTML attributes, quorum and majority in words.

Votes, counts and percentages shown to people use ``{% load formatting %}`` (core.formatting).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.translation import gettext as _

from ..models import Majority

register = template.Library()


@register.filter
def raw_number(value: Fraction | Decimal | int | None) -> str:
    """A plain number for HTML attributes (never localized)."""
    if value is None:
        return "0"
    if isinstance(value, Fraction):
        return f"{float(value):.4f}"
    return f"{float(value):.4f}"


@register.filter
def quorum_text(quorum: Fraction | Decimal, strict: bool) -> str:
    """The quorum as people say it: "almeno metà dei voti", "più di un terzo", "nessuno"."""
    fraction = (
        Fraction(quorum).limit_denominator(100) if not isinstance(quorum, Fraction) else quorum
    )
    if fraction == 0:
        return _("nessun quorum")
    names = {
        Fraction(1, 2): _("metà"),
        Fraction(1, 3): _("un terzo"),
        Fraction(2, 3): _("due terzi"),
    }
    share = names.get(fraction, f"{fraction.numerator}/{fraction.denominator}")
    if strict:
        return _("più di %(share)s dei voti") % {"share": share}
    return _("almeno %(share)s dei voti") % {"share": share}


@register.filter
def majority_text(code: str) -> str:
    return str(Majority(code).label) if code in Majority.values else code
