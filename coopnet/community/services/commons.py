"""The commons register's writes: an asset, its pictures and documents, its history.

A change of state writes a line of the asset's history, so the history tells how an abandoned
station became a place in use; notes add what the state does not say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.core.services import save_audited
from coopnet.core.validators import check_upload

from ..models import ASSET_FIELDS, Asset, AssetEvent, AssetFile, AssetFileKind

MAX_FILE_BYTES = 20 * 1024 * 1024


def _check_asset(asset: Asset) -> None:
    errors: dict[str, str] = {}
    if asset.comune_id is None:
        errors["comune"] = _("Indica il comune in cui si trova il bene.")
    if asset.owner_body is not None and asset.owner_body.kind != OrganizationKind.PUBLIC_BODY:
        errors["owner_body"] = _("L'ente proprietario dev'essere un ente pubblico.")
    if asset.owner_body is not None and asset.owner_name:
        errors["owner_name"] = _(
            "Indica l'ente proprietario oppure un altro proprietario, non entrambi."
        )
    if asset.owner_body is None and not asset.owner_name.strip():
        errors["owner_name"] = _("Indica chi è il proprietario del bene.")
    if (asset.latitude is None) != (asset.longitude is None):
        errors["longitude"] = _("Indica sia la latitudine sia la longitudine, o nessuna delle due.")
    if errors:
        raise ValidationError(errors)
    asset.full_clean(exclude=["organization"])


def _event(
    asset: Asset, actor: User | None, note: str, state: str = "", date: dt.date | None = None
) -> AssetEvent:
    return AssetEvent.objects.create(
        organization_id=asset.organization_id,
        asset=asset,
        date=date or timezone.localdate(),
        state=state,
        note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def asset_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Asset:
    asset = save_audited(
        actor=actor,
        instance=Asset(organization=organization),
        data=data,
        fields=ASSET_FIELDS,
        clean=_check_asset,
        action="community.asset.create",
    )
    _event(asset, actor, _("Bene iscritto nel registro."), asset.state)
    return asset


@transaction.atomic
def asset_update(*, actor: User | None, asset: Asset, data: Mapping[str, Any]) -> Asset:
    """Change an asset; a new state is written in its history."""
    asset = Asset.objects.for_org(asset.organization_id).select_for_update().get(pk=asset.pk)
    before = asset.state
    save_audited(
        actor=actor,
        instance=asset,
        data=data,
        fields=ASSET_FIELDS,
        clean=_check_asset,
        action="community.asset.update",
    )
    if asset.state != before:
        note = _("Stato: da «%(before)s» a «%(after)s».") % {
            "before": Asset(state=before).get_state_display(),
            "after": asset.get_state_display(),
        }
        _event(asset, actor, note, asset.state)
    return asset


@transaction.atomic
def asset_note(*, actor: User | None, asset: Asset, date: dt.date, note: str) -> AssetEvent:
    """Add a line to an asset's history (an inspection, a meeting with the municipality)."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("La data non può essere nel futuro.")})
    if not note.strip():
        raise ValidationError({"note": _("Scrivi che cosa è successo.")})
    event = _event(asset, actor, note.strip(), date=date)
    log_action(
        actor=actor,
        organization=asset.organization,
        action="community.asset.note",
        obj=asset,
        after=snapshot(event),
    )
    return event


@transaction.atomic
def asset_file_add(
    *, actor: User | None, asset: Asset, kind: str, title: str, upload: UploadedFile
) -> AssetFile:
    """Attach a picture (JPEG, PNG, WebP) or a document to an asset."""
    check_upload(
        upload, max_bytes=MAX_FILE_BYTES, picture=kind == AssetFileKind.PICTURE, field="upload"
    )
    row = AssetFile(
        organization_id=asset.organization_id,
        asset=asset,
        kind=kind,
        title=title.strip() or (upload.name or ""),
        file=upload,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    try:
        row.full_clean(exclude=["organization", "asset"])
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    row.save()
    log_action(
        actor=actor,
        organization=asset.organization,
        action="community.asset.file",
        obj=asset,
        after={"file": row.pk, "kind": kind, "title": row.title},
    )
    return row
