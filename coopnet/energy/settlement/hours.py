"""The hours of local days as UTC instants: 23 on the spring DST day, 25 in autumn."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
HOUR = dt.timedelta(hours=1)


def local_midnight(day: dt.date, zone: dt.tzinfo = ROME) -> dt.datetime:
    """The UTC instant a local day starts."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(dt.UTC)


def local_hours(first: dt.date, last: dt.date, zone: dt.tzinfo = ROME) -> tuple[dt.datetime, ...]:
    """Every hour from the start of ``first`` to the end of ``last`` (local days), as the
    UTC instants they start at."""
    start = local_midnight(first, zone)
    end = local_midnight(last + dt.timedelta(days=1), zone)
    hours = []
    hour = start
    while hour < end:
        hours.append(hour)
        hour += HOUR
    return tuple(hours)


def hour_of(instant: dt.datetime) -> dt.datetime:
    """The UTC hour an instant with an offset falls in (Italy's offsets are whole hours)."""
    if instant.tzinfo is None:
        raise ValueError("a time without an offset is ambiguous on DST days")
    utc = instant.astimezone(dt.UTC)
    return utc.replace(minute=0, second=0, microsecond=0)
