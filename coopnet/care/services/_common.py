"""Small helpers shared by the service modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Audited(Generic[M]):
    """How the rows of one model are saved: the fields a form may set, the checks, and the
    audit code (``<action>.create`` for a new row, ``<action>.update`` for an existing one)."""

    fields: tuple[str, ...]
    clean: Callable[[M], None]
    action: str
    audited: tuple[str, ...] | None = None

    def save(self, actor: User | None, instance: M, data: Mapping[str, Any]) -> M:
        verb = "create" if instance._state.adding else "update"
        return save_audited(
            actor=actor,
            instance=instance,
            data=data,
            fields=self.fields,
            clean=self.clean,
            action=f"{self.action}.{verb}",
            audited=self.audited,
        )


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


def minutes(value: dt.time) -> int:
    """Minutes since midnight."""
    return value.hour * 60 + value.minute


def weekdays(value: str, field: str) -> str:
    """ISO weekday digits (1 = Monday), sorted and without repeats; at least one."""
    digits = "".join(sorted(set(value)))
    if not digits or any(d not in "1234567" for d in digits):
        raise ValidationError({field: _("Scegli almeno un giorno della settimana.")})
    return digits


def store_token_hash(*, actor: User | None, obj: Any, field: str, digest: str, action: str) -> None:
    """Keep a secret address's hash on ``obj`` (empty: the address stops working), audited."""
    setattr(obj, field, digest)
    obj.save(update_fields=[field])
    log_action(actor=actor, organization=obj.organization, action=action, obj=obj)
