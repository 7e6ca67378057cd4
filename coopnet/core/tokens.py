"""Personal access tokens: only a SHA-256 hash is stored; the secret is shown once."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken

TOKEN_PREFIX = "cn_"  # noqa: S105  a public marker, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A new raw token and the public prefix that identifies it in lists."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return raw, raw[: len(TOKEN_PREFIX) + 8]


def token_from_secret(raw: str) -> ApiToken | None:
    """The active token for ``raw``, marking it used; None when unknown or revoked."""
    token = (
        ApiToken.objects.select_related("user", "organization")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
