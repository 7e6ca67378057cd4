"""The secret addresses of care (a carer's calendar feed, a family's page): only a SHA-256 hash
of each token is stored, and the token alone finds its row, before any organization is known
(as ``core.tokens`` does for API tokens)."""

from __future__ import annotations

import secrets

from coopnet.core.tokens import hash_token

from .models import Beneficiary, Carer

TOKEN_BYTES = 32


def new_token() -> tuple[str, str]:
    """A new secret and the hash to store; the secret is shown once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def carer_by_token(token: str) -> Carer | None:
    """The carer whose calendar feed has this token."""
    if not token:
        return None
    return (
        Carer.objects.filter(ics_token_hash=hash_token(token))
        .select_related("organization")
        .first()
    )


def beneficiary_by_family_token(token: str) -> Beneficiary | None:
    """The beneficiary still in care whose family link has this token (a discharge ends it)."""
    if not token:
        return None
    return (
        Beneficiary.objects.filter(family_token_hash=hash_token(token), active=True)
        .select_related("organization", "person")
        .first()
    )
