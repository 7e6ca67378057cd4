"""Writing checked hourly readings fast: the stored hours of the file's PODs compared as
numpy arrays, new hours inserted in bulk (PostgreSQL COPY, SQLite JSON arrays), changed hours
updated. Called inside ``readings_import``'s transaction."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import numpy as np
from django.db import connection

from coopnet.core.models import Organization

from .. import selectors
from ..imports import MeterPlan, Report
from ..models import Reading

GAP = 24  # hours missing in a row written as nulls rather than a new statement
KIND = "letture orarie"


def _instants(hours: np.ndarray) -> tuple[np.ndarray, list[dt.datetime]]:
    """The distinct hours and their UTC datetimes (a year has 8,784 at most)."""
    distinct, inverse = np.unique(hours, return_inverse=True)
    return inverse, [dt.datetime.fromtimestamp(int(h) * 3600, dt.UTC) for h in distinct]


def _stored(
    organization: Organization, plan: MeterPlan
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key, pk, Wh) of the stored readings of the plan's PODs over its hours, by key."""
    if not len(plan):
        return np.array([-1]), np.array([0]), np.array([0])
    index = {pod: i for i, pod in enumerate(plan.pods)}
    first, last = (
        dt.datetime.fromtimestamp(int(h) * 3600, dt.UTC) for h in (plan.hour.min(), plan.hour.max())
    )
    pods = sorted({plan.pods[s // 2] for s in np.unique(plan.series)})
    keys, pks, whs = [np.array([-1])], [np.array([0])], [np.array([0])]  # never empty
    for pod, direction, rows in selectors.stored_readings(organization, pods, first, last):
        keys.append(((index[pod] * 2 + direction - 1) << 32) | rows[:, 0])
        pks.append(rows[:, 1])
        whs.append(rows[:, 2])
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")
    return key[order], np.concatenate(pks)[order], np.concatenate(whs)[order]


def _insert(organization: Organization, plan: MeterPlan, new: np.ndarray) -> None:
    """Insert the plan's rows at ``new`` (indexes): PostgreSQL ``COPY``, SQLite ``_runs``."""
    table = Reading._meta.db_table
    columns = "organization_id, pod, hour, direction, wh"
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = (
                f"INSERT INTO {table} ({columns}) SELECT %s, %s, "  # noqa: S608 (constants)
                "datetime((%s + key) * 3600, 'unixepoch'), %s, value "
                "FROM json_each(%s) WHERE value IS NOT NULL"
            )
            for series, first, values in _runs(plan, new):
                pod, direction = plan.pods[series >> 1], (series & 1) + 1
                cursor.execute(sql, (organization.pk, pod, first, direction, values))
            return
        inverse, instants = _instants(plan.hour[new])
        series, wh = plan.series[new], plan.wh[new]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for s, i, w in zip(series.tolist(), inverse.tolist(), wh.tolist(), strict=True):
                copy.write_row((organization.pk, plan.pods[s >> 1], instants[i], (s & 1) + 1, w))


def _runs(plan: MeterPlan, new: np.ndarray) -> Iterator[tuple[int, int, str]]:
    """(series, first hour, Wh as a JSON array) of the rows at ``new``: one array per series
    and stretch of hours, its n-th item the Wh of the first hour + n (``null`` in a gap of
    at most ``GAP`` hours, a longer gap starts a new array). SQLite reads the arrays with
    ``json_each`` and stores the hours as Django does (UTC, ``YYYY-MM-DD HH:MM:SS``), with
    no Python object per reading."""
    series, hour, wh = plan.series[new], plan.hour[new], plan.wh[new]
    cut = (series[1:] != series[:-1]) | (hour[1:] - hour[:-1] > GAP)
    bounds = [0, *(np.flatnonzero(cut) + 1).tolist(), len(new)]
    for start, stop in itertools.pairwise(bounds):
        first = int(hour[start])
        values = np.full(int(hour[stop - 1]) - first + 1, -1, np.int64)
        values[hour[start:stop] - first] = wh[start:stop]
        text = ",".join(map(str, values.tolist())).replace("-1", "null")  # Wh are never negative
        yield int(series[start]), first, f"[{text}]"


def write_readings(*, organization: Organization, plan: MeterPlan, dry_run: bool) -> Report:
    """Create the planned hours not stored, update those whose Wh differ, count all: the same
    file twice creates and updates nothing."""
    report = plan.report
    key = (plan.series << 32) | plan.hour
    stored_key, stored_pk, stored_wh = _stored(organization, plan)
    at = np.minimum(np.searchsorted(stored_key, key), len(stored_key) - 1)
    found = stored_key[at] == key
    changed = found & (stored_wh[at] != plan.wh)
    new = np.flatnonzero(~found)
    if not dry_run:
        if len(new):
            _insert(organization, plan, new)
        updates = [
            Reading(pk=int(pk), wh=int(wh))
            for pk, wh in zip(stored_pk[at][changed], plan.wh[changed], strict=True)
        ]
        Reading.objects.bulk_update(updates, ["wh"], batch_size=5000)
    report.count(KIND, "created", len(new))
    report.count(KIND, "updated", int(changed.sum()))
    report.count(KIND, "unchanged", int(found.sum() - changed.sum()))
    return report
