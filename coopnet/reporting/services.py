"""Writes of the reporting app: computing an organization's indicators for a year, entering
by hand the figures coopnet does not hold, the social report and its sections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.dates import FIRST_YEAR, LAST_YEAR
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited
from coopnet.governance.models import AgendaItem, ItemKind

from . import selectors
from .indicators import compute, formula
from .indicators.catalogue import CATALOGUE, DERIVED, SECTIONS
from .models import IndicatorValue, Origin, ReportSection, ReportStatus, SocialReport

MAX_ABS_VALUE = Decimal("1e13")  # 18 digits, 4 decimals
ATTESTATION_EXTENSIONS = (".pdf", ".p7m")  # a PDF, or one signed with CAdES
ATTESTATION_MAX_BYTES = 10 * 1024 * 1024


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Anno non plausibile: %(year)s.") % {"year": year}})


@transaction.atomic
def indicators_compute(*, actor: User | None, organization: Organization, year: int) -> int:
    """Compute every indicator of ``organization`` for ``year`` from the other apps, then the
    derived ones; a figure entered by hand wins over the computed one. Replaces the year's
    computed and derived values; returns how many values were stored."""
    _check_year(year)
    if year > timezone.localdate().year:
        raise ValidationError(
            {"year": _("L'anno %(year)s non è ancora iniziato.") % {"year": year}}
        )
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
    actor: User | None,
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
def report_create(*, actor: User | None, organization: Organization, year: int) -> SocialReport:
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


APPROVED_REFUSAL = _(
    "Il bilancio sociale è approvato: non si modifica più (se serve, crea una nuova versione)."
)


def _check_draft(report: SocialReport) -> None:
    if report.approved:
        raise ValidationError(str(APPROVED_REFUSAL))


SECTION_FIELDS = ("text", "omission_reason", "stakeholder_map", "involvement")


def _clean_section(section: ReportSection) -> None:
    _check_draft(section.report)
    for name in SECTION_FIELDS:
        setattr(section, name, getattr(section, name).strip())


@transaction.atomic
def section_update(
    *, actor: User | None, section: ReportSection, data: dict[str, Any]
) -> ReportSection:
    """The text of a section, its further parts (§3: the stakeholder map and the involvement
    of workers and users) and, where a required item is missing, why it is omitted; refused
    once the report is approved."""
    section.updated_by = actor
    return save_audited(
        actor=actor,
        instance=section,
        data=data,
        fields=SECTION_FIELDS,
        clean=_clean_section,
        action="reporting.section.update",
    )


def _attestation_error(upload: UploadedFile | None) -> str:
    if not upload:
        return _("Allega l'attestazione dell'organo di controllo.")
    name = (upload.name or "").lower()
    if not name.endswith(ATTESTATION_EXTENSIONS):
        return _("L'attestazione dev'essere un PDF (anche firmato digitalmente, .p7m).")
    if (upload.size or 0) > ATTESTATION_MAX_BYTES:
        return _("Il file supera i 10 MB.")
    if name.endswith(".pdf"):
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            return _("Il file non è un PDF.")
    return ""


@transaction.atomic
def report_review(
    *, actor: User | None, report: SocialReport, attestation: UploadedFile | None, note: str = ""
) -> SocialReport:
    """The control body's review (art. 10 d.lgs. 112/2017): its attestation attached (a PDF,
    at most 10 MB) and a note; a new review replaces it until the report is approved."""
    _check_draft(report)
    reason = _attestation_error(attestation)
    if reason:
        raise ValidationError({"attestation": reason})
    before = {"reviewed_at": report.reviewed_at and report.reviewed_at.isoformat()}
    report.attestation = attestation
    report.review_note = note.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save()
    log_action(
        actor=actor,
        action="reporting.report.review",
        obj=report,
        before=before,
        after={"reviewed_at": report.reviewed_at.isoformat(), "file": report.attestation.name},
    )
    return report


def _approval_errors(report: SocialReport, item: AgendaItem) -> dict[str, str]:
    errors: dict[str, str] = {}
    if report.reviewed_at is None:
        errors["attestation"] = _("Manca l'esame dell'organo di controllo con la sua attestazione.")
    if item.organization_id != report.organization_id:
        errors["approval_item"] = _("Il punto all'ordine del giorno è di un'altra organizzazione.")
    elif item.kind != ItemKind.SOCIAL_REPORT:  # governance allows it only on ordinary assemblies
        errors["approval_item"] = _(
            "Serve un punto «Approvazione del bilancio sociale» di un'assemblea dei soci."
        )
    else:
        result = getattr(getattr(item, "ballot", None), "result", None)
        if result is None:
            errors["approval_item"] = _("L'assemblea non ha ancora votato su questo punto.")
        elif not result.approved:
            errors["approval_item"] = _("L'assemblea non ha approvato il bilancio sociale.")
    incomplete = [str(s.section.number) for s in selectors.section_states(report) if not s.complete]
    if incomplete:
        errors["sections"] = _(
            "Sezioni incomplete senza un motivo dell'omissione: %(sections)s."
        ) % {"sections": ", ".join(incomplete)}
    return errors


@transaction.atomic
def report_approve(*, actor: User | None, report: SocialReport, item: AgendaItem) -> SocialReport:
    """Record the assembly's approval (its agenda item, voted and approved) and freeze the
    version: its content (texts, reasons, values shown) and the SHA-256 of it."""
    report = SocialReport.objects.select_for_update().get(pk=report.pk)
    if report.approved:
        raise ValidationError(
            _("Questa versione del bilancio sociale è già approvata (%(date)s).")
            % {"date": report.approved_at and timezone.localdate(report.approved_at)}
        )
    errors = _approval_errors(report, item)
    if errors:
        raise ValidationError(errors)
    report.frozen = selectors.report_content(report)
    report.content_sha256 = selectors.content_hash(report.frozen)
    report.status = ReportStatus.APPROVED
    report.approval_item = item
    report.approved_at = timezone.now()
    report.approved_by = actor
    report.save()
    log_action(
        actor=actor,
        action="reporting.report.approve",
        obj=report,
        before={"status": ReportStatus.DRAFT.value},
        after={
            "status": report.status,
            "approval_item": item.pk,
            "content_sha256": report.content_sha256,
        },
    )
    return report


@transaction.atomic
def report_new_version(*, actor: User | None, report: SocialReport) -> SocialReport:
    """A new draft after an approval (version + 1), its sections copied from the frozen
    content; refused on a draft and when a later version exists."""
    if not report.approved:
        raise ValidationError(_("Si crea una nuova versione solo di un bilancio approvato."))
    versions = SocialReport.objects.for_org(report.organization_id).filter(year=report.year)
    if versions.filter(version__gt=report.version).exists():
        raise ValidationError(_("Esiste già una versione successiva di questo bilancio sociale."))
    new = SocialReport.objects.create(
        organization=report.organization, year=report.year, version=report.version + 1
    )
    frozen = {s["number"]: s for s in report.frozen["sections"]}
    ReportSection.objects.bulk_create(
        ReportSection(
            organization=report.organization,
            report=new,
            number=n,
            **{name: frozen[n].get(name, "") for name in SECTION_FIELDS},
            updated_by=actor,
        )
        for n in SECTIONS
    )
    log_action(
        actor=actor,
        action="reporting.report.version",
        obj=new,
        after={"year": new.year, "version": new.version, "from": report.pk},
    )
    return new
