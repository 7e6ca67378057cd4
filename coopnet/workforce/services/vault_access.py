"""Who may see special-category data, and the log of every access (R-GDPR-3, R-GDPR-4).

Access needs ``workforce.sensitive:read`` (``:write`` for changes) and a second factor
verified in this session; callers pass ``verified`` from ``otp.is_verified(request)``. Every
read, export and change of an individual's status writes a ``SensitiveAccess`` row with its
purpose, and so does every refused attempt.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import access_for
from coopnet.core.models import Organization, User
from coopnet.members.models import Person

from ..models import SensitiveAccess, SensitiveAccessAction, SensitivePurpose

READ = "workforce.sensitive:read"
WRITE = "workforce.sensitive:write"
# The purposes a user may choose; "importazione" is reserved to the import.
USER_PURPOSES = tuple(p for p in SensitivePurpose if p != SensitivePurpose.IMPORT)


class VaultAccessDenied(PermissionDenied):
    """The user lacks the permission for special-category data. The attempt was logged."""


class SecondFactorRequired(VaultAccessDenied):
    """The user holds the permission but has not verified a second factor in this session."""


def log_access(
    *,
    actor: User | None,
    organization: Organization,
    action: str,
    purpose: str,
    persons: Iterable[Person | None] = (None,),
    detail: str = "",
) -> None:
    """One ``SensitiveAccess`` row per person (one without a person for ``(None,)``)."""
    now = timezone.now()
    SensitiveAccess.objects.bulk_create(
        SensitiveAccess(
            organization=organization,
            user=actor,
            action=action,
            person=person,
            purpose=purpose,
            detail=detail[:255],
            at=now,
        )
        for person in persons
    )


def _has(actor: User | None, organization: Organization, permission: str) -> bool:
    if actor is None:
        return False
    access = access_for(actor, organization)
    return access is not None and access.can(permission)


def can_read(actor: User, organization: Organization) -> bool:
    """Whether ``actor`` holds the permission to read statuses (a second factor still needed)."""
    return _has(actor, organization, READ)


def can_write(actor: User, organization: Organization) -> bool:
    return _has(actor, organization, WRITE)


def authorize(
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    write: bool = False,
    person: Person | None = None,
    what: str = "",
) -> None:
    """Let ``actor`` through or log the refusal (action "negato") and raise; then check that
    a purpose was chosen.

    Call it outside any transaction that may roll back, so that the refusal stays logged.
    """
    admit(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        write=write,
        person=person,
        what=what,
    )
    if purpose not in USER_PURPOSES:
        raise ValidationError({"purpose": _("Scegli la finalità dell'accesso ai dati.")})


def admit(
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str = "",
    write: bool = False,
    person: Person | None = None,
    what: str = "",
) -> None:
    """The permission and second-factor checks of ``authorize``, before a purpose is chosen:
    a refusal is logged either way."""
    permission = WRITE if write else READ
    what = what or _("accesso")
    refusal: type[VaultAccessDenied]
    if not _has(actor, organization, permission):
        refusal = VaultAccessDenied
        detail = _("%(what)s: manca il permesso %(permission)s") % {
            "what": what,
            "permission": permission,
        }
    elif not verified:
        refusal = SecondFactorRequired
        detail = _("%(what)s: secondo fattore non verificato") % {"what": what}
    else:
        return
    log_access(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.DENIED,
        purpose=purpose if purpose in SensitivePurpose.values else "",
        persons=[person],
        detail=detail,
    )
    raise refusal


def authorize_change(
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    person: Person | None,
    what: str,
) -> None:
    """``authorize`` a change (the write permission) of ``person``'s data, or of an import."""
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        write=True,
        person=person,
        what=what,
    )


def authorize_import(*, actor: User, organization: Organization, verified: bool) -> None:
    """A user importing the sensitive columns needs write permission and a second factor."""
    authorize_change(
        actor, organization, verified, SensitivePurpose.EMPLOYMENT, None, "importazione"
    )


def log_access_log_export(
    *, actor: User, organization: Organization, purpose: str, rows: int
) -> None:
    """Exporting the access log is itself an export of personal data: log it."""
    if purpose not in USER_PURPOSES:
        raise ValidationError({"purpose": _("Scegli la finalità dell'esportazione.")})
    log_access(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.EXPORT,
        purpose=purpose,
        detail=_("registro degli accessi (%(n)s righe)") % {"n": rows},
    )
