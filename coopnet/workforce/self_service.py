"""Hours volunteers propose themselves, and their review by staff.

A proposed row counts towards the 24 hours of its day at once, but counts as hours given only
once approved. Every function is atomic and writes one audit entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import User

from .models import HoursStatus, Volunteer, VolunteerHours
from .services import hours_save, within_volunteering


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
    entry = hours_save(
        volunteer=volunteer,
        date=date,
        hours=hours,
        activity=activity,
        status=HoursStatus.PROPOSED,
        proposed_by=actor,
    )
    log_action(
        actor=actor,
        organization=volunteer.organization,
        action="workforce.hours.propose",
        obj=entry,
        after=snapshot(entry),
    )
    return entry


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
    before = snapshot(current)
    current.status = HoursStatus.APPROVED if approve else HoursStatus.REJECTED
    current.reviewed_by = actor
    current.reviewed_at = timezone.now()
    current.review_note = note.strip()
    current.full_clean(exclude=["organization", "volunteer", "proposed_by", "reviewed_by"])
    current.save()
    log_action(
        actor=actor,
        organization=current.organization,
        action="workforce.hours.approve" if approve else "workforce.hours.reject",
        obj=current,
        before=before,
        after=snapshot(current),
    )
    return current


@transaction.atomic
def hours_withdraw(*, actor: User, entry: VolunteerHours) -> None:
    """The volunteer withdraws hours they proposed that staff have not examined yet."""
    if not _is_own(actor, entry.volunteer):
        raise PermissionDenied(_("Puoi ritirare solo le tue ore."))
    current = _locked_proposal(entry)
    log_action(
        actor=actor,
        organization=current.organization,
        action="workforce.hours.withdraw",
        obj=current,
        before=snapshot(current),
    )
    current.delete()
