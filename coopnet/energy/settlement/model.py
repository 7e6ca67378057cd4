"""The typed inputs and outputs of a CER settlement (plain values, no Django).

Energy is integer Wh; prices and tariffs are Decimal €/MWh; hours are the UTC instants at
which each hour starts (``hours.local_hours`` gives the hours of local days, DST included).
Readings and prices are series aligned on ``Inputs.hours`` (one value per hour, ``MISSING``
or None where there is none): a year of 1,000 points is 70 MB of int64, not a dict of
tuples. ``from_readings`` builds them from ``{(POD, hour): Wh}`` mappings.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Hour = dt.datetime  # the UTC instant an hour starts
MISSING = -1  # no reading for that hour
Series = Sequence[int]  # Wh per hour of Inputs.hours, MISSING where absent
PriceSeries = Sequence[Decimal | None]  # €/MWh per hour of Inputs.hours


@dataclass(frozen=True)
class Tier:
    """A power tier of the premium (R-CER-4): up to ``max_kw`` (None: any power)."""

    max_kw: Decimal | None
    base: Decimal  # €/MWh
    cap: Decimal  # €/MWh


@dataclass(frozen=True)
class Parameters:
    """The numbers of the law a settlement uses, as plain values (core.Parameter upstream)."""

    tiers: tuple[Tier, ...]  # by increasing max_kw, the last one open
    reference_price: Decimal  # the 180 of min(CAP; BASE + max(0; 180 - Pz)), €/MWh
    f_max: Decimal  # 0.50 of F = 0.50 x grant% / 40 (R-CER-5)
    grant_max_pct: Decimal  # 40: above it the plant gets no premium
    premium_years: int  # 20 years from commissioning (R-CER-4)
    valorisation_eur_mwh: Decimal  # ARERA CU_Af (R-CER-7)
    social_threshold_pct: Decimal  # 55 (R-CER-6)
    social_threshold_grant_pct: Decimal  # 45 with a capital grant (R-CER-6)

    def as_json(self) -> dict[str, Any]:
        return {
            "tiers": [
                {
                    "max_kw": None if t.max_kw is None else str(t.max_kw),
                    "base": str(t.base),
                    "cap": str(t.cap),
                }
                for t in self.tiers
            ],
            "reference_price": str(self.reference_price),
            "f_max": str(self.f_max),
            "grant_max_pct": str(self.grant_max_pct),
            "premium_years": self.premium_years,
            "valorisation_eur_mwh": str(self.valorisation_eur_mwh),
            "social_threshold_pct": str(self.social_threshold_pct),
            "social_threshold_grant_pct": str(self.social_threshold_grant_pct),
        }


@dataclass(frozen=True)
class Plant:
    """A production plant of a configuration."""

    pod: str
    power_kw: Decimal
    commissioned_at: Hour  # the instant its commissioning day starts
    grant_pct: Decimal = Decimal(0)  # capital grant, % of eligible costs
    pre_existing: bool = False  # counted in the 30% cap, never incentivised (R-CER-2)
    photovoltaic: bool = True  # the regional correction FC applies to PV only
    owner: str = ""  # the owner's tax code


@dataclass(frozen=True)
class Point:
    """A member's withdrawal point, counted while its mandate lasts [active_from, active_to)."""

    pod: str
    member: str  # the member's tax code
    exempt: bool = False  # F is not applied to its shared energy (R-CER-5)
    business: bool = False  # limited by the social-destination rule (R-CER-6)
    active_from: Hour | None = None
    active_to: Hour | None = None  # excluded

    def active(self, hour: Hour) -> bool:
        return (self.active_from is None or hour >= self.active_from) and (
            self.active_to is None or hour < self.active_to
        )


@dataclass(frozen=True)
class Configuration:
    """The plants and points under one primary substation, in one market zone."""

    code: str
    zone: str
    fc_eur_mwh: Decimal  # the regional correction of its region (R-CER-4)
    plants: tuple[Plant, ...] = ()
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Inputs:
    """Everything a settlement reads: a POD or zone without a series, or MISSING/None in it,
    is missing data, never zero."""

    hours: tuple[Hour, ...]
    configurations: tuple[Configuration, ...]
    withdrawal: Mapping[str, Series] = field(default_factory=dict)  # POD -> Wh by hour
    injection: Mapping[str, Series] = field(default_factory=dict)  # POD -> Wh by hour
    prices: Mapping[str, PriceSeries] = field(default_factory=dict)  # zone -> €/MWh by hour

    def index(self, instant: Hour | None, default: int) -> int:
        """The index of the first hour at or after ``instant`` (``default`` for None)."""
        return default if instant is None else bisect.bisect_left(self.hours, instant)


def series(hours: Sequence[Hour], readings: Mapping[tuple[str, Hour], int]) -> dict[str, Series]:
    """``{(POD, hour): Wh}`` as one series per POD aligned on ``hours``."""
    position = {hour: i for i, hour in enumerate(hours)}
    out: dict[str, array[int]] = {}
    for (pod, hour), wh in readings.items():
        if hour in position:
            out.setdefault(pod, array("q", [MISSING]) * len(hours))[position[hour]] = wh
    return dict(out)


def price_series(
    hours: Sequence[Hour], prices: Mapping[tuple[str, Hour], Decimal]
) -> dict[str, PriceSeries]:
    """``{(zone, hour): €/MWh}`` as one series per zone aligned on ``hours``."""
    position = {hour: i for i, hour in enumerate(hours)}
    out: dict[str, list[Decimal | None]] = {}
    for (zone, hour), price in prices.items():
        if hour in position:
            out.setdefault(zone, [None] * len(hours))[position[hour]] = price
    return dict(out)


def from_readings(
    hours: Sequence[Hour],
    configurations: Sequence[Configuration],
    withdrawal: Mapping[tuple[str, Hour], int] | None = None,
    injection: Mapping[tuple[str, Hour], int] | None = None,
    prices: Mapping[tuple[str, Hour], Decimal] | None = None,
) -> Inputs:
    """Inputs from mappings keyed by (POD or zone, hour), as tests and small callers hold them."""
    return Inputs(
        hours=tuple(hours),
        configurations=tuple(configurations),
        withdrawal=series(hours, withdrawal or {}),
        injection=series(hours, injection or {}),
        prices=price_series(hours, prices or {}),
    )


# --- results -------------------------------------------------------------------------------


@dataclass
class PlantResult:
    pod: str
    configuration: str
    incentivised: bool
    f_factor: Decimal
    injected_wh: int = 0
    shared_wh: int = 0
    shared_exempt_wh: int = 0  # of shared_wh, energy of exempt points (F not applied)
    tip_exact: Decimal = Decimal(0)  # € before rounding
    tip_eur: Decimal = Decimal(0)


@dataclass
class ConfigurationResult:
    code: str
    injected_wh: int = 0  # by incentivised plants
    withdrawn_wh: int = 0  # by member points
    shared_wh: int = 0
    premium_exact: Decimal = Decimal(0)
    threshold_pct: Decimal = Decimal(0)
    excess_pct: Decimal = Decimal(0)
    social_excess_eur: Decimal = Decimal(0)


@dataclass
class MemberResult:
    tax_code: str
    business: bool
    shared_wh: int = 0
    configurations: dict[str, int] = field(default_factory=dict)  # shared Wh in each
    premium_exact: Decimal = Decimal(0)
    valorisation_exact: Decimal = Decimal(0)
    premium_eur: Decimal = Decimal(0)
    valorisation_eur: Decimal = Decimal(0)

    @property
    def eur(self) -> Decimal:
        return self.premium_eur + self.valorisation_eur


@dataclass(frozen=True)
class Gap:
    """Consecutive hours without data: a POD's readings in one direction, or a zone's price."""

    kind: str  # "prelievo", "immissione" or "prezzo"
    key: str  # POD or zone
    first: Hour
    last: Hour  # the start of the last missing hour
    hours: int


@dataclass
class Result:
    input_hash: str
    configurations: list[ConfigurationResult]
    plants: list[PlantResult]
    members: list[MemberResult]
    valorisation_eur: Decimal
    premium_eur: Decimal
    social_excess_eur: Decimal
    gaps: list[Gap]

    @property
    def final(self) -> bool:
        """Only a settlement with every hour of every point, plant and price is final."""
        return not self.gaps
