"""Each rule of DOMAIN.md §5 on its own; every expected figure is computed by hand in the
comment beside it."""

import datetime as dt
from decimal import Decimal

import pytest

from coopnet.energy.settlement import (
    Configuration,
    Plant,
    Point,
    from_readings,
    local_hours,
    settle,
)
from coopnet.energy.settlement.settle import f_factor, hourly_rate

from .helpers import H1, H2, PARAMS, day


def _plant(pod, kw=100, commissioned=None, **extra):
    commissioned_at = commissioned or day(2024, 1, 1)
    return Plant(pod=pod, power_kw=Decimal(kw), commissioned_at=commissioned_at, **extra)


def _one_config(plants, points, fc=Decimal(0)):
    return (Configuration(code="CP1", zone="NORD", fc_eur_mwh=fc, plants=plants, points=points),)


def _prices(hours, price="200"):
    return {("NORD", h): Decimal(price) for h in hours}


def test_r_cer_3_shared_is_hourly_min_split_by_commissioning_and_pro_rata():
    plants = (_plant("P2", commissioned=day(2024, 2, 1)), _plant("P1"))
    points = (Point("A", "MA"), Point("B", "MB"))
    inputs = from_readings(
        hours=(H1, H2),
        configurations=_one_config(plants, points),
        # h1: injected 7000 > withdrawn 5000; h2: injected 3000 < withdrawn 6000
        injection={("P1", H1): 4000, ("P2", H1): 3000, ("P1", H2): 1000, ("P2", H2): 2000},
        withdrawal={("A", H1): 2000, ("B", H1): 3000, ("A", H2): 4000, ("B", H2): 2000},
        prices=_prices((H1, H2)),
    )
    result = settle(inputs, PARAMS)
    (config,) = result.configurations
    assert (config.injected_wh, config.withdrawn_wh, config.shared_wh) == (10000, 11000, 8000)
    p1, p2 = result.plants
    # h1: P1 (earliest) 4000, P2 1000; h2: P1 1000, P2 2000
    assert (p1.pod, p1.shared_wh, p2.pod, p2.shared_wh) == ("P1", 5000, "P2", 3000)
    # price 200 >= 180: rate = BASE 80 €/MWh; P1 5000 Wh -> 0.40, P2 3000 Wh -> 0.24
    assert (p1.tip_eur, p2.tip_eur, result.premium_eur) == (
        Decimal("0.40"),
        Decimal("0.24"),
        Decimal("0.64"),
    )
    a, b = result.members
    # h1: A 2000, B 3000; h2 shared 3000 pro rata 4000:2000 -> A 2000, B 1000
    assert (a.shared_wh, b.shared_wh) == (4000, 4000)
    # h1 pool 0.40 -> A 0.16 B 0.24; h2 pool 0.24 -> A 0.16 B 0.08
    assert (a.premium_eur, b.premium_eur) == (Decimal("0.32"), Decimal("0.32"))
    # 8000 Wh x 11.22 €/MWh = 0.08976 -> 0.09; A and B 0.04488 each, the tie's cent to A
    assert result.valorisation_eur == Decimal("0.09")
    assert (a.valorisation_eur, b.valorisation_eur) == (Decimal("0.05"), Decimal("0.04"))
    assert result.final


@pytest.mark.parametrize(
    ("kw", "price", "fc", "pv", "expected"),
    [
        ("150", "100", "10", True, "130"),  # min(120; 80 + 80) + 10
        ("150", "150", "10", True, "120"),  # min(120; 80 + 30) + 10
        ("200", "200", "0", True, "80"),  # 200 kW is still the first tier
        ("200.5", "150", "4", True, "104"),  # min(110; 70 + 30) + 4
        ("600", "0", "0", True, "110"),  # min(110; 70 + 180)
        ("601", "140", "10", False, "100"),  # min(100; 60 + 40), no FC off PV
        ("1000", "170.50", "10", True, "79.50"),  # min(100; 60 + 9.5) + 10
        ("150", "-20", "0", True, "120"),  # a negative price: still capped
    ],
)
def test_r_cer_4_premium_rate_by_tier_price_and_regional_correction(kw, price, fc, pv, expected):
    plant = _plant("P", kw=kw, photovoltaic=pv)
    rate, reduced = hourly_rate(plant, Decimal(price), Decimal(fc), PARAMS)
    assert rate == Decimal(expected)
    assert reduced == Decimal(expected)  # no grant: F = 0


@pytest.mark.parametrize(
    ("grant", "expected"), [("0", "0"), ("10", "0.125"), ("20", "0.25"), ("40", "0.5")]
)
def test_r_cer_5_f_is_half_of_grant_over_40(grant, expected):
    assert f_factor(_plant("P", grant_pct=Decimal(grant)), PARAMS) == Decimal(expected)


def test_r_cer_5_exempt_energy_goes_first_to_granted_plants_without_f():
    plants = (_plant("P1"), _plant("P2", commissioned=day(2024, 2, 1), grant_pct=Decimal(40)))
    points = (Point("E", "ME", exempt=True), Point("B", "MB", business=True))
    inputs = from_readings(
        hours=(H1,),
        configurations=_one_config(plants, points),
        injection={("P1", H1): 3000, ("P2", H1): 3000},
        withdrawal={("E", H1): 2000, ("B", H1): 4000},
        prices=_prices((H1,)),
    )
    result = settle(inputs, PARAMS)
    p1, p2 = result.plants
    assert (p1.shared_wh, p1.shared_exempt_wh) == (3000, 0)
    assert (p2.shared_wh, p2.shared_exempt_wh, p2.f_factor) == (3000, 2000, Decimal("0.5"))
    # P1: 3000 x 80 = 0.24; P2: 2000 x 80 (exempt, no F) + 1000 x 80 x 0.5 = 0.16 + 0.04
    assert (p1.tip_eur, p2.tip_eur, result.premium_eur) == (
        Decimal("0.24"),
        Decimal("0.20"),
        Decimal("0.44"),
    )
    b, e = result.members
    # the exempt pool (0.16) goes to E, the rest (0.24 + 0.04) to B
    assert (e.tax_code, e.premium_eur, b.premium_eur) == ("ME", Decimal("0.16"), Decimal("0.28"))


def test_r_cer_5_a_grant_above_40_percent_gets_no_premium():
    plants = (_plant("P", grant_pct=Decimal(45)),)
    inputs = from_readings(
        hours=(H1,),
        configurations=_one_config(plants, (Point("A", "MA"),)),
        injection={("P", H1): 3000},
        withdrawal={("A", H1): 2000},
        prices=_prices((H1,)),
    )
    result = settle(inputs, PARAMS)
    (plant,) = result.plants
    assert (plant.incentivised, plant.shared_wh, plant.tip_eur) == (False, 0, Decimal("0"))
    assert result.configurations[0].shared_wh == 0


def test_r_cer_2_pre_existing_plants_and_plants_past_20_years_share_nothing():
    old = _plant("OLD", pre_existing=True)
    young = _plant("NEW", commissioned=day(2024, 1, 1))
    after_20_years = dt.datetime(2044, 1, 1, 10, tzinfo=dt.UTC)
    before_20_years = dt.datetime(2043, 12, 31, 22, tzinfo=dt.UTC)
    inputs = from_readings(
        hours=(before_20_years, after_20_years),
        configurations=_one_config((old, young), (Point("A", "MA"),)),
        injection={
            ("OLD", before_20_years): 5000,
            ("OLD", after_20_years): 5000,
            ("NEW", before_20_years): 1000,
            ("NEW", after_20_years): 1000,
        },
        withdrawal={("A", before_20_years): 4000, ("A", after_20_years): 4000},
        prices={("NORD", before_20_years): Decimal(200), ("NORD", after_20_years): Decimal(200)},
    )
    result = settle(inputs, PARAMS)
    new, old_result = result.plants
    assert (old_result.pod, old_result.shared_wh, old_result.incentivised) == ("OLD", 0, False)
    assert (new.pod, new.shared_wh) == ("NEW", 1000)  # only the hour before the 20 years end
    assert result.configurations[0].shared_wh == 1000


@pytest.mark.parametrize(
    ("withdrawn", "grant", "premium", "threshold", "excess"),
    [
        # 6000 of 10000 = 60%; 60 - 55 = 5% of 0.48 (6000 x 80) = 0.024
        (6000, "0", "0.48", "55", "0.02"),
        # with a grant: 60 - 45 = 15% of 0.36 (6000 x 80 x 0.75) = 0.054
        (6000, "20", "0.36", "45", "0.05"),
        # 50% < 55%: no excess
        (5000, "0", "0.40", "55", "0.00"),
    ],
)
def test_r_cer_6_social_excess_above_55_or_45_percent(withdrawn, grant, premium, threshold, excess):
    inputs = from_readings(
        hours=(H1,),
        configurations=_one_config((_plant("P", grant_pct=Decimal(grant)),), (Point("A", "MA"),)),
        injection={("P", H1): 10000},
        withdrawal={("A", H1): withdrawn},
        prices=_prices((H1,)),
    )
    result = settle(inputs, PARAMS)
    (config,) = result.configurations
    assert result.premium_eur == Decimal(premium)
    assert config.threshold_pct == Decimal(threshold)
    assert result.social_excess_eur == Decimal(excess)


def test_r_cer_7_valorisation_is_shared_energy_times_the_unit_value():
    inputs = from_readings(
        hours=(H1,),
        configurations=_one_config((_plant("P"),), (Point("A", "MA"),)),
        injection={("P", H1): 200000},
        withdrawal={("A", H1): 123456},
        prices=_prices((H1,)),
    )
    # 123456 Wh x 11.22 €/MWh = 1.38517632 €
    assert settle(inputs, PARAMS).valorisation_eur == Decimal("1.39")


def test_an_autumn_dst_day_settles_25_hours():
    hours = local_hours(dt.date(2026, 10, 25), dt.date(2026, 10, 25))
    inputs = from_readings(
        hours=hours,
        configurations=_one_config((_plant("P"),), (Point("A", "MA"),)),
        injection={("P", h): 2000 for h in hours},
        withdrawal={("A", h): 1000 for h in hours},
        prices=_prices(hours),
    )
    result = settle(inputs, PARAMS)
    assert result.configurations[0].shared_wh == 25000
    assert result.premium_eur == Decimal("2.00")  # 25000 Wh x 80 €/MWh
    assert result.final


def test_missing_hours_and_prices_are_reported_and_the_result_is_not_final():
    hours = local_hours(dt.date(2026, 3, 29), dt.date(2026, 3, 29))  # 23 hours
    withdrawal = {("A", h): 1000 for h in hours}
    del withdrawal[("A", hours[5])], withdrawal[("A", hours[6])]
    prices = _prices(hours)
    del prices[("NORD", hours[0])]
    inputs = from_readings(
        hours=hours,
        configurations=_one_config((_plant("P"),), (Point("A", "MA"),)),
        injection={("P", h): 2000 for h in hours},
        withdrawal=withdrawal,
        prices=prices,
    )
    result = settle(inputs, PARAMS)
    assert not result.final
    gaps = [(g.kind, g.key, g.first, g.last, g.hours) for g in result.gaps]
    assert gaps == [
        ("prelievo", "A", hours[5], hours[6], 2),
        ("prezzo", "NORD", hours[0], hours[0], 1),
    ]
    # the 21 hours with data are shared; the hour without a price earns no premium
    assert result.configurations[0].shared_wh == 21000
    assert result.premium_eur == Decimal("1.60")  # 20000 Wh x 80 €/MWh


def test_a_point_counts_only_while_its_mandate_lasts():
    point = Point("A", "MA", active_from=H2)
    inputs = from_readings(
        hours=(H1, H2),
        configurations=_one_config((_plant("P"),), (point,)),
        injection={("P", H1): 2000, ("P", H2): 2000},
        withdrawal={("A", H2): 1000},  # nothing is missing before the mandate
        prices=_prices((H1, H2)),
    )
    result = settle(inputs, PARAMS)
    assert (result.configurations[0].shared_wh, result.final) == (1000, True)
