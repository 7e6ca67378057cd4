"""Writing what an import checked: all of it, in one transaction, or nothing when any file
has an error. The same file twice changes nothing (rows are compared before writing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User
from coopnet.core.parameters import ParameterMissingError, parameter_value

from ..imports import MeterCheck, RegisterCheck, Report, check_prices
from ..models import Reading, ZonalPrice
from .readings import write_readings

BATCH = 5000
K = TypeVar("K", bound=tuple[Any, ...])
V = TypeVar("V")
M = TypeVar("M", Reading, ZonalPrice)
Progress = Callable[[int, int], None]


def _done(
    actor: User | None,
    organization: Organization,
    action: str,
    report: Report,
    progress: Progress | None,
) -> Report:
    """Audit a written import and report it finished: inside the transaction, so a job that
    lost its lease meanwhile rolls the writes back."""
    _audit(actor, organization, action, report)
    report.saved = True
    if progress is not None:
        progress(1, 1)
    return report


def _audit(actor: User | None, organization: Organization, action: str, report: Report) -> None:
    log_action(
        actor=actor,
        organization=organization,
        action=action,
        obj=organization,
        after={"counts": report.counts, "warnings": len(report.warnings)},
    )


def _upsert(
    report: Report,
    kind: str,
    planned: Mapping[K, V],
    stored: Mapping[K, M],
    make: Callable[[K, V], M],
    field: str,
    dry_run: bool,
) -> None:
    """Create the planned rows not stored, update those whose ``field`` differs (unless
    ``dry_run``), count all: the same file twice creates and updates nothing."""
    new, changed = [], []
    for key, value in sorted(planned.items()):
        row = stored.get(key)
        if row is None:
            new.append(make(key, value))
        elif getattr(row, field) != value:
            setattr(row, field, value)
            changed.append(row)
    if new and not dry_run:
        type(new[0]).objects.bulk_create(new, batch_size=BATCH)
    if changed and not dry_run:
        type(changed[0]).objects.bulk_update(changed, [field], batch_size=BATCH)
    report.count(kind, "created", len(new))
    report.count(kind, "updated", len(changed))
    report.count(kind, "unchanged", len(planned) - len(new) - len(changed))


@transaction.atomic
def register_import(
    *,
    organization: Organization,
    actor: User | None,
    configurations: Path | None = None,
    members: Path | None = None,
    plants: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Configurations, members with their points and plants, checked together; ``dry_run``
    checks and counts without writing."""
    plan = RegisterCheck(organization, timezone.localdate()).run(configurations, members, plants)
    if not plan.report.ok or dry_run:
        return plan.report
    for _kind, row, _outcome in plan.writes:
        row.save()
    return _done(actor, organization, "energy.register.import", plan.report, progress)


@transaction.atomic
def readings_import(
    *,
    organization: Organization,
    actor: User | None,
    path: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Hourly readings (quarter-hours summed): new hours created, changed ones updated."""
    plan = MeterCheck(organization).run(path, progress)
    report = plan.report
    if not report.ok:
        return report
    write_readings(organization=organization, plan=plan, dry_run=dry_run)
    if dry_run:
        return report
    return _done(actor, organization, "energy.readings.import", report, progress)


@transaction.atomic
def prices_import(
    *,
    organization: Organization,
    actor: User | None,
    path: Path,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Hourly zonal prices (quarter-hours by the parameter's rule)."""
    try:
        rule = parameter_value("cer.price_quarter_rule", timezone.localdate())
    except ParameterMissingError as error:
        report = Report()
        report.error(path.name, None, error.user_message())
        return report
    plan = check_prices(path, rule)
    report = plan.report
    if not report.ok:
        return report
    stored = (
        {
            (p.zone, p.hour): p
            for p in ZonalPrice.objects.for_org(organization).filter(
                zone__in={z for z, _h in plan.prices}, hour__in=[h for _z, h in plan.prices]
            )
        }
        if plan.prices
        else {}
    )
    _upsert(
        report,
        "prezzi orari",
        plan.prices,
        stored,
        lambda key, price: ZonalPrice(
            organization=organization, zone=key[0], hour=key[1], eur_mwh=price
        ),
        "eur_mwh",
        dry_run,
    )
    if dry_run:
        return report
    return _done(actor, organization, "energy.prices.import", report, progress)
