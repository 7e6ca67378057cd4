"""The range of plausible dates, and the one way to read a date, year or month from a URL.

A year outside 1900-2100 is a typing mistake, never a real event of a cooperative; refusing it
also keeps date arithmetic (the next day, the end of a period) away from ``OverflowError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

T = TypeVar("T")
M = TypeVar("M", bound=Model)

FIRST_YEAR = 1900
LAST_YEAR = 2100
EARLIEST = dt.date(FIRST_YEAR, 1, 1)
LATEST = dt.date(LAST_YEAR, 12, 31)


def validate_plausible_date(value: dt.date) -> None:
    """Refuse a date outside EARLIEST..LATEST, saying which range is allowed."""
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("La data deve essere compresa tra il %(first)s e il %(last)s."),
            code="date_out_of_range",
            params={
                "first": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
                "last": date_format(LATEST, "SHORT_DATE_FORMAT"),
            },
        )


def parse_date(raw: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) within the plausible range; ValidationError with the reason."""
    try:
        value = dt.date.fromisoformat(raw.strip())
    except ValueError as error:
        raise ValidationError(
            _("Data non valida: usa il formato AAAA-MM-GG."), code="invalid_date"
        ) from error
    validate_plausible_date(value)
    return value


def parse_year(raw: str) -> int:
    """A year within the plausible range; ValidationError with the reason."""
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValidationError(
            _("Anno non valido: indicare un anno tra il %(first)s e il %(last)s."),
            code="invalid_year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return int(text)


def parse_month(raw: str) -> dt.date:
    """A month as YYYY-MM (its first day) within the plausible range; ValidationError."""
    year, _sep, month = raw.strip().partition("-")
    if not (month.isascii() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValidationError(_("Mese non valido: usa il formato AAAA-MM."), code="invalid_month")
    return dt.date(parse_year(year), int(month), 1)


def _query(request: HttpRequest, key: str, parse: Callable[[str], T], default: T) -> T:
    """``?key=`` (or the posted ``key``) parsed; on a bad value the page shows the reason and
    uses ``default``."""
    raw = request.GET.get(key) or request.POST.get(key) or ""
    if not raw.strip():
        return default
    try:
        return parse(raw)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return default


def query_date(request: HttpRequest, key: str, *, default: dt.date) -> dt.date:
    """The date in ``?key=YYYY-MM-DD``, or ``default`` (with a warning when it was bad)."""
    return _query(request, key, parse_date, default)


def query_year(request: HttpRequest, key: str, *, default: int | None) -> int | None:
    """The year in ``?key=YYYY``, or ``default`` (with a warning when it was bad)."""
    return _query(request, key, parse_year, default)


def query_month(request: HttpRequest, key: str, *, default: dt.date) -> dt.date:
    """The first day of the month in ``?key=YYYY-MM``, or ``default`` (warning when bad)."""
    return _query(request, key, parse_month, default)


class MonthStart(TruncMonth):
    """The first day of a date's month (a ``DateField``). On SQLite by its own ``date(x,
    'start of month')``: Django's ``TruncMonth`` calls a function written in Python there, once
    per row (two thirds of a 300-cooperative dashboard's time); elsewhere ``TruncMonth``."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'start of month')", params


def _dated(rows: QuerySet[M], date_field: str, start: dt.date, end: dt.date) -> QuerySet[M]:
    return rows.filter(**{f"{date_field}__gte": start, f"{date_field}__lte": end}).order_by()


def sums_by_organization(
    rows: QuerySet[M],
    date_field: str,
    aggregates: dict[str, Callable[[Q], Any]],
    *,
    start: dt.date,
    end: dt.date,
    by_month: bool,
) -> dict[tuple[int, dt.date | None], dict[str, Any]]:
    """The ``aggregates`` (each made from a filter, empty here) of ``rows`` dated between
    ``start`` and ``end``, by organization and, when ``by_month``, by month (its first day;
    else ``None``); one query, grouped by the month's start (a conditional aggregate per
    month took twice the time on SQLite); an organization's month with no row is left out."""
    found: QuerySet[Any] = _dated(rows, date_field, start, end)
    if by_month:
        found = found.annotate(period_month=MonthStart(date_field))
    groups = ["organization_id", *(["period_month"] if by_month else [])]
    every = Q()  # the rows are already those of the period
    return {
        (r["organization_id"], r["period_month"] if by_month else None): {
            name: r[name] for name in aggregates
        }
        for r in found.values(*groups).annotate(
            **{name: make(every) for name, make in aggregates.items()}
        )
    }


def sums_by_month(
    rows: QuerySet[M],
    date_field: str,
    aggregates: dict[str, Any],
    *,
    start: dt.date,
    end: dt.date,
) -> dict[dt.date, dict[str, Any]]:
    """The ``aggregates`` of ``rows`` dated between ``start`` and ``end`` by month (its first
    day), all the rows' organizations together: one query whose answer has a row a month
    (not one per organization and month), for dashboards over a whole network; a month with
    no row is left out."""
    found = (
        _dated(rows, date_field, start, end)
        .annotate(period_month=MonthStart(date_field))
        .values("period_month")
        .annotate(**aggregates)
    )
    return {r["period_month"]: {name: r[name] for name in aggregates} for r in found}
