"""The simulation's pieces, checkable by hand: a consumer's profile adds up to their yearly kWh;
a clear-sky PV plant is dark at night and stronger at noon in June than in December; adding a
consumer or a plant never lowers the shared energy."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from coopnet.energy.settlement import (
    ROME,
    Configuration,
    Plant,
    Point,
    from_readings,
    local_hours,
)
from coopnet.energy.settlement.tests.helpers import H1, H2, PARAMS, day
from coopnet.energy.simulation import NEWCOMER, Site, compare, consumption, production

MILAN = Site(latitude=45.46, longitude=9.19)
CATANIA = Site(latitude=37.50, longitude=15.09)


def _at(hours, wh, month, day, hour):
    """The Wh of the local hour ``hour`` of ``day``/``month``/2025."""
    return wh[hours.index(dt.datetime(2025, month, day, hour, tzinfo=ROME))]


def test_a_flat_profile_spreads_the_year_evenly_in_exact_wh():
    hours = local_hours(dt.date(2025, 6, 2), dt.date(2025, 6, 2))
    # 8760 kWh a year is 1 kWh an hour
    assert consumption(hours, Decimal(8760), "costante") == [1000] * 24


def test_a_household_uses_more_in_the_evening_and_in_winter_and_adds_up():
    hours = local_hours(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    wh = consumption(hours, Decimal(2700), "domestico")
    assert sum(wh) == 2_700_000  # a whole year of 8760 hours
    evening = _at(hours, wh, 1, 15, 20)
    assert evening > _at(hours, wh, 1, 15, 4)
    assert evening > _at(hours, wh, 5, 14, 20)  # same weekday, May


def test_a_pv_plant_produces_nothing_at_night_and_more_at_noon_in_june():
    hours = local_hours(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    wh = production(hours, Decimal(10), MILAN)
    assert _at(hours, wh, 6, 21, 0) == 0
    assert _at(hours, wh, 12, 21, 18) == 0  # dark by 5 pm in December
    june, december = (_at(hours, wh, m, 21, 12) for m in (6, 12))
    assert june > december > 0
    assert june < 10_000  # never above the power
    # a clear-sky year in Milan: about 1,750 kWh per kW; Catania, further south, more
    assert 1500 < sum(wh) / 10_000 < 2000
    assert sum(production(hours, Decimal(10), CATANIA)) > sum(wh)


def test_the_sky_share_scales_the_clear_sky_production():
    hours = local_hours(dt.date(2025, 6, 21), dt.date(2025, 6, 21))
    full = production(hours, Decimal(100), MILAN)
    half = production(hours, Decimal(100), Site(MILAN.latitude, MILAN.longitude, sky_pct=50))
    assert all(abs(h - f / 2) <= 1 for h, f in zip(half, full, strict=True))


def _community(withdrawn=((H1, 3000), (H2, 3000))):
    """A 100 kW plant injecting 5000 Wh at H1 and 1000 Wh at H2; one point withdrawing."""
    config = Configuration(
        code="CP",
        zone="NORD",
        fc_eur_mwh=Decimal(0),
        plants=(Plant(pod="P1", power_kw=Decimal(100), commissioned_at=day(2025, 1, 1)),),
        points=(Point(pod="C1", member="A"),),
    )
    return from_readings(
        [H1, H2],
        [config],
        withdrawal={("C1", h): wh for h, wh in withdrawn},
        injection={("P1", H1): 5000, ("P1", H2): 1000},
        prices={("NORD", H1): Decimal(100), ("NORD", H2): Decimal(100)},
    )


def test_a_new_consumer_takes_the_unshared_injection_by_hand():
    # H1: min(5000; 3000 + 1000) = 4000, the newcomer 1000 of it;
    # H2: min(1000; 3000 + 1000) = 1000, the newcomer 1000 x 1000 / 4000 = 250
    newcomer = Point(pod=NEWCOMER, member=NEWCOMER)
    outcome = compare(_community(), PARAMS, newcomer, [1000, 1000])
    assert (outcome.before.shared_wh, outcome.after.shared_wh) == (4000, 5000)
    assert outcome.newcomer_shared_wh == 1250
    assert outcome.newcomer_wh == 2000
    # 120 €/MWh (min(120; 80 + 80)) x 1000 Wh more shared: 0.12 € more premium
    assert outcome.after.premium_eur - outcome.before.premium_eur == Decimal("0.12")
    assert outcome.before.shared_ratio == Decimal(4000) / 6000


def test_a_new_plant_adds_only_where_consumers_wait_and_nothing_at_night():
    plant = Plant(pod=NEWCOMER, power_kw=Decimal(50), commissioned_at=day(2025, 1, 1))
    outcome = compare(_community(), PARAMS, plant, [0, 4000])
    # H1 was already all shared (3000 of 5000); H2: min(1000 + 4000; 3000) = 3000
    assert (outcome.before.shared_wh, outcome.after.shared_wh) == (4000, 6000)
    assert outcome.newcomer_shared_wh == 2000  # the later plant takes what is left
    dark = compare(_community(), PARAMS, plant, [0, 0])
    assert dark.after.shared_wh == dark.before.shared_wh
    assert dark.newcomer_eur == 0


@pytest.mark.parametrize("seed", range(5))
def test_adding_a_consumer_never_lowers_the_shared_energy(seed):
    draw = random.Random(seed)
    inputs = _community(withdrawn=((H1, draw.randint(0, 6000)), (H2, draw.randint(0, 6000))))
    extra = [draw.randint(0, 6000), draw.randint(0, 6000)]
    outcome = compare(inputs, PARAMS, Point(pod=NEWCOMER, member=NEWCOMER), extra)
    assert outcome.after.shared_wh >= outcome.before.shared_wh
    assert outcome.after.premium_eur >= outcome.before.premium_eur


def test_the_simulation_imports_no_django():
    probe = (
        "import sys, coopnet.energy.simulation\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')))"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[4],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
