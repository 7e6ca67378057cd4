"""Documents the cooperative publishes to its members (statute, regulations, minutes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot, user_or_none
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

from ..models import PublishedDocument


@transaction.atomic
def document_publish(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    file: File[Any],
    published_on: dt.date,
    visible_to_members: bool = True,
) -> PublishedDocument:
    """Publish a document (statute, regulations, minutes) in the members' portal."""
    data = {
        "title": title.strip(),
        "file": file,
        "published_on": published_on,
        "visible_to_members": visible_to_members,
        "created_by": user_or_none(actor),
    }
    return save_audited(
        actor=actor,
        instance=PublishedDocument(organization=organization),
        data=data,
        fields=tuple(data),
        clean=_check_document,
        action="members.document.publish",
    )


def _check_document(document: PublishedDocument) -> None:
    if not document.title:
        raise ValidationError({"title": _("Scrivi il titolo del documento.")})
    document.full_clean()


@transaction.atomic
def document_delete(*, actor: User | None, document: PublishedDocument) -> None:
    """Withdraw a published document; its file is removed once the deletion is committed."""
    log_action(
        actor=actor, action="members.document.delete", obj=document, before=snapshot(document)
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
