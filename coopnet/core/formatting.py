"""Numbers, money and hours written the Italian way, the same on pages, PDFs, exports and errors.

Always Italian, whatever the interface language: the figures are Italian legal and payroll
figures, and a cooperative compares them with its Italian paperwork.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

Number = Decimal | int | float | Fraction  # Fraction: the exact weighted votes of a meeting
EMPTY = "—"
# XLSX number formats: the spreadsheet shows them in its own locale, the cell stays a number.
XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.00"
XLSX_DATE = "DD/MM/YYYY"
XLSX_DATETIME = "DD/MM/YYYY HH:MM"


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _grouped(value: Decimal, places: int) -> str:
    """``value`` rounded half up to ``places``, with dots for thousands and a decimal comma."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if rounded < 0 else text


def number(value: Number | None, places: int | None = None) -> str:
    """1234 -> "1.234"; 1234.5 -> "1.234,50"; with ``places`` always that many decimals."""
    if value is None:
        return EMPTY
    amount = _decimal(value)
    if places is None:
        places = 0 if amount == amount.to_integral_value() else 2
    return _grouped(amount, places)


def money(value: Number | None) -> str:
    """Euros with two decimals and the sign after: 1000 -> "1.000,00 €"."""
    if value is None:
        return EMPTY
    return f"{_grouped(_decimal(value), 2)} €"


def percent(value: Number | None) -> str:
    """A ratio as a percentage with one decimal, none if it is whole: 0.2727 -> "27,3%"."""
    if value is None:
        return EMPTY
    shown = (_decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number(shown, 0 if shown == shown.to_integral_value() else 1)}%"


def minutes(value: int | None) -> str:
    """A duration in minutes: 246 -> "4 h 06 min"; 45 -> "45 min"; 120 -> "2 h"."""
    if value is None:
        return EMPTY
    sign = "-" if value < 0 else ""
    whole_hours, rest = divmod(abs(value), 60)
    if not whole_hours:
        return f"{sign}{rest} min"
    if not rest:
        return f"{sign}{number(whole_hours)} h"
    return f"{sign}{number(whole_hours)} h {rest:02d} min"


def hours(value: Number | None) -> str:
    """Decimal hours as hours and minutes: 4.1 -> "4 h 06 min" (never "4,10")."""
    if value is None:
        return EMPTY
    total = (_decimal(value) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return minutes(int(total))


def yes_no(value: bool) -> str:
    return _("Sì") if value else _("No")


def csv_value(value: Any) -> str:
    """A cell for a CSV read by an Italian spreadsheet: "1234,50" (no grouping), "dd/mm/yyyy"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Decimal | float):
        return f"{_decimal(value):f}".replace(".", ",")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def xlsx_format(value: Any) -> str | None:
    """The number format of an XLSX cell holding ``value``, or None to leave it general."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return XLSX_INTEGER
    if isinstance(value, Decimal | float):
        return XLSX_DECIMAL
    if isinstance(value, dt.datetime):
        return XLSX_DATETIME
    if isinstance(value, dt.date):
        return XLSX_DATE
    return None
