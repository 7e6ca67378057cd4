"""Writes of the reporting app: computing an organization's indicators for a year, entering
by hand the figures coopnet does not hold, the social report and its sections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.dates import FIRST_YEAR, LAST_YEAR
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

from .indicators import compute, formula
from .indicators.catalogue import CATALOGUE, DERIVED, SECTIONS
from .models import IndicatorValue, Origin, ReportSection, ReportStatus, SocialReport

MAX_ABS_VALUE = Decimal("1e13")  # 18 digits, 4 decimals


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Anno non plausibile: %(year)s.") % {"year": year}})


@transaction.atomic
def indicators_compute(*, actor: User | None, organization: Organization, year: int) -> int:
    """Compute every indicator of ``organization`` for ``year`` from the other apps, then the
    derived ones; a figure entered by hand wins over the computed one. Replaces the year's
    computed and derived values; returns how many values were stored."""
    _check_year(year)
    now = timezone.now()
    period = compute.Period.of(year)
    values = IndicatorValue.objects.for_org(organization).filter(year=year)
    values.exclude(origin=Origin.MANUAL).delete()
    manual = set(values.values_list("key", flat=True))
    rows = [
        IndicatorValue(
            organization=organization,
            year=year,
            key=c.key,
            breakdown=c.breakdown,
            value=c.value,
            origin=Origin.COMPUTED,
            selector=c.selector,
            parameters=c.parameters,
            computed_at=now,
        )
        for c in compute.computed(organization, period)
        if c.key not in manual
    ]
    totals = {r.key: r.value for r in rows if not r.breakdown}
    totals.update(dict(values.filter(breakdown="").values_list("key", "value")))
    for indicator in DERIVED:
        try:
            result = formula.evaluate(indicator.formula, totals)
        except formula.MissingValueError:
            continue
        totals[indicator.key] = result
        rows.append(
            IndicatorValue(
                organization=organization,
                year=year,
                key=indicator.key,
                value=result.quantize(Decimal("0.0001")),
                origin=Origin.DERIVED,
                selector=indicator.formula,
                parameters={
                    name: str(totals[name]) for name in sorted(formula.names(indicator.formula))
                },
                computed_at=now,
            )
        )
    IndicatorValue.objects.bulk_create(rows)
    log_action(
        actor=actor,
        action="reporting.indicators.compute",
        obj=organization,
        organization=organization,
        after={"year": year, "values": len(rows)},
    )
    return len(rows)


@transaction.atomic
def indicator_enter(
    *,
    actor: User,
    organization: Organization,
    key: str,
    year: int,
    value: Decimal,
    source: str,
) -> IndicatorValue:
    """Enter by hand a figure coopnet does not hold, with the document it comes from;
    refused when the indicator is computed, the source is missing or the value out of range."""
    indicator = CATALOGUE.get(key)
    if indicator is None or not indicator.enterable:
        raise ValidationError(
            {"value": _("Questo indicatore si calcola dai dati e non si inserisce a mano.")}
        )
    _check_year(year)
    source = source.strip()
    errors: dict[str, str] = {}
    if not source:
        errors["source"] = _(
            "Indica la fonte del dato (per esempio il bilancio d'esercizio approvato)."
        )
    reason = indicator.range_error(value) or (
        _("Valore troppo grande.") if abs(value) >= MAX_ABS_VALUE else ""
    )
    if reason:
        errors["value"] = reason
    if errors:
        raise ValidationError(errors)
    found = (
        IndicatorValue.objects.for_org(organization)
        .filter(year=year, key=key, breakdown="")
        .first()
    )
    before = (
        None
        if found is None
        else {"value": str(found.value), "source": found.source, "origin": found.origin}
    )
    row, _created = IndicatorValue.objects.update_or_create(
        organization=organization,
        year=year,
        key=key,
        breakdown="",
        defaults={
            "value": value,
            "origin": Origin.MANUAL,
            "selector": "",
            "parameters": {},
            "source": source,
            "computed_at": timezone.now(),
            "entered_by": actor,
        },
    )
    log_action(
        actor=actor,
        action="reporting.indicator.enter",
        obj=row,
        before=before,
        after={"value": str(value), "source": source, "origin": Origin.MANUAL.value},
    )
    return row


@transaction.atomic
def report_create(*, actor: User, organization: Organization, year: int) -> SocialReport:
    """The organization's social report for ``year``, with its eight empty sections."""
    _check_year(year)
    if SocialReport.objects.for_org(organization).filter(year=year).exists():
        raise ValidationError(
            {"year": _("Il bilancio sociale del %(year)s esiste già.") % {"year": year}}
        )
    report = SocialReport.objects.create(organization=organization, year=year)
    ReportSection.objects.bulk_create(
        ReportSection(organization=organization, report=report, number=n, updated_by=actor)
        for n in SECTIONS
    )
    log_action(actor=actor, action="reporting.report.create", obj=report, after={"year": year})
    return report


def _clean_section(section: ReportSection) -> None:
    if section.report.status != ReportStatus.DRAFT:
        raise ValidationError(_("Il bilancio sociale è approvato: non si modifica più."))
    section.text = section.text.strip()
    section.omission_reason = section.omission_reason.strip()


@transaction.atomic
def section_update(*, actor: User, section: ReportSection, data: dict[str, Any]) -> ReportSection:
    """The text of a section and, where a required item is missing, why it is omitted;
    refused once the report is approved."""
    section.updated_by = actor
    return save_audited(
        actor=actor,
        instance=section,
        data=data,
        fields=("text", "omission_reason"),
        clean=_clean_section,
        action="reporting.section.update",
    )
