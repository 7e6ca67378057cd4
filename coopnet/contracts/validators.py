"""Field validators of the contracts app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError


def validate_iban(value: str) -> None:
    """An IBAN with a valid country format and check digits (python-stdnum)."""
    try:
        iban.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("IBAN non valido: controlla le cifre e il codice del paese."), code="iban"
        ) from error
