"""The family's read-only link to a beneficiary's visits: create or replace it, revoke it."""

from __future__ import annotations

from django.db import transaction

from coopnet.core.models import User

from ..models import Beneficiary
from ..tokens import new_token
from ._common import store_token_hash


@transaction.atomic
def family_link_regenerate(*, actor: User | None, beneficiary: Beneficiary) -> str:
    """A new secret for the family's page; the old link stops working. The token is returned
    once and only its hash is kept."""
    token, digest = new_token()
    store_token_hash(
        actor=actor,
        obj=beneficiary,
        field="family_token_hash",
        digest=digest,
        action="care.beneficiary.family_link",
    )
    return token


@transaction.atomic
def family_link_revoke(*, actor: User | None, beneficiary: Beneficiary) -> None:
    store_token_hash(
        actor=actor,
        obj=beneficiary,
        field="family_token_hash",
        digest="",
        action="care.beneficiary.family_revoke",
    )
