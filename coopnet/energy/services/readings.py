"""Writing checked hourly readings fast: the stored hours of the file's PODs compared as
numpy arrays, new hours inserted in bulk (PostgreSQL COPY, else executemany), changed hours
updated. Called inside ``readings_import``'s transaction."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import connection

from coopnet.core.models import Organization

from ..imports import MeterPlan, Report
from ..models import Reading

BATCH = 100_000
KIND = "letture orarie"


def _instants(hours: np.ndarray) -> tuple[np.ndarray, list[dt.datetime]]:
    """The distinct hours and their UTC datetimes (a year has 8,784 at most)."""
    distinct, inverse = np.unique(hours, return_inverse=True)
    return inverse, [dt.datetime.fromtimestamp(int(h) * 3600, dt.UTC) for h in distinct]


def _stored(
    organization: Organization, plan: MeterPlan
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key, pk, Wh) of the stored readings of the plan's PODs over its hours, by key."""
    index = {pod: i for i, pod in enumerate(plan.pods)}
    if not len(plan):
        return np.array([-1]), np.array([0]), np.array([0])
    first, last = (
        dt.datetime.fromtimestamp(int(h) * 3600, dt.UTC) for h in (plan.hour.min(), plan.hour.max())
    )
    rows = (
        Reading.objects.for_org(organization)
        .filter(
            pod__in=sorted({plan.pods[s // 2] for s in np.unique(plan.series)}),
            hour__gte=first,
            hour__lte=last,
        )
        .values_list("pod", "direction", "hour", "pk", "wh")
    )
    keys, pks, whs = [], [], []
    for pod, direction, hour, pk, wh in rows.iterator(chunk_size=BATCH):
        keys.append(((index[pod] * 2 + direction - 1) << 32) | int(hour.timestamp()) // 3600)
        pks.append(pk)
        whs.append(wh)
    keys.append(-1)  # a key no reading has: never empty
    pks.append(0)
    whs.append(0)
    key = np.array(keys, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    return key[order], np.array(pks, dtype=np.int64)[order], np.array(whs, dtype=np.int64)[order]


def _insert(organization: Organization, plan: MeterPlan, new: np.ndarray) -> None:
    """Insert the plan's rows at ``new`` (indexes) in batches."""
    inverse, instants = _instants(plan.hour[new])
    series, wh = plan.series[new], plan.wh[new]
    table = Reading._meta.db_table
    columns = "organization_id, pod, hour, direction, wh"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for s, i, w in zip(series.tolist(), inverse.tolist(), wh.tolist(), strict=True):
                    copy.write_row(
                        (organization.pk, plan.pods[s >> 1], instants[i], (s & 1) + 1, w)
                    )
            return
        hours = [connection.ops.adapt_datetimefield_value(h) for h in instants]
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608 (constants)
        for at in range(0, len(wh), BATCH):
            part = slice(at, at + BATCH)
            cursor.executemany(
                sql,
                [
                    (organization.pk, plan.pods[s >> 1], hours[i], (s & 1) + 1, w)
                    for s, i, w in zip(
                        series[part].tolist(),
                        inverse[part].tolist(),
                        wh[part].tolist(),
                        strict=True,
                    )
                ],
            )


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
