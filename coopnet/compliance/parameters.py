"""Dated parameters for a compliance run: each lookup made once per key, day and region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coopnet.core.models import Organization, Parameter
from coopnet.core.parameters import parameter_value


class ParameterReader:
    """``parameter_value`` remembered for one run, so many organizations share each lookup.

    A region is passed only for keys that region overrides (one query finds them), so with no
    regional rows every organization shares the national value.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[str, dt.date, str | None], Decimal] = {}
        self._overrides: set[tuple[str, str]] | None = None

    def value(self, key: str, on: dt.date, region: str | None = None) -> Decimal:
        if self._overrides is None:
            self._overrides = set(
                Parameter.objects.filter(region__isnull=False).values_list("key", "region_id")
            )
        if region is not None and (key, region) not in self._overrides:
            region = None
        memo_key = (key, on, region)
        if memo_key not in self._memo:
            self._memo[memo_key] = parameter_value(key, on, region=region)
        return self._memo[memo_key]


def region_code(organization: Organization) -> str | None:
    comune = organization.seat_comune
    return comune.province.region_id if comune is not None else None
