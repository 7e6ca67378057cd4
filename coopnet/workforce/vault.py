"""The special-category vault: the only module that shows or changes ``DisadvantagedStatus``.

(The compliance engine also counts these rows, in ``compliance.disadvantage``, returning
numbers only: no person's status leaves that module, so those counts are not access-logged.)

Every read, export and change of an individual's status writes a ``SensitiveAccess`` row with
its purpose, and so does every refused attempt (R-GDPR-3, R-GDPR-4). Access needs
``workforce.sensitive:read`` (``:write`` for changes) and a second factor verified in this
session; callers pass ``verified`` from ``request.user.is_verified()``. Aggregates that
reveal nothing about a person (cells of at least ``MIN_CELL_SIZE``) need neither.
Certificates are stored encrypted (``certificates``); only ``status_document`` decrypts one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import access_for
from coopnet.core.audit import log_action
from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.members.models import Person

from . import certificates
from .models import (
    DisadvantagedStatus,
    Employment,
    SensitiveAccess,
    SensitiveAccessAction,
    SensitivePurpose,
)

READ = "workforce.sensitive:read"
WRITE = "workforce.sensitive:write"
# Product choice of the issue, not a legal number: warn this many days before a certificate
# of disadvantage expires (R-381-4d asks only for "an alert before expiry").
CERTIFICATE_ALERT_DAYS = 60
# R-GDPR-5: aggregates never show a cell with fewer people than this (k >= 5 is a design
# choice, not law).
MIN_CELL_SIZE = 5
STATUS_FIELDS = (
    "category",
    "certifying_body",
    "document_type",
    "valid_from",
    "valid_to",
    "non_member_justification",
)
# The purposes a user may choose; "importazione" is reserved to the import.
USER_PURPOSES = tuple(p for p in SensitivePurpose if p != SensitivePurpose.IMPORT)


class VaultAccessDenied(PermissionDenied):
    """The user lacks the permission for special-category data. The attempt was logged."""


class SecondFactorRequired(VaultAccessDenied):
    """The user holds the permission but has not verified a second factor in this session."""


# --- access control and the log ------------------------------------------------------------


def _log(
    *,
    actor: User | None,
    organization: Organization,
    action: str,
    purpose: str,
    persons: Iterable[Person | None] = (None,),
    detail: str = "",
) -> None:
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
    logged_purpose = purpose if purpose in SensitivePurpose.values else ""
    if not _has(actor, organization, permission):
        _log(
            actor=actor,
            organization=organization,
            action=SensitiveAccessAction.DENIED,
            purpose=logged_purpose,
            persons=[person],
            detail=_("%(what)s: manca il permesso %(permission)s")
            % {"what": what or _("accesso"), "permission": permission},
        )
        raise VaultAccessDenied
    if not verified:
        _log(
            actor=actor,
            organization=organization,
            action=SensitiveAccessAction.DENIED,
            purpose=logged_purpose,
            persons=[person],
            detail=_("%(what)s: secondo fattore non verificato") % {"what": what or _("accesso")},
        )
        raise SecondFactorRequired


def _statuses(organization: Organization) -> QuerySet[DisadvantagedStatus]:
    return DisadvantagedStatus.objects.filter(organization=organization).select_related("person")


# --- individual reads, exports and changes -------------------------------------------------


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
    authorize(
        actor=actor, organization=organization, verified=verified, purpose=purpose, what="elenco"
    )
    rows = _statuses(organization).order_by("person__surname", "person__given_name", "-valid_from")
    if current_on is not None:
        rows = rows.filter(_valid_on(current_on))
    statuses = list(rows)
    _log(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.READ,
        purpose=purpose,
        persons=_distinct_persons(statuses),
        detail=_("elenco"),
    )
    return statuses


def status_get(
    *, actor: User, organization: Organization, verified: bool, purpose: str, status_id: int
) -> DisadvantagedStatus:
    """One status; raises ``DisadvantagedStatus.DoesNotExist`` when not in the organization."""
    authorize(
        actor=actor, organization=organization, verified=verified, purpose=purpose, what="scheda"
    )
    status = _statuses(organization).get(pk=status_id)
    _log_read(actor, organization, status, purpose, _("scheda n. %(id)s") % {"id": status.pk})
    return status


def _log_read(
    actor: User, organization: Organization, status: DisadvantagedStatus, purpose: str, detail: str
) -> None:
    _log(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.READ,
        purpose=purpose,
        persons=[status.person],
        detail=detail,
    )


def status_export(
    *, actor: User, organization: Organization, verified: bool, purpose: str
) -> list[DisadvantagedStatus]:
    """The statuses for a file the user downloads; one export row per person."""
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        what="esportazione",
    )
    statuses = list(_statuses(organization).order_by("person__surname", "person__given_name"))
    _log(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.EXPORT,
        purpose=purpose,
        persons=_distinct_persons(statuses),
        detail=_("esportazione CSV"),
    )
    return statuses


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
    status = _statuses(organization).exclude(document="").get(pk=status_id)
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


def _distinct_persons(statuses: Iterable[DisadvantagedStatus]) -> list[Person | None]:
    seen: dict[int, Person] = {}
    for status in statuses:
        seen.setdefault(status.person_id, status.person)
    return list(seen.values()) or [None]


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
    if status.valid_to is not None and status.valid_to < status.valid_from:
        raise ValidationError(
            {"valid_to": _("La fine della validità non può precedere il suo inizio.")}
        )
    duplicate = DisadvantagedStatus.objects.filter(
        organization_id=status.organization_id,
        person_id=status.person_id,
        category=status.category,
        valid_from=status.valid_from,
    ).exclude(pk=status.pk)
    if duplicate.exists():
        raise ValidationError(
            {"valid_from": _("Questa condizione è già registrata con la stessa data di inizio.")}
        )
    status.full_clean(exclude=["organization", "person", "document"])
    return changed


def _field_label(name: str) -> str:
    model_field = DisadvantagedStatus._meta.get_field(name)
    return str(getattr(model_field, "verbose_name", name))


def _save_and_log(
    *,
    actor: User | None,
    status: DisadvantagedStatus,
    changed: list[str],
    purpose: str,
    created: bool,
    document: bytes | None = None,
) -> None:
    if document is not None:
        replaced = status.document.name
        certificates.store(status.document, document)
        changed.append("document")
        if replaced:
            storage = status.document.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    status.save()
    labels = ", ".join(_field_label(n) for n in changed)
    _log(
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
        organization=status.organization,
        action="workforce.sensitive.create" if created else "workforce.sensitive.update",
        obj=status,
    )


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
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        write=True,
        person=person,
        what="nuova scheda",
    )
    if person.organization_id != organization.pk:
        raise ValidationError({"person": _("La persona non appartiene a questa organizzazione.")})
    content = certificates.read_upload(document) if document else None
    with transaction.atomic():
        status = DisadvantagedStatus(organization=organization, person=person)
        changed = _clean_status(status, data)
        _save_and_log(
            actor=actor,
            status=status,
            changed=changed,
            purpose=purpose,
            created=True,
            document=content,
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
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        write=True,
        person=status.person if status else None,
        what="modifica",
    )
    if status is None:
        raise DisadvantagedStatus.DoesNotExist
    content = certificates.read_upload(document) if document else None
    with transaction.atomic():
        status = _statuses(organization).select_for_update().get(pk=status_id)
        changed = _clean_status(status, data)
        _save_and_log(
            actor=actor,
            status=status,
            changed=changed,
            purpose=purpose,
            created=False,
            document=content,
        )
    return status


def authorize_import(*, actor: User, organization: Organization, verified: bool) -> None:
    """A user importing the sensitive columns needs write permission and a second factor."""
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=SensitivePurpose.EMPLOYMENT,
        write=True,
        what="importazione",
    )


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
    the upload page calls ``authorize_import`` for its user.
    """
    content = certificates.read_upload(document) if document else None
    with transaction.atomic():
        status = (
            DisadvantagedStatus.objects.select_for_update()
            .filter(
                organization=organization,
                person=person,
                category=data["category"],
                valid_from=data["valid_from"],
            )
            .first()
        )
        created = status is None
        if status is None:
            status = DisadvantagedStatus(organization=organization, person=person)
        changed = _clean_status(status, data)
        if not created and not changed and content is None:
            return "unchanged"
        _save_and_log(
            actor=actor,
            status=status,
            changed=changed,
            purpose=SensitivePurpose.IMPORT,
            created=created,
            document=content,
        )
    return "created" if created else "updated"


def log_access_log_export(
    *, actor: User, organization: Organization, purpose: str, rows: int
) -> None:
    """Exporting the access log is itself an export of personal data: log it."""
    if purpose not in USER_PURPOSES:
        raise ValidationError({"purpose": _("Scegli la finalità dell'esportazione.")})
    _log(
        actor=actor,
        organization=organization,
        action=SensitiveAccessAction.EXPORT,
        purpose=purpose,
        detail=_("registro degli accessi (%(n)s righe)") % {"n": rows},
    )


# --- alerts ---------------------------------------------------------------------------------


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _expiring(organization: Organization, today: dt.date) -> QuerySet[DisadvantagedStatus]:
    horizon = today + dt.timedelta(days=CERTIFICATE_ALERT_DAYS)
    return _statuses(organization).filter(
        valid_from__lte=today, valid_to__gte=today, valid_to__lte=horizon
    )


def expiring_certificates_count(*, organization: Organization, today: dt.date) -> int:
    """How many certificates expire within ``CERTIFICATE_ALERT_DAYS``: a count, not logged."""
    return _expiring(organization, today).count()


def expiring_certificates(
    *, actor: User, organization: Organization, verified: bool, today: dt.date
) -> list[DisadvantagedStatus]:
    """Who has a certificate expiring soon (names reveal the status: logged as a read for the
    R-381-4d check)."""
    purpose = SensitivePurpose.L381_CHECK
    authorize(
        actor=actor,
        organization=organization,
        verified=verified,
        purpose=purpose,
        what="certificati in scadenza",
    )
    statuses = list(_expiring(organization, today).order_by("valid_to", "person__surname"))
    if statuses:
        _log(
            actor=actor,
            organization=organization,
            action=SensitiveAccessAction.READ,
            purpose=purpose,
            persons=_distinct_persons(statuses),
            detail=_("certificati in scadenza"),
        )
    return statuses


# --- aggregates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DisadvantagedCounts:
    """Disadvantaged workers in force on a day; ``None`` where a cell is suppressed."""

    on: dt.date
    total: int | None
    by_branch: dict[str, int | None] = field(default_factory=dict)
    min_cell: int = MIN_CELL_SIZE

    @property
    def suppressed(self) -> bool:
        return self.total is None or None in self.by_branch.values()


def cell_is_safe(count: int | Decimal, of: int | Decimal) -> bool:
    """A count may be shown when it and its complement (the workers who are not
    disadvantaged, visible elsewhere as headcounts) both reach ``MIN_CELL_SIZE``: otherwise
    "all of them" or "all but one" would say something about each named worker."""
    return count >= MIN_CELL_SIZE and of - count >= MIN_CELL_SIZE


def _suppress(
    cells: dict[str, tuple[int, int]], total: tuple[int, int]
) -> tuple[dict[str, int | None], int | None]:
    """Hide unsafe cells; if exactly one is hidden, hide the next smallest too (or the
    total), so that it cannot be worked out by subtraction. Cells are (count, workers)."""
    shown: dict[str, int | None] = {
        k: (d if cell_is_safe(d, t) else None) for k, (d, t) in cells.items()
    }
    shown_total: int | None = total[0] if cell_is_safe(*total) else None
    hidden = [k for k, v in shown.items() if v is None]
    if len(hidden) == 1 and shown_total is not None:
        visible = [k for k, v in shown.items() if v is not None]
        if visible:
            shown[min(visible, key=lambda k: cells[k][0])] = None
        else:
            shown_total = None
    return shown, shown_total


def disadvantaged_counts(*, organization: Organization, on: dt.date) -> DisadvantagedCounts:
    """Workers employed on ``on`` with a status valid that day, by branch for mixed A+B
    cooperatives: no names, no categories, small cells suppressed. Not logged."""
    employed = Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        organization=organization,
        start_date__lte=on,
    )
    disadvantaged = set(
        DisadvantagedStatus.objects.filter(_valid_on(on), organization=organization).values_list(
            "person_id", flat=True
        )
    )
    branch_of = dict(employed.values_list("person_id", "branch"))
    counted = [branch for pid, branch in branch_of.items() if pid in disadvantaged]
    total = (len(counted), len(branch_of))
    if organization.kind != OrganizationKind.SOCIAL_COOP_AB:
        return DisadvantagedCounts(on=on, total=total[0] if cell_is_safe(*total) else None)
    per_branch, workers = Counter(counted), Counter(branch_of.values())
    cells = {b: (per_branch.get(b, 0), workers.get(b, 0)) for b in ("A", "B")}
    shown, shown_total = _suppress(cells, total)
    return DisadvantagedCounts(on=on, total=shown_total, by_branch=shown)


@dataclass(frozen=True)
class WorkforceCounts:
    """Workers in force on a day by organization, with the disadvantaged among them;
    ``None`` where the count is suppressed (here and in the total)."""

    workers: dict[int, int]
    disadvantaged: dict[int, int | None]
    total_workers: int
    total_disadvantaged: int | None


def workforce_counts_by_organization(
    organization_ids: Collection[int], on: dt.date
) -> WorkforceCounts:
    """Workers and disadvantaged workers of several organizations on ``on``, in one query;
    small cells suppressed as in ``disadvantaged_counts``. Counts only: not logged."""
    certified = DisadvantagedStatus.objects.filter(
        _valid_on(on), organization_id=OuterRef("organization_id"), person_id=OuterRef("person_id")
    )
    rows = (
        Employment.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            organization_id__in=organization_ids,
            start_date__lte=on,
        )
        .annotate(certified=Exists(certified))
        .order_by()
        .values("organization_id")
        .annotate(
            workers=Count("person_id", distinct=True),
            disadvantaged=Count("person_id", distinct=True, filter=Q(certified=True)),
        )
    )
    cells = {str(r["organization_id"]): (r["disadvantaged"], r["workers"]) for r in rows}
    total = (sum(d for d, w in cells.values()), sum(w for d, w in cells.values()))
    shown, shown_total = _suppress(cells, total)
    return WorkforceCounts(
        workers={int(k): w for k, (d, w) in cells.items()},
        disadvantaged={int(k): v for k, v in shown.items()},
        total_workers=total[1],
        total_disadvantaged=shown_total,
    )


def disadvantaged_periods(
    *, organization: Organization, start: dt.date, end: dt.date
) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """Validity periods overlapping ``start``..``end`` by person id, without categories.

    For computations that publish only counts (the compliance engine's R-381-4b average);
    never render it. Not logged, because nothing leaves the server but the counts.
    """
    rows = DisadvantagedStatus.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        organization=organization,
        valid_from__lte=end,
    ).values_list("person_id", "valid_from", "valid_to")
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    for person_id, valid_from, valid_to in rows:
        periods.setdefault(person_id, []).append((valid_from, valid_to))
    return periods
