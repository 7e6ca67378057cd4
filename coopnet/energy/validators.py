"""Validation of a CER's identifiers, with errors in the user's words."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POD_RE = re.compile(r"^IT\d{3}E\d{8}$")


def clean_pod(value: str) -> str:
    """A POD: ``IT`` + 3-digit distributor + ``E`` + 8 digits (spaces dropped, upper case)."""
    pod = "".join(str(value).split()).upper()
    if not POD_RE.match(pod):
        raise ValidationError(
            _(
                "POD «%(pod)s» non valido: deve essere IT, tre cifre del distributore, E e otto "
                "cifre (ad esempio IT001E12345678)."
            )
            % {"pod": value},
            code="invalid_pod",
        )
    return pod


def validate_pod(value: str) -> None:
    """Model-field validator form of :func:`clean_pod`."""
    clean_pod(value)
