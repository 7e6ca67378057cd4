import datetime as dt

import pytest

from coopnet.energy.settlement import hour_of, local_hours


def test_spring_dst_day_has_23_hours():
    hours = local_hours(dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    assert len(hours) == 23
    assert hours[0] == dt.datetime(2026, 3, 28, 23, tzinfo=dt.UTC)  # 00:00+01:00
    assert hours[-1] == dt.datetime(2026, 3, 29, 21, tzinfo=dt.UTC)  # 23:00+02:00


def test_autumn_dst_day_has_25_hours():
    hours = local_hours(dt.date(2026, 10, 25), dt.date(2026, 10, 25))
    assert len(hours) == 25
    assert hours[0] == dt.datetime(2026, 10, 24, 22, tzinfo=dt.UTC)  # 00:00+02:00
    assert hours[-1] == dt.datetime(2026, 10, 25, 22, tzinfo=dt.UTC)  # 23:00+01:00


def test_a_month_with_the_spring_change_has_743_hours():
    assert len(local_hours(dt.date(2026, 3, 1), dt.date(2026, 3, 31))) == 31 * 24 - 1


def test_the_two_two_oclocks_of_the_autumn_change_are_two_hours():
    first = dt.datetime.fromisoformat("2026-10-25T02:15:00+02:00")
    second = dt.datetime.fromisoformat("2026-10-25T02:15:00+01:00")
    assert hour_of(first) == dt.datetime(2026, 10, 25, 0, tzinfo=dt.UTC)
    assert hour_of(second) == dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC)


def test_a_time_without_offset_is_refused():
    with pytest.raises(ValueError, match="offset"):
        hour_of(dt.datetime.fromisoformat("2026-10-25T02:00:00"))
