"""Personal access tokens: only a SHA-256 hash is stored; the secret is shown once."""

from __future__ import annotations

import hashlib
import secrets

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import ApiToken, RoleAssignment

TOKEN_PREFIX = "cn_"  # noqa: S105  a public marker, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A new raw token and the public prefix that identifies it in lists."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return raw, raw[: len(TOKEN_PREFIX) + 8]


def token_from_secret(raw: str) -> ApiToken | None:
    """The active token for ``raw``, marking it used; None when unknown or revoked.

    A token also stops working when its user no longer holds its role in its organization
    (platform administrators excepted: they need no role).
    """
    role_held = RoleAssignment.objects.filter(
        user=OuterRef("user"), organization=OuterRef("organization"), role=OuterRef("role")
    )
    token = (
        ApiToken.objects.select_related("user", "organization")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(user__is_superuser=True) | Exists(role_held))
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
