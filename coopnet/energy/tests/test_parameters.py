"""The CER numbers are dated parameters (core 0012), a regional row winning for FC."""

import datetime as dt
from decimal import Decimal

import pytest

from coopnet.core.parameters import parameter_value
from coopnet.energy import law

DAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("region", "expected"),
    [("03", "10"), ("04", "10"), ("09", "4"), ("13", "4"), ("15", "0"), ("20", "0")],
)
def test_r_cer_4_regional_correction_north_centre_elsewhere(db, region, expected):
    assert parameter_value("cer.fc_pv", DAY, region=region) == Decimal(expected)


def test_r_cer_5_natural_persons_exempt_only_from_dm_127_2025(db):
    assert law.exempt("persona_fisica", dt.date(2025, 5, 15)) is False
    assert law.exempt("persona_fisica", dt.date(2025, 5, 16)) is True
    assert law.exempt("ente_religioso", dt.date(2024, 6, 1)) is True
    assert law.exempt("pmi", DAY) is False


def test_settlement_parameters_are_the_numbers_of_dm_414(db):
    params = law.settlement_parameters(DAY)
    tiers = [(t.max_kw, t.base, t.cap) for t in params.tiers]
    assert tiers == [
        (Decimal(200), Decimal(80), Decimal(120)),
        (Decimal(600), Decimal(70), Decimal(110)),
        (None, Decimal(60), Decimal(100)),
    ]
    assert (params.reference_price, params.f_max, params.grant_max_pct) == (
        Decimal(180),
        Decimal("0.5"),
        Decimal(40),
    )
    assert (params.premium_years, params.valorisation_eur_mwh) == (20, Decimal("11.22"))
    assert (params.social_threshold_pct, params.social_threshold_grant_pct) == (
        Decimal(55),
        Decimal(45),
    )


def test_an_old_valorisation_value_is_a_warning(db):
    said = " ".join(law.warnings(DAY))
    assert "R-CER-7" in said
    assert "2024" in said
    assert "[U]" in said  # the FC region list
