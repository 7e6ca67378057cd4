"""Validation of Italian identifiers with python-stdnum and of uploaded files, with errors in the
user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.it import codicefiscale, iva


def _reason(error: ValidationError) -> str:
    if isinstance(error, InvalidLength):
        return _("la lunghezza non è corretta")
    if isinstance(error, InvalidChecksum):
        return _("il carattere di controllo non corrisponde: controlla di averlo copiato bene")
    if isinstance(error, InvalidFormat):
        return _("contiene caratteri non ammessi")
    return _("non è valido")


def clean_codice_fiscale(value: str) -> str:
    """Normalise and check a codice fiscale (16 characters for people, 11 digits for entities)."""
    try:
        return str(codicefiscale.validate(value))
    except ValidationError as error:
        raise DjangoValidationError(
            _("Codice fiscale non valido: %(reason)s.") % {"reason": _reason(error)},
            code="invalid_codice_fiscale",
        ) from error


def clean_partita_iva(value: str) -> str:
    """Normalise and check an Italian partita IVA (11 digits)."""
    try:
        return str(iva.validate(value))
    except ValidationError as error:
        raise DjangoValidationError(
            _("Partita IVA non valida: %(reason)s.") % {"reason": _reason(error)},
            code="invalid_partita_iva",
        ) from error


def validate_codice_fiscale(value: str) -> None:
    """Model-field validator form of :func:`clean_codice_fiscale`."""
    clean_codice_fiscale(value)


def validate_partita_iva(value: str) -> None:
    """Model-field validator form of :func:`clean_partita_iva`."""
    clean_partita_iva(value)


PICTURE_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
FILE_EXTENSIONS = [*PICTURE_EXTENSIONS, "pdf", "odt", "docx", "ods", "xlsx", "txt"]


def check_upload(
    upload: UploadedFile, *, max_bytes: int, picture: bool = False, field: str | None = None
) -> None:
    """Refuse a picture that is not JPEG, PNG or WebP (by its name) and a file larger than
    ``max_bytes``; the error says the reason, on ``field`` when a service names it (a form's
    ``clean_<field>`` leaves it out: Django puts it there)."""
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    reason = None
    if picture and extension not in PICTURE_EXTENSIONS:
        reason = _("Una foto dev'essere JPEG, PNG o WebP.")
    elif (upload.size or 0) > max_bytes:
        reason = _("Il file supera i %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)}
    if reason is not None:
        error = DjangoValidationError(reason, code="upload")
        raise DjangoValidationError({field: error}) if field else error
