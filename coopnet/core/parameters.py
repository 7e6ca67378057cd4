"""Dated legal parameters: the value of a rule's number in force on a given day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from .models import Parameter, Region


class ParameterMissingError(LookupError):
    """No value of a parameter is in force on the requested day."""


def parameter_value(key: str, on: dt.date, *, region: Region | str | None = None) -> Decimal:
    """The value of ``key`` in force on ``on``; a regional value wins over the national one."""
    region_code = region.code if isinstance(region, Region) else region
    rows = list(
        Parameter.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            Q(region__isnull=True) | Q(region_id=region_code),
            key=key,
            valid_from__lte=on,
        )
    )
    if not rows:
        raise ParameterMissingError(f"No value for parameter {key!r} on {on.isoformat()}")
    best = max(rows, key=lambda p: (p.region_id is not None, p.valid_from))
    return best.value
