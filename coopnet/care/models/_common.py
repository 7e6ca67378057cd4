"""Helpers shared by the model modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

ISO_WEEKDAYS = "1234567"  # Monday = 1, as datetime.date.isoweekday()


def coordinate(label: StrOrPromise) -> models.DecimalField:
    return models.DecimalField(label, max_digits=9, decimal_places=6, null=True, blank=True)


def weekday_names() -> list[tuple[str, str]]:
    """(ISO digit, short Italian name) from Monday to Sunday."""
    names = (_("lun"), _("mar"), _("mer"), _("gio"), _("ven"), _("sab"), _("dom"))
    return [(digit, str(name)) for digit, name in zip(ISO_WEEKDAYS, names, strict=True)]
