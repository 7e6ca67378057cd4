"""Reads of special-category data (``DisadvantagedStatus``) for a person's eyes, each logged.

Every function checks the permission, the second factor and the purpose first
(``services.vault_access.authorize``; a refusal is logged too), then writes one
``SensitiveAccess`` row per person it shows. Certificates are stored encrypted; only
``status_document`` decrypts one. Counts that name nobody are in ``disadvantage``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, User
from coopnet.core.selectors import narrowed
from coopnet.members.models import Person

from .. import certificates
from ..models import DisadvantagedStatus, SensitiveAccess, SensitiveAccessAction, SensitivePurpose
from ..services.vault_access import authorize, log_access
from .staff import in_force_on, person_matches

# Product choice of the issue, not a legal number: warn this many days before a certificate
# of disadvantage expires (R-381-4d asks only for "an alert before expiry").
CERTIFICATE_ALERT_DAYS = 60


def statuses(organization: Organization) -> QuerySet[DisadvantagedStatus]:
    """The organization's statuses, unlogged: only for the functions here, which log."""
    return DisadvantagedStatus.objects.for_org(organization).select_related("person")


def valid_on(day: dt.date) -> Q:
    return in_force_on(day, "valid_from", "valid_to")


def _distinct_persons(rows: Iterable[DisadvantagedStatus]) -> list[Person | None]:
    seen: dict[int, Person] = {}
    for status in rows:
        seen.setdefault(status.person_id, status.person)
    return list(seen.values()) or [None]


def _logged(
    rows: QuerySet[DisadvantagedStatus],
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    what: str,
    action: str = SensitiveAccessAction.READ,
    detail: str,
    log_none: bool = True,
) -> list[DisadvantagedStatus]:
    """``rows`` once ``actor`` is let through, with one log row per person shown (one
    without a person when none is, unless ``log_none`` is False)."""
    authorize(actor=actor, organization=organization, verified=verified, purpose=purpose, what=what)
    found = list(rows)
    if found or log_none:
        log_access(
            actor=actor,
            organization=organization,
            action=action,
            purpose=purpose,
            persons=_distinct_persons(found),
            detail=detail,
        )
    return found


def _log_read(
    actor: User, organization: Organization, status: DisadvantagedStatus, purpose: str, detail: str
) -> None:
    log_access(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.READ,
        purpose=purpose,
        persons=[status.person],
        detail=detail,
    )


def status_list(
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    current_on: dt.date | None = None,
) -> list[DisadvantagedStatus]:
    """All statuses of the organization (those valid on ``current_on`` if given); one log row
    per person shown."""
    rows = statuses(organization).order_by("person__surname", "person__given_name", "-valid_from")
    if current_on is not None:
        rows = rows.filter(valid_on(current_on))
    return _logged(
        rows,
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        what="elenco",
        detail=_("elenco"),
    )


def status_get(
    *, actor: User, organization: Organization, verified: bool, purpose: str, status_id: int
) -> DisadvantagedStatus:
    """One status; raises ``DisadvantagedStatus.DoesNotExist`` when not in the organization."""
    authorize(
        actor=actor, organization=organization, verified=verified, purpose=purpose, what="scheda"
    )
    status = statuses(organization).get(pk=status_id)
    _log_read(actor, organization, status, purpose, _("scheda n. %(id)s") % {"id": status.pk})
    return status


def status_export(
    *, actor: User, organization: Organization, verified: bool, purpose: str
) -> list[DisadvantagedStatus]:
    """The statuses for a file the user downloads; one export row per person."""
    return _logged(
        statuses(organization).order_by("person__surname", "person__given_name"),
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        what="esportazione",
        action=SensitiveAccessAction.EXPORT,
        detail=_("esportazione CSV"),
    )


def aggregate_read(
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    what: str,
    detail: str,
    export: bool = False,
) -> None:
    """Let ``actor`` see a figure drawn from statuses that a small group could give away (the
    hours of disadvantaged workers on one contract in one month): the same checks as a read
    (a refusal is logged and raises), then one log row without a person."""
    authorize(actor=actor, organization=organization, verified=verified, purpose=purpose, what=what)
    log_access(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.EXPORT if export else SensitiveAccessAction.READ,
        purpose=purpose,
        detail=detail,
    )


@dataclass(frozen=True)
class Certificate:
    """A decrypted certificate, to send to the user who asked for it."""

    content: bytes
    content_type: str
    filename: str


def status_document(
    *, actor: User, organization: Organization, verified: bool, purpose: str, status_id: int
) -> Certificate:
    """The decrypted certificate of one status; raises ``DisadvantagedStatus.DoesNotExist``
    when the status is not in the organization or has no document."""
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        what="certificato",
    )
    status = statuses(organization).exclude(document="").get(pk=status_id)
    content = certificates.decrypt(status.document)
    content_type, extension = certificates.kind_of(content) or ("application/octet-stream", "bin")
    _log_read(
        actor,
        organization,
        status,
        purpose,
        _("certificato della scheda n. %(id)s") % {"id": status.pk},
    )
    return Certificate(content, content_type, f"certificato-{status.pk}.{extension}")


def _expiring(organization: Organization, today: dt.date) -> QuerySet[DisadvantagedStatus]:
    horizon = today + dt.timedelta(days=CERTIFICATE_ALERT_DAYS)
    return statuses(organization).filter(
        valid_from__lte=today, valid_to__gte=today, valid_to__lte=horizon
    )


def expiring_certificates_count(*, organization: Organization, today: dt.date) -> int:
    """How many certificates expire within ``CERTIFICATE_ALERT_DAYS``: a count, not logged."""
    return _expiring(organization, today).count()


def expiring_certificates(
    *, actor: User, organization: Organization, verified: bool, today: dt.date
) -> list[DisadvantagedStatus]:
    """Who has a certificate expiring soon (names reveal the status: logged as a read for the
    R-381-4d check, when there is anyone)."""
    return _logged(
        _expiring(organization, today).order_by("valid_to", "person__surname"),
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=SensitivePurpose.L381_CHECK,
        what="certificati in scadenza",
        detail=_("certificati in scadenza"),
        log_none=False,
    )


def sensitive_access_log(
    organization: Organization,
    *,
    action: str = "",
    purpose: str = "",
    user_email: str = "",
    person_query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[SensitiveAccess]:
    """Who read, exported or changed special-category data, newest first (R-GDPR-4). It names
    the persons in the vault: the page showing it asks for a second factor."""
    rows = SensitiveAccess.objects.for_org(organization).select_related("user", "person")
    if person_query:
        rows = rows.filter(person_matches(person_query, "surname", "codice_fiscale"))
    return narrowed(
        rows,
        action=action,
        purpose=purpose,
        user__email__icontains=user_email,
        at__date__gte=date_from,
        at__date__lte=date_to,
    )
