"""Volunteer hours: recorded by staff (approved at once), or proposed by the volunteer and
reviewed by staff.

A proposed row counts towards the 24 hours of its day at once, but counts as hours given only
once approved. Every function is atomic and writes one audit entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import User
from coopnet.core.services import save_audited

from ..models import HoursStatus, Volunteer, VolunteerHours
from .volunteers import lock_volunteer, within_volunteering

HOURS_FIELDS = ("date", "hours", "activity", "status", "proposed_by")
REVIEW_FIELDS = ("status", "reviewed_by", "reviewed_at", "review_note")


def check_day_hours(volunteer: Volunteer, date: dt.date, hours: Decimal) -> None:
    """Validate ``hours`` more on ``date``: within the registration period and, with the
    approved and proposed hours of that day, at most 24. Call it inside a transaction: it
    locks the volunteer so that two entries at once cannot both fit."""
    if not Decimal(0) < hours <= Decimal(24):
        raise ValidationError(
            {"hours": _("Le ore di un giorno devono essere più di 0 e al massimo 24.")}
        )
    within_volunteering(volunteer, date, "date")
    lock_volunteer(volunteer)
    day_total = VolunteerHours.objects.filter(
        volunteer=volunteer,
        date=date,
        status__in=(HoursStatus.APPROVED, HoursStatus.PROPOSED),
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if day_total + hours > Decimal(24):
        raise ValidationError({"hours": _("Con queste ore il totale del giorno supererebbe 24.")})


def _hours_add(
    actor: User | None,
    volunteer: Volunteer,
    date: dt.date,
    hours: Decimal,
    activity: str,
    *,
    proposed: bool,
) -> VolunteerHours:
    """Check and save one hours row, audited: proposed by ``actor`` (the volunteer) and
    waiting for staff, or recorded by staff and approved at once."""
    check_day_hours(volunteer, date, hours)
    return save_audited(
        actor=actor,
        instance=VolunteerHours(organization=volunteer.organization, volunteer=volunteer),
        data={
            "date": date,
            "hours": hours,
            "activity": activity.strip(),
            "status": HoursStatus.PROPOSED if proposed else HoursStatus.APPROVED,
            "proposed_by": actor if proposed else None,
        },
        fields=HOURS_FIELDS,
        clean=lambda entry: entry.full_clean(exclude=["organization", "volunteer", "proposed_by"]),
        action="workforce.hours.propose" if proposed else "workforce.hours.record",
    )


@transaction.atomic
def hours_record(
    *, actor: User | None, volunteer: Volunteer, date: dt.date, hours: Decimal, activity: str = ""
) -> VolunteerHours:
    """Record the hours a volunteer gave on one day (entered by staff: approved at once)."""
    return _hours_add(actor, volunteer, date, hours, activity, proposed=False)


def _is_own(actor: User, volunteer: Volunteer) -> bool:
    return actor.is_authenticated and volunteer.person.user_id == actor.pk


def _locked_proposal(entry: VolunteerHours) -> VolunteerHours:
    """The row as it is now, locked; an error if staff already decided or it was withdrawn."""
    current = VolunteerHours.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None or current.status != HoursStatus.PROPOSED:
        raise ValidationError(_("Queste ore non sono più in attesa di approvazione."))
    return current


@transaction.atomic
def hours_propose(
    *, actor: User, volunteer: Volunteer, date: dt.date, hours: Decimal, activity: str = ""
) -> VolunteerHours:
    """The volunteer proposes the hours they gave on one day; staff approve or reject them."""
    if not _is_own(actor, volunteer):
        raise PermissionDenied(_("Puoi proporre ore solo per te stesso."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("Non puoi proporre ore per un giorno futuro.")})
    return _hours_add(actor, volunteer, date, hours, activity, proposed=True)


@transaction.atomic
def hours_review(
    *, actor: User, entry: VolunteerHours, approve: bool, note: str = ""
) -> VolunteerHours:
    """Staff approve a proposed row (it then counts as hours given) or reject it."""
    current = _locked_proposal(entry)
    if _is_own(actor, current.volunteer):
        raise ValidationError(_("Le ore che hai proposto tu devono essere approvate da altri."))
    if approve:
        # The registration period may have been shortened since the proposal.
        within_volunteering(current.volunteer, current.date, "date")
    return save_audited(
        actor=actor,
        instance=current,
        data={
            "status": HoursStatus.APPROVED if approve else HoursStatus.REJECTED,
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
            "review_note": note.strip(),
        },
        fields=REVIEW_FIELDS,
        clean=lambda row: row.full_clean(
            exclude=["organization", "volunteer", "proposed_by", "reviewed_by"]
        ),
        action="workforce.hours.approve" if approve else "workforce.hours.reject",
    )


@transaction.atomic
def hours_withdraw(*, actor: User, entry: VolunteerHours) -> None:
    """The volunteer withdraws hours they proposed that staff have not examined yet."""
    if not _is_own(actor, entry.volunteer):
        raise PermissionDenied(_("Puoi ritirare solo le tue ore."))
    current = _locked_proposal(entry)
    log_action(
        actor=actor, action="workforce.hours.withdraw", obj=current, before=snapshot(current)
    )
    current.delete()
