"""Visits: generated from plans, assigned, checked in and out, missed or cancelled, corrected.

planned -> scheduled (carer, planned start) -> in_progress (check-in) -> done (check-out);
planned or scheduled -> missed / cancelled (with a reason). Every change is one audit entry;
a volunteer's finished visit also writes their hours in the volunteer register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.workforce.models import Volunteer
from coopnet.workforce.services import hours_record

from ..conflicts import visit_conflicts
from ..models import (
    CarePlan,
    CarePlanLine,
    Carer,
    CorrectionField,
    ReviewFlag,
    Visit,
    VisitCorrection,
    VisitStatus,
)
from ..selectors import scheduling_settings

MAX_GENERATE_DAYS = 62  # two months at a time keeps one request short
EDIT_FIELDS = ("window_start", "window_end", "duration", "notes")
STATE_FIELDS = [
    "status",
    "carer",
    "planned_start",
    "checked_in_at",
    "checked_out_at",
    "delivered_minutes",
    "reason",
    "needs_review",
]
REVIEW_FIELDS = ["review_flags", "needs_review", "reviewed_at", "delivered_minutes"]


def _hm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _audit(actor: User | None, visit: Visit, action: str, before: dict[str, Any]) -> None:
    log_action(
        actor=actor,
        action=f"care.visit.{action}",
        obj=visit,
        before=before,
        after=snapshot(visit, fields=STATE_FIELDS),
    )


def _locked(visit: Visit) -> Visit:
    """The visit re-read under a row lock, so that two taps cannot both pass the checks."""
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("organization", "service_type", "carer", "carer__person")
        .get(pk=visit.pk)
    )


def _refuse_closed(visit: Visit, field: str | None = None) -> None:
    """Planners change only visits not yet started."""
    messages = {
        VisitStatus.DONE: _(
            "La visita è già svolta: non si modifica. Per gli orari registrati usa la "
            "correzione, con il motivo."
        ),
        VisitStatus.IN_PROGRESS: _("La visita è in corso: non si può più modificare."),
        VisitStatus.MISSED: _("La visita è segnata come non svolta: non si modifica."),
        VisitStatus.CANCELLED: _("La visita è annullata: non si modifica."),
    }
    if visit.status in messages:
        message = messages[VisitStatus(visit.status)]
        raise ValidationError({field: message} if field else message)


# --- generation -----------------------------------------------------------------------------


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


@transaction.atomic
def visits_generate(
    *,
    actor: User | None,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    plan: CarePlan | None = None,
) -> int:
    """Create the visits the plans call for between ``start`` and ``end`` (inclusive). Running
    it again creates nothing twice (one visit per line, day and slot). Returns how many."""
    if end < start:
        raise ValidationError({"end": _("La data di fine non può precedere la data di inizio.")})
    if (end - start).days >= MAX_GENERATE_DAYS:
        raise ValidationError(
            {"end": _("Genera al massimo %(n)s giorni per volta.") % {"n": MAX_GENERATE_DAYS}}
        )
    rows = CarePlanLine.objects.filter(
        Q(plan__end_date__isnull=True) | Q(plan__end_date__gte=start),
        organization=organization,
        plan__start_date__lte=end,
        plan__beneficiary__active=True,
    ).select_related("plan")
    if plan is not None:
        rows = rows.filter(plan=plan)
    lines = list(rows)
    existing = set(
        Visit.objects.filter(line__in=lines, date__gte=start, date__lte=end).values_list(
            "line_id", "date", "slot"
        )
    )
    new = [
        Visit(
            organization=organization,
            line=line,
            beneficiary_id=line.plan.beneficiary_id,
            service_type_id=line.service_type_id,
            date=day,
            slot=slot,
            window_start=line.window_start,
            window_end=line.window_end,
            duration=line.duration,
            optional=line.optional,
        )
        for line in lines
        for day in _days(max(start, line.plan.start_date), min(end, line.plan.end_date or end))
        if str(day.isoweekday()) in line.weekdays
        for slot in range(line.carers_needed)
        if (line.pk, day, slot) not in existing
    ]
    # The unique constraint settles a race with a concurrent run: duplicates are skipped.
    Visit.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    log_action(
        actor=actor,
        organization=organization,
        action="care.visits.generate",
        obj=plan or organization,
        after={"start": start.isoformat(), "end": end.isoformat(), "created": len(new)},
    )
    return len(new)


# --- planning by hand -----------------------------------------------------------------------


def _check_assignment(visit: Visit, carer: Carer, start: dt.datetime) -> list[str]:
    """Refuse what the law or the registers forbid; return the other conflicts as warnings."""
    if carer.organization_id != visit.organization_id:
        raise ValidationError({"carer": _("L'operatore non appartiene all'organizzazione.")})
    if timezone.localtime(start).date() != visit.date:
        raise ValidationError({"planned_start": _("L'inizio deve cadere nel giorno della visita.")})
    found = visit_conflicts(visit, carer, start)
    if found.blocking:
        raise ValidationError({"carer": "; ".join(found.blocking)})
    return found.warnings


@transaction.atomic
def visit_assign(
    *, actor: User | None, visit: Visit, carer: Carer, planned_start: dt.datetime
) -> list[str]:
    """Give a visit to a carer at a time; refuses R-381-2c/2d, expired qualifications and
    absences, and returns the warnings (overlaps, outside shift or window)."""
    visit = _locked(visit)
    _refuse_closed(visit, "carer")
    warnings = _check_assignment(visit, carer, planned_start)
    before = snapshot(visit, fields=STATE_FIELDS)
    visit.carer, visit.planned_start = carer, planned_start
    visit.status = VisitStatus.SCHEDULED
    visit.save()
    _audit(actor, visit, "assign", before)
    return warnings


@transaction.atomic
def visit_unassign(*, actor: User | None, visit: Visit) -> Visit:
    visit = _locked(visit)
    _refuse_closed(visit, "carer")
    before = snapshot(visit, fields=STATE_FIELDS)
    visit.carer, visit.planned_start, visit.status = None, None, VisitStatus.PLANNED
    visit.save()
    _audit(actor, visit, "unassign", before)
    return visit


@transaction.atomic
def visit_edit(*, actor: User | None, visit: Visit, data: Mapping[str, Any]) -> Visit:
    """Change one visit's time window, duration or notes (not the plan's pattern)."""
    unknown = set(data) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    visit = _locked(visit)
    _refuse_closed(visit)
    before = snapshot(visit, fields=[*EDIT_FIELDS, *STATE_FIELDS])
    for name, value in data.items():
        setattr(visit, name, value)
    if visit.window_end <= visit.window_start:
        raise ValidationError({"window_end": _("La fascia deve finire dopo il suo inizio.")})
    if not visit.duration or visit.duration < 5:
        raise ValidationError({"duration": _("La durata minima è di 5 minuti.")})
    visit.full_clean(exclude=["organization", "line", "beneficiary", "service_type", "carer"])
    visit.save()
    log_action(
        actor=actor,
        action="care.visit.edit",
        obj=visit,
        before=before,
        after=snapshot(visit, fields=[*EDIT_FIELDS, *STATE_FIELDS]),
    )
    return visit


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": _("Scrivi il motivo.")})
    return reason[:255]


def _close(actor: User | None, visit: Visit, reason: str, status: str, action: str) -> Visit:
    visit = _locked(visit)
    _refuse_closed(visit)
    before = snapshot(visit, fields=STATE_FIELDS)
    visit.reason = _reason(reason)
    visit.status = status
    visit.save()
    _audit(actor, visit, action, before)
    return visit


@transaction.atomic
def visit_cancel(*, actor: User | None, visit: Visit, reason: str) -> Visit:
    """Cancel a visit not yet started (the beneficiary is in hospital, the family cancelled)."""
    return _close(actor, visit, reason, VisitStatus.CANCELLED, "cancel")


@transaction.atomic
def visit_mark_missed(*, actor: User | None, visit: Visit, reason: str) -> Visit:
    """Record that a visit did not take place (nobody at home, carer could not get there)."""
    return _close(actor, visit, reason, VisitStatus.MISSED, "miss")


# --- the carer's day ------------------------------------------------------------------------


@transaction.atomic
def visit_check_in(*, actor: User | None, visit: Visit, at: dt.datetime | None = None) -> Visit:
    """The carer arrives. Refused twice, before assignment, or on another day; flagged for
    review when far from the planned start or while another visit is in progress."""
    visit = _locked(visit)
    at = at or timezone.now()
    if visit.status == VisitStatus.IN_PROGRESS:
        assert visit.checked_in_at is not None
        raise ValidationError(
            _("L'arrivo è già registrato alle %(time)s.") % {"time": _hm(visit.checked_in_at)}
        )
    if visit.status == VisitStatus.PLANNED:
        raise ValidationError(_("La visita non è ancora assegnata a un operatore."))
    _refuse_closed(visit)
    if timezone.localtime(at).date() != visit.date:
        raise ValidationError(_("L'arrivo si registra nel giorno della visita."))
    before = snapshot(visit, fields=STATE_FIELDS)
    visit.checked_in_at = at
    visit.status = VisitStatus.IN_PROGRESS
    _flag(visit, *_check_in_flags(visit, at))
    visit.save()
    _audit(actor, visit, "check_in", before)
    return visit


def _check_in_flags(visit: Visit, at: dt.datetime) -> list[str]:
    """An arrival far from the planned start (the organization's tolerance), or while another
    of the carer's visits is still in progress."""
    flags: list[str] = []
    tolerance = scheduling_settings(visit.organization).check_in_tolerance_minutes
    assert visit.planned_start is not None
    if abs(at - visit.planned_start) > dt.timedelta(minutes=tolerance):
        flags.append(ReviewFlag.FAR_CHECK_IN)
    if (
        Visit.objects.filter(carer=visit.carer, status=VisitStatus.IN_PROGRESS)
        .exclude(pk=visit.pk)
        .exists()
    ):
        flags.append(ReviewFlag.OVERLAP)
    return flags


def _flag(visit: Visit, *flags: str) -> None:
    """Keep the visit's minutes out of the delivered hours until a coordinator reviews it."""
    if flags:
        visit.review_flags = [*visit.review_flags, *flags]
        visit.needs_review = True


def _delivered_minutes(visit: Visit) -> int:
    assert visit.checked_in_at is not None
    assert visit.checked_out_at is not None
    return round((visit.checked_out_at - visit.checked_in_at).total_seconds() / 60)


def _record_volunteer_hours(actor: User | None, visit: Visit) -> None:
    """R-381-2: a volunteer's hours go into the volunteer register."""
    assert visit.carer is not None
    minutes = visit.delivered_minutes or 0
    if minutes <= 0:
        return
    volunteer = (
        Volunteer.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=visit.date),
            organization_id=visit.organization_id,
            person_id=visit.carer.person_id,
            start_date__lte=visit.date,
        )
        .order_by("-start_date")
        .first()
    )
    if volunteer is None:
        raise ValidationError(
            _(
                "Il volontario non è iscritto nel registro in questa data: le ore non si possono "
                "registrare."
            )
        )
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    visit.volunteer_hours = hours_record(
        actor=actor,
        volunteer=volunteer,
        date=visit.date,
        hours=max(hours, Decimal("0.01")),
        activity=_("%(service)s (visita n. %(id)s)")
        % {"service": visit.service_type.name, "id": visit.pk},
    )


@transaction.atomic
def visit_check_out(
    *,
    actor: User | None,
    visit: Visit,
    at: dt.datetime | None = None,
    notes: str = "",
    tasks_done: str = "",
) -> Visit:
    """The carer leaves: the visit is done, its minutes delivered; a volunteer's hours go to the
    volunteer register. Refused before the check-in; a visit of zero minutes, like a flagged
    check-in, waits for a coordinator's review before it counts."""
    visit = _locked(visit)
    at = at or timezone.now()
    if visit.status in (VisitStatus.PLANNED, VisitStatus.SCHEDULED):
        raise ValidationError(_("Registra prima l'arrivo."))
    if visit.status == VisitStatus.DONE:
        assert visit.checked_out_at is not None
        raise ValidationError(
            _("L'uscita è già registrata alle %(time)s.") % {"time": _hm(visit.checked_out_at)}
        )
    if visit.status != VisitStatus.IN_PROGRESS:
        _refuse_closed(visit)
    assert visit.checked_in_at is not None
    assert visit.carer is not None
    if at < visit.checked_in_at:
        raise ValidationError(_("L'uscita non può precedere l'arrivo."))
    before = snapshot(visit, fields=STATE_FIELDS)
    visit.checked_out_at = at
    visit.notes = (notes or visit.notes).strip()
    visit.tasks_done = (tasks_done or "").strip()
    visit.delivered_minutes = _delivered_minutes(visit)
    visit.by_volunteer = visit.carer.is_volunteer
    visit.status = VisitStatus.DONE
    if visit.delivered_minutes == 0:
        _flag(visit, ReviewFlag.ZERO_MINUTES)
    if visit.by_volunteer and not visit.needs_review:
        _record_volunteer_hours(actor, visit)
    visit.save()
    _audit(actor, visit, "check_out", before)
    return visit


@transaction.atomic
def visit_correct_times(
    *,
    actor: User | None,
    visit: Visit,
    reason: str,
    checked_in_at: dt.datetime | None = None,
    checked_out_at: dt.datetime | None = None,
) -> Visit:
    """Correct a registered arrival or departure, with the reason; each change is kept."""
    visit = _locked(visit)
    reason = _reason(reason)
    if visit.status not in (VisitStatus.IN_PROGRESS, VisitStatus.DONE):
        raise ValidationError(_("Si correggono solo gli orari di visite iniziate o svolte."))
    if checked_out_at is not None and visit.status != VisitStatus.DONE:
        raise ValidationError(
            {"checked_out_at": _("L'uscita non è ancora registrata: non si corregge.")}
        )
    changes = {
        CorrectionField.CHECK_IN: checked_in_at,
        CorrectionField.CHECK_OUT: checked_out_at,
    }
    changes = {k: v for k, v in changes.items() if v is not None and v != getattr(visit, k)}
    if not changes:
        raise ValidationError(_("Nessun orario cambiato."))
    before = snapshot(visit, fields=STATE_FIELDS)
    for name, value in changes.items():
        assert value is not None
        VisitCorrection.objects.create(
            organization_id=visit.organization_id,
            visit=visit,
            field=name,
            old_value=getattr(visit, name),
            new_value=value,
            reason=reason,
            actor=actor,
        )
        setattr(visit, name, value)
    assert visit.checked_in_at is not None
    if timezone.localtime(visit.checked_in_at).date() != visit.date:
        raise ValidationError({"checked_in_at": _("L'arrivo deve cadere nel giorno della visita.")})
    if visit.checked_out_at is not None:
        if visit.checked_out_at < visit.checked_in_at:
            raise ValidationError({"checked_out_at": _("L'uscita non può precedere l'arrivo.")})
        visit.delivered_minutes = _delivered_minutes(visit)
    visit.save()
    log_action(
        actor=actor,
        action="care.visit.correct",
        obj=visit,
        before=before,
        after={**snapshot(visit, fields=STATE_FIELDS), "reason": reason},
    )
    return visit


@transaction.atomic
def visit_review_accept(*, actor: User | None, visit: Visit, note: str = "") -> Visit:
    """A coordinator accepts a flagged visit (after correcting its times, if they were wrong):
    its minutes count from now on, and a volunteer's hours reach the register."""
    visit = _locked(visit)
    if visit.status != VisitStatus.DONE:
        raise ValidationError(_("Si conferma una visita conclusa: registra prima l'uscita."))
    if not visit.needs_review:
        raise ValidationError(_("La visita non è da verificare."))
    before = snapshot(visit, fields=REVIEW_FIELDS)
    visit.needs_review = False
    visit.reviewed_at, visit.reviewed_by = timezone.now(), actor
    if visit.by_volunteer and visit.volunteer_hours_id is None:
        _record_volunteer_hours(actor, visit)
    visit.save()
    log_action(
        actor=actor,
        action="care.visit.review",
        obj=visit,
        before=before,
        after={**snapshot(visit, fields=REVIEW_FIELDS), "note": note.strip()[:255]},
    )
    return visit
