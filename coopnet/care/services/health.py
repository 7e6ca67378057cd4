"""Health notes are written here only: behind the permission, the second factor and a purpose
(``health.authorize``), each note logged in the register of accesses and, neutrally, in the
audit log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import User
from coopnet.workforce.models import SensitiveAccessAction

from .. import health
from ..models import Beneficiary, HealthNote

MAX_NOTE_LENGTH = 4000


def note_add(
    *, actor: User, beneficiary: Beneficiary, verified: bool, purpose: str, text: str
) -> HealthNote:
    """Add a health note (only what the care needs: R-GDPR-2); logged as a change."""
    health.authorize(
        actor=actor, beneficiary=beneficiary, verified=verified, purpose=purpose, write=True
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Scrivi la nota.")})
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"text": _("La nota supera i %(n)s caratteri.") % {"n": MAX_NOTE_LENGTH}}
        )
    with transaction.atomic():
        note = HealthNote.objects.create(
            organization_id=beneficiary.organization_id,
            beneficiary=beneficiary,
            text=text,
            recorded_by=actor,
        )
        health.log_access(
            actor=actor,
            beneficiary=beneficiary,
            action=SensitiveAccessAction.CHANGE,
            purpose=purpose,
            detail=_("nuova nota sanitaria"),
        )
        # The general audit log gets a neutral entry: the text stays in the notes table.
        log_action(
            actor=actor,
            organization=beneficiary.organization,
            action="care.health_note.create",
            obj=note,
        )
    return note
