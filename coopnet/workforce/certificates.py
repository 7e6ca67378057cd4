"""Certificates of disadvantage at rest: checked on upload, Fernet-encrypted on disk.

No access control here: ``vault`` calls these helpers after its checks and logs the access.
The keys come from ``COOPNET_VAULT_KEYS`` (newest first); ``MultiFernet`` encrypts with the
first and decrypts with any, so an old key is dropped only after ``vault_rotate_keys``.
"""

from __future__ import annotations

import uuid
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# The accepted types, told by the file's first bytes, never by its name or the browser.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.COOPNET_VAULT_KEYS])


def kind_of(content: bytes) -> tuple[str, str] | None:
    """The content type and extension of a PDF, JPEG or PNG file; None for anything else."""
    for signature, content_type, extension in _SIGNATURES:
        if content.startswith(signature):
            return content_type, extension
    return None


def read_upload(upload: UploadedFile) -> bytes:
    """The uploaded file's bytes, once its size and type are acceptable."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            {"document": _("Il file supera i %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}}
        )
    content = upload.read()
    if kind_of(content) is None:
        raise ValidationError(
            {"document": _("Il certificato deve essere un file PDF, JPEG o PNG.")}
        )
    return content


def store(field: FieldFile, content: bytes) -> None:
    """Encrypt ``content`` into a new file under a random name (the person's name or a
    diagnosis in the original file name would be readable on disk)."""
    field.save(f"{uuid.uuid4().hex}.bin", ContentFile(_fernet().encrypt(content)), save=False)


def _ciphertext(field: FieldFile) -> bytes:
    assert field.name, "no file stored"
    with field.storage.open(field.name, "rb") as handle:
        data: bytes = handle.read()
    return data


def decrypt(field: FieldFile) -> bytes:
    return _fernet().decrypt(_ciphertext(field))


def reencrypt(field: FieldFile) -> str | None:
    """Re-encrypt a stored file with the newest key into a new file; answers the old file's
    name, to delete once the row points to the new one (None when nothing changed)."""
    token = _ciphertext(field)
    try:
        Fernet(settings.COOPNET_VAULT_KEYS[0]).decrypt(token)
    except InvalidToken:
        old_name = field.name
        field.save(f"{uuid.uuid4().hex}.bin", ContentFile(_fernet().rotate(token)), save=False)
        return old_name
    return None


@checks.register(checks.Tags.security)
def check_vault_keys(**kwargs: Any) -> list[checks.CheckMessage]:
    """Every key in ``COOPNET_VAULT_KEYS`` must be a Fernet key (32 url-safe base64 bytes)."""
    errors: list[checks.CheckMessage] = []
    for position, key in enumerate(settings.COOPNET_VAULT_KEYS, start=1):
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                checks.Error(
                    f"COOPNET_VAULT_KEYS: key number {position} is not a Fernet key.",
                    hint="Generate one with: python -c 'from cryptography.fernet import "
                    "Fernet; print(Fernet.generate_key().decode())'",
                    id="workforce.E001",
                )
            )
    return errors
