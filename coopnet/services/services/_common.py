"""Small helpers shared by the service modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User

M = TypeVar("M", bound=models.Model)


def assign(instance: models.Model, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)


def save_audited(
    *,
    actor: User | None,
    instance: M,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    clean: Callable[[M], None],
    action: str,
    audited: tuple[str, ...] | None = None,
) -> M:
    """Assign ``data`` (only ``fields``), clean, save and audit the change: the state before
    when the row existed, the state after always (``audited`` limits the fields logged)."""
    keep = list(audited) if audited else None
    before = snapshot(instance, fields=keep) if instance.pk else None
    assign(instance, data, fields)
    clean(instance)
    instance.save()
    log_action(
        actor=actor,
        organization=instance.organization,  # type: ignore[attr-defined]
        action=action,
        obj=instance,
        before=before,
        after=snapshot(instance, fields=keep),
    )
    return instance


def same_organization(organization: Organization, obj: Any, field: str) -> None:
    """``obj`` (or None) must belong to ``organization``; the error names ``field``."""
    if obj is not None and obj.organization_id != organization.pk:
        raise ValidationError({field: _("Questo elemento non appartiene all'organizzazione.")})


def dates_ordered(start: dt.date | None, end: dt.date | None, field: str = "end_date") -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({field: _("La data di fine non può precedere la data di inizio.")})


def coordinates_pair(
    latitude: Any, longitude: Any, *, lat_field: str = "latitude", lon_field: str = "longitude"
) -> None:
    """Both coordinates or neither, within the globe."""
    if (latitude is None) != (longitude is None):
        field = lon_field if longitude is None else lat_field
        raise ValidationError({field: _("Indica sia la latitudine sia la longitudine.")})
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValidationError({lat_field: _("La latitudine va da -90 a 90.")})
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValidationError({lon_field: _("La longitudine va da -180 a 180.")})


def weekdays(value: str, field: str) -> str:
    """ISO weekday digits (1 = Monday), sorted and without repeats; at least one."""
    digits = "".join(sorted(set(value)))
    if not digits or any(d not in "1234567" for d in digits):
        raise ValidationError({field: _("Scegli almeno un giorno della settimana.")})
    return digits
