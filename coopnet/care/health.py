"""The beneficiaries' health notes: who may see them, and the only reads of ``HealthNote``
(``services.health`` writes them, through ``authorize`` and ``log_access`` here).

Same rules as the workforce vault (R-GDPR-3, R-GDPR-4): the permission
(``care.health:read`` / ``:write``), a second factor verified in this session and a
purpose; every read, change and refused attempt writes a ``workforce.SensitiveAccess`` row,
so the organization keeps one register of accesses to special-category data.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.core.access import access_for
from coopnet.core.models import Organization, User
from coopnet.workforce.models import SensitiveAccessAction, SensitivePurpose
from coopnet.workforce.services import vault_access

from .models import Beneficiary, HealthNote

READ = "care.health:read"
WRITE = "care.health:write"
CARE = "assistenza"  # purpose: giving and planning the care (GDPR art. 9(2)(h))
PURPOSES = {
    CARE: gettext_lazy("erogazione e pianificazione dell'assistenza"),
    SensitivePurpose.SUBJECT_REQUEST.value: SensitivePurpose.SUBJECT_REQUEST.label,
    SensitivePurpose.PUBLIC_REPORTING.value: SensitivePurpose.PUBLIC_REPORTING.label,
}


class HealthAccessDenied(PermissionDenied):
    """The user lacks the permission for health notes. The attempt was logged."""


class SecondFactorRequired(HealthAccessDenied):
    """The user holds the permission but has not verified a second factor in this session."""


def log_access(
    *,
    actor: User | None,
    beneficiary: Beneficiary,
    action: str,
    purpose: str,
    detail: str,
) -> None:
    """One row of the register of accesses to special-category data (the vault's register)."""
    vault_access.log_access(
        actor=actor,
        organization=beneficiary.organization,
        action=action,
        purpose=purpose if purpose in PURPOSES else "",
        persons=[beneficiary.person],
        detail=detail,
    )


def can_read(actor: User, organization: Organization) -> bool:
    access = access_for(actor, organization)
    return access is not None and access.can(READ)


def authorize(
    *,
    actor: User,
    beneficiary: Beneficiary,
    verified: bool,
    purpose: str,
    write: bool = False,
) -> None:
    """Let ``actor`` through or log the refusal (action "negato") and raise. Call it outside
    any transaction that may roll back, so that the refusal stays logged."""
    permission = WRITE if write else READ
    access = access_for(actor, beneficiary.organization)
    what = _("note sanitarie")
    if access is None or not access.can(permission):
        log_access(
            actor=actor,
            beneficiary=beneficiary,
            action=SensitiveAccessAction.DENIED,
            purpose=purpose,
            detail=_("%(what)s: manca il permesso %(permission)s")
            % {"what": what, "permission": permission},
        )
        raise HealthAccessDenied
    if not verified:
        log_access(
            actor=actor,
            beneficiary=beneficiary,
            action=SensitiveAccessAction.DENIED,
            purpose=purpose,
            detail=_("%(what)s: secondo fattore non verificato") % {"what": what},
        )
        raise SecondFactorRequired
    if purpose not in PURPOSES:
        raise ValidationError({"purpose": _("Scegli la finalità dell'accesso ai dati.")})


def notes_read(
    *, actor: User, beneficiary: Beneficiary, verified: bool, purpose: str
) -> list[HealthNote]:
    """A beneficiary's health notes, newest first; the read is logged with its purpose."""
    authorize(actor=actor, beneficiary=beneficiary, verified=verified, purpose=purpose)
    notes = list(
        HealthNote.objects.for_org(beneficiary.organization_id)
        .filter(beneficiary=beneficiary)
        .select_related("recorded_by")
    )
    log_access(
        actor=actor,
        beneficiary=beneficiary,
        action=SensitiveAccessAction.READ,
        purpose=purpose,
        detail=_("note sanitarie dell'utente n. %(id)s") % {"id": beneficiary.pk},
    )
    return notes


def notes_count(beneficiary: Beneficiary) -> int:
    """How many notes there are: a number shows nothing of their content, so it is not logged."""
    return (
        HealthNote.objects.for_org(beneficiary.organization_id)
        .filter(beneficiary=beneficiary)
        .count()
    )
