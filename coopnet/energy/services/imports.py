"""Writing what an import checked: all of it, in one transaction, or nothing when any file
has an error. The same file twice changes nothing (rows are compared before writing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User
from coopnet.core.parameters import ParameterMissingError, parameter_value

from ..imports import MeterCheck, RegisterCheck, Report, check_prices
from ..models import Reading, ZonalPrice

BATCH = 5000


def _audit(actor: User | None, organization: Organization, action: str, report: Report) -> None:
    log_action(
        actor=actor,
        organization=organization,
        action=action,
        obj=organization,
        after={"counts": report.counts, "warnings": len(report.warnings)},
    )


@transaction.atomic
def register_import(
    *,
    organization: Organization,
    actor: User | None,
    configurations: Path | None = None,
    members: Path | None = None,
    plants: Path | None = None,
) -> Report:
    """Configurations, members with their points and plants, checked together."""
    plan = RegisterCheck(organization, timezone.localdate()).run(configurations, members, plants)
    if not plan.report.ok:
        return plan.report
    for _kind, row, _outcome in plan.writes:
        row.save()
    _audit(actor, organization, "energy.register.import", plan.report)
    plan.report.saved = True
    return plan.report


@transaction.atomic
def readings_import(*, organization: Organization, actor: User | None, path: Path) -> Report:
    """Hourly readings (quarter-hours summed): new hours created, changed ones updated."""
    plan = MeterCheck(organization).run(path)
    report = plan.report
    if not report.ok:
        return report
    stored: dict[tuple[str, int, dt.datetime], Reading] = {}
    for pod in sorted({pod for pod, _d, _h in plan.hours}):
        hours = [h for p, _d, h in plan.hours if p == pod]
        rows = Reading.objects.for_org(organization).filter(
            pod=pod, hour__gte=min(hours), hour__lte=max(hours)
        )
        stored.update({(r.pod, r.direction, r.hour): r for r in rows})
    new, changed = [], []
    for (pod, direction, hour), wh in sorted(plan.hours.items()):
        row = stored.get((pod, direction, hour))
        if row is None:
            new.append(
                Reading(organization=organization, pod=pod, direction=direction, hour=hour, wh=wh)
            )
        elif row.wh != wh:
            row.wh = wh
            changed.append(row)
    Reading.objects.bulk_create(new, batch_size=BATCH)
    Reading.objects.bulk_update(changed, ["wh"], batch_size=BATCH)
    report.count("letture orarie", "created", len(new))
    report.count("letture orarie", "updated", len(changed))
    report.count("letture orarie", "unchanged", len(plan.hours) - len(new) - len(changed))
    _audit(actor, organization, "energy.readings.import", report)
    report.saved = True
    return report


@transaction.atomic
def prices_import(*, organization: Organization, actor: User | None, path: Path) -> Report:
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
    new, changed = [], []
    for (zone, hour), price in sorted(plan.prices.items()):
        row = stored.get((zone, hour))
        if row is None:
            new.append(ZonalPrice(organization=organization, zone=zone, hour=hour, eur_mwh=price))
        elif row.eur_mwh != price:
            row.eur_mwh = price
            changed.append(row)
    ZonalPrice.objects.bulk_create(new, batch_size=BATCH)
    ZonalPrice.objects.bulk_update(changed, ["eur_mwh"], batch_size=BATCH)
    report.count("prezzi orari", "created", len(new))
    report.count("prezzi orari", "updated", len(changed))
    report.count("prezzi orari", "unchanged", len(plan.prices) - len(new) - len(changed))
    _audit(actor, organization, "energy.prices.import", report)
    report.saved = True
    return report
