"""Validation of Italian identifiers with python-stdnum, with errors in the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
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
