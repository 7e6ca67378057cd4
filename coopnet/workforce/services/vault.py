"""Changes to special-category data (``DisadvantagedStatus``): each authorized, logged in the
vault's own log with its purpose, and audited in the general log with a neutral entry.

Certificates are stored encrypted (``certificates``); reads are in ``selectors.vault``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User
from coopnet.members.models import Person

from .. import certificates
from ..models import DisadvantagedStatus, SensitiveAccessAction, SensitivePurpose
from ._common import dates_ordered, same_organization
from .vault_access import authorize_change, log_access

STATUS_FIELDS = (
    "category",
    "certifying_body",
    "document_type",
    "valid_from",
    "valid_to",
    "non_member_justification",
)


def _statuses(organization: Organization) -> QuerySet[DisadvantagedStatus]:
    return DisadvantagedStatus.objects.for_org(organization).select_related("person")


def _clean_status(status: DisadvantagedStatus, data: Mapping[str, Any]) -> list[str]:
    unknown = set(data) - set(STATUS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown status fields: {sorted(unknown)}")
    changed = [name for name, value in data.items() if getattr(status, name) != value]
    for name, value in data.items():
        setattr(status, name, value)
    status.certifying_body = (status.certifying_body or "").strip()
    if not status.certifying_body:
        raise ValidationError(
            {"certifying_body": _("Indica l'ente pubblico che certifica la condizione (R-381-4d).")}
        )
    dates_ordered(
        status.valid_from,
        status.valid_to,
        "valid_to",
        _("La fine della validità non può precedere il suo inizio."),
    )
    duplicate = (
        DisadvantagedStatus.objects.for_org(status.organization_id)
        .filter(person_id=status.person_id, category=status.category, valid_from=status.valid_from)
        .exclude(pk=status.pk)
    )
    if duplicate.exists():
        raise ValidationError(
            {"valid_from": _("Questa condizione è già registrata con la stessa data di inizio.")}
        )
    status.full_clean(exclude=["organization", "person", "document"])
    return changed


def _field_label(name: str) -> str:
    model_field = DisadvantagedStatus._meta.get_field(name)
    return str(getattr(model_field, "verbose_name", name))


def _clean_and_save(
    *,
    actor: User | None,
    status: DisadvantagedStatus,
    data: Mapping[str, Any],
    purpose: str,
    created: bool,
    document: bytes | None,
    skip_unchanged: bool = False,
) -> bool:
    """Clean ``status`` with ``data``, store the certificate ``document`` if given, save and
    log; False, with nothing saved, when ``skip_unchanged`` and nothing changed."""
    changed = _clean_status(status, data)
    if skip_unchanged and not created and not changed and document is None:
        return False
    if document is not None:
        replaced = status.document.name
        certificates.store(status.document, document)
        changed.append("document")
        if replaced:
            storage = status.document.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    status.save()
    labels = ", ".join(_field_label(n) for n in changed)
    log_access(
        actor=actor,
        organization=status.organization,
        action=SensitiveAccessAction.CHANGE,
        purpose=purpose,
        persons=[status.person],
        detail=(_("nuova scheda") if created else _("campi modificati: %(f)s") % {"f": labels}),
    )
    # The general audit log gets a neutral entry: the details stay in the vault's own log.
    log_action(
        actor=actor,
        action="workforce.sensitive.create" if created else "workforce.sensitive.update",
        obj=status,
    )
    return True


def status_create(
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    person: Person,
    data: Mapping[str, Any],
    document: UploadedFile | None = None,
) -> DisadvantagedStatus:
    """Record that ``person`` qualifies under a category of R-381-4a, certified by a body,
    with the certificate if given (stored encrypted)."""
    authorize_change(actor, organization, verified, purpose, person, "nuova scheda")
    same_organization(organization, person)
    content = certificates.read_upload(document) if document else None
    status = DisadvantagedStatus(organization=organization, person=person)
    with transaction.atomic():
        _clean_and_save(
            actor=actor, status=status, data=data, purpose=purpose, created=True, document=content
        )
    return status


def status_update(
    *,
    actor: User,
    organization: Organization,
    verified: bool,
    purpose: str,
    status_id: int,
    data: Mapping[str, Any],
    document: UploadedFile | None = None,
) -> DisadvantagedStatus:
    """Correct or renew a status (a new certificate, a new expiry); raises
    ``DisadvantagedStatus.DoesNotExist`` when it is not in the organization."""
    status = _statuses(organization).filter(pk=status_id).first()
    person = status.person if status else None
    authorize_change(actor, organization, verified, purpose, person, "modifica")
    if status is None:
        raise DisadvantagedStatus.DoesNotExist
    content = certificates.read_upload(document) if document else None
    with transaction.atomic():
        status = _statuses(organization).select_for_update().get(pk=status_id)
        _clean_and_save(
            actor=actor, status=status, data=data, purpose=purpose, created=False, document=content
        )
    return status


def status_import(
    *,
    actor: User | None,
    organization: Organization,
    person: Person,
    data: Mapping[str, Any],
    document: UploadedFile | None = None,
) -> str:
    """Create or update one status from an import row, with its certificate if given (checked
    and encrypted as an upload); answers "created", "updated" or "unchanged". Logged with
    purpose "importazione".

    Callers authorize first: the command line runs as the system operator (``actor`` None),
    the upload page calls ``vault_access.authorize_import`` for its user.
    """
    content = certificates.read_upload(document) if document else None
    with transaction.atomic():
        status = (
            _statuses(organization)
            .select_for_update()
            .filter(person=person, category=data["category"], valid_from=data["valid_from"])
            .first()
        )
        created = status is None
        if status is None:
            status = DisadvantagedStatus(organization=organization, person=person)
        saved = _clean_and_save(
            actor=actor,
            status=status,
            data=data,
            purpose=SensitivePurpose.IMPORT,
            created=created,
            document=content,
            skip_unchanged=True,
        )
    if not saved:
        return "unchanged"
    return "created" if created else "updated"


def documents_rotate() -> int:
    """Re-encrypt every certificate with the newest key (``manage.py vault_rotate_keys``);
    answers how many files changed. Nothing is shown to anyone, so nothing is access-logged."""
    rotated = 0
    for status in DisadvantagedStatus.objects.exclude(document="").iterator():
        old_name = certificates.reencrypt(status.document)
        if old_name is None:
            continue
        status.save(update_fields=["document"])
        status.document.storage.delete(old_name)
        rotated += 1
    return rotated
