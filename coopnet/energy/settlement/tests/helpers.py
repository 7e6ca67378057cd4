"""Builders for the settlement tests: the 2024 numbers of DOMAIN.md §5, written by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coopnet.energy.settlement import Parameters, Tier

PARAMS = Parameters(
    tiers=(
        Tier(Decimal(200), Decimal(80), Decimal(120)),
        Tier(Decimal(600), Decimal(70), Decimal(110)),
        Tier(None, Decimal(60), Decimal(100)),
    ),
    reference_price=Decimal(180),
    f_max=Decimal("0.50"),
    grant_max_pct=Decimal(40),
    premium_years=20,
    valorisation_eur_mwh=Decimal("11.22"),
    social_threshold_pct=Decimal(55),
    social_threshold_grant_pct=Decimal(45),
)

H1 = dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC)
H2 = dt.datetime(2025, 6, 2, 11, tzinfo=dt.UTC)


def day(year: int, month: int, date: int) -> dt.datetime:
    return dt.datetime(year, month, date, tzinfo=dt.UTC)
