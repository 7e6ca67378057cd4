"""A prospective PV plant's hourly injection from its power and place, with no network: the
clear-sky irradiance of pvlib (Ineichen model, with the monthly Linke turbidity shipped in
pvlib) on the tilted modules (isotropic sky), through PVWatts' DC model at 25 °C, less the
system losses. Each hour's energy is the power at its midpoint times one hour.

Cloudless days give an upper bound: real years give less (in Italy roughly 65-80% of it),
which ``Site.sky_pct`` scales down uniformly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

HALF_HOUR = dt.timedelta(minutes=30)
GAMMA_PDC = -0.004  # PVWatts' power temperature coefficient, 1/°C (no effect at 25 °C)


@dataclass(frozen=True)
class Site:
    latitude: float
    longitude: float
    tilt: float = 30.0  # degrees from horizontal
    azimuth: float = 180.0  # degrees from north, 180 = south
    losses_pct: float = 14.0  # PVWatts' default system losses
    sky_pct: float = 100.0  # share of the clear-sky production a real year gives


def production(hours: Sequence[dt.datetime], power_kw: Decimal, site: Site) -> list[int]:
    """Wh injected in each hour (UTC instants), clear sky; zero at night."""
    import pandas as pd  # imported here: pvlib and pandas cost a second at startup
    import pvlib

    times = pd.DatetimeIndex([h + HALF_HOUR for h in hours])
    place = pvlib.location.Location(site.latitude, site.longitude)
    sun = place.get_solarposition(times)
    # the day of the year given as numbers and the turbidity by month: pvlib's own reading
    # of the day of the year warns under pandas 3
    extra = pvlib.irradiance.get_extra_radiation(np.asarray(times.day_of_year))
    sky = place.get_clearsky(times, solar_position=sun, dni_extra=extra, interp_turbidity=False)
    plane = pvlib.irradiance.get_total_irradiance(
        site.tilt,
        site.azimuth,
        sun["apparent_zenith"],
        sun["azimuth"],
        sky["dni"],
        sky["ghi"],
        sky["dhi"],
    )
    watts = pvlib.pvsystem.pvwatts_dc(
        plane["poa_global"], temp_cell=25.0, pdc0=float(power_kw) * 1000, gamma_pdc=GAMMA_PDC
    )
    wh = (
        np.nan_to_num(np.asarray(watts, dtype=float))
        * (1 - site.losses_pct / 100)
        * site.sky_pct
        / 100
    )
    return [int(v) for v in np.clip(np.rint(wh), 0, None)]
