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


def carer_by_token(token: str) -> Carer:
    """The carer whose calendar feed has this token (``Carer.DoesNotExist`` if none)."""
    return Carer.objects.select_related("organization").get(ics_token_hash=hash_token(token))


def beneficiary_by_family_token(token: str) -> Beneficiary:
    """The beneficiary still in care whose family link has this token (a discharge ends it;
    ``Beneficiary.DoesNotExist`` if none)."""
    return Beneficiary.objects.select_related("organization", "person").get(
        family_token_hash=hash_token(token), active=True
    )
