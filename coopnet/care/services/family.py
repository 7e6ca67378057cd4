"""The family's read-only link to a beneficiary's visits: create or replace it, revoke it."""

from __future__ import annotations

import secrets

from django.db import transaction

from coopnet.core.audit import log_action
from coopnet.core.models import User

from ..models import Beneficiary
from .carers import TOKEN_BYTES, token_hash


def _store(*, actor: User | None, beneficiary: Beneficiary, digest: str, action: str) -> None:
    beneficiary.family_token_hash = digest
    beneficiary.save(update_fields=["family_token_hash"])
    log_action(actor=actor, organization=beneficiary.organization, action=action, obj=beneficiary)


@transaction.atomic
def family_link_regenerate(*, actor: User | None, beneficiary: Beneficiary) -> str:
    """A new secret for the family's page; the old link stops working. The token is returned
    once and only its hash is kept."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    _store(
        actor=actor,
        beneficiary=beneficiary,
        digest=token_hash(token),
        action="care.beneficiary.family_link",
    )
    return token


@transaction.atomic
def family_link_revoke(*, actor: User | None, beneficiary: Beneficiary) -> None:
    _store(
        actor=actor,
        beneficiary=beneficiary,
        digest="",
        action="care.beneficiary.family_revoke",
    )
