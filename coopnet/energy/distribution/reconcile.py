"""Comparing coopnet's settlement with the GSE's statement, month by month and configuration
by configuration: every figure that differs, and the months one side lacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

Key = tuple[dt.date, str]  # (first day of the month, configuration code)

SAME = "same"
DIFFERENT = "different"
NO_GSE = "no_gse"  # coopnet settled the month, the GSE statement has no row
NO_COOPNET = "no_coopnet"  # the GSE paid a month coopnet has not settled


@dataclass(frozen=True)
class Figures:
    shared_kwh: Decimal
    tip_eur: Decimal
    valorisation_eur: Decimal


@dataclass(frozen=True)
class Line:
    month: dt.date
    configuration: str
    coopnet: Figures | None
    gse: Figures | None
    status: str

    def difference(self, name: str) -> Decimal | None:
        """GSE minus coopnet for one figure (None when a side is missing)."""
        if self.coopnet is None or self.gse is None:
            return None
        result: Decimal = getattr(self.gse, name) - getattr(self.coopnet, name)
        return result

    @property
    def differences(self) -> dict[str, Decimal | None]:
        return {name: self.difference(name) for name in Figures.__dataclass_fields__}


def reconcile(coopnet: Mapping[Key, Figures], gse: Mapping[Key, Figures]) -> list[Line]:
    """One line per month and configuration on either side, by month then code."""
    lines = []
    for key in sorted(set(coopnet) | set(gse)):
        ours, theirs = coopnet.get(key), gse.get(key)
        if theirs is None:
            status = NO_GSE
        elif ours is None:
            status = NO_COOPNET
        else:
            status = SAME if ours == theirs else DIFFERENT
        lines.append(Line(key[0], key[1], ours, theirs, status))
    return lines
