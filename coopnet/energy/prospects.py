"""A prospective member or plant (issue 13 item 7): the simulation form's answers as the pure
simulation's newcomer, over the last year of stored readings of their configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.models import Organization
from coopnet.core.parameters import ParameterMissingError, parameter_value

from . import law, selectors
from .forms import SKY_PCT, SimulationForm
from .settlement import Plant, Point, local_midnight
from .simulation import NEWCOMER, Comparison, Site, alone, compare, consumption, production


@dataclass(frozen=True)
class Prospect:
    configuration: str
    consumer: bool
    first_day: dt.date
    last_day: dt.date
    comparison: Comparison


def _year_of_readings(organization: Organization) -> tuple[dt.date, dt.date]:
    last = selectors.last_reading_day(organization)
    if last is None:
        raise ValidationError(
            {"configuration": _("Nessuna lettura registrata: la simulazione usa l'ultimo anno.")}
        )
    try:
        first = last.replace(year=last.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        first = dt.date(last.year - 1, 3, 1)
    return first, last


def prospect_run(*, organization: Organization, data: dict[str, Any]) -> Prospect:
    """Settle the configuration's last year of readings without and with the newcomer
    (``SimulationForm.cleaned_data``); nothing is stored."""
    first, last = _year_of_readings(organization)
    try:
        params = law.settlement_parameters(first)
        plant_max = parameter_value("cer.plant_max_kw", first)
        inputs = alone(
            selectors.settlement_inputs(organization, first, last), data["configuration"]
        )
    except ParameterMissingError as error:
        raise ValidationError({"configuration": error.user_message()}) from error
    consumer = data["newcomer"] == SimulationForm.CONSUMER
    newcomer: Point | Plant
    if consumer:
        kind = data["member_kind"]
        newcomer = Point(
            pod=NEWCOMER,
            member=NEWCOMER,
            exempt=law.exempt(kind, first),
            business=law.business(kind),
        )
        wh = consumption(inputs.hours, data["yearly_kwh"], data["shape"])
    else:
        if data["power_kw"] > plant_max:
            raise ValidationError(
                {
                    "power_kw": _("Un impianto incentivato ha al massimo %(kw)s kW (R-CER-2).")
                    % {"kw": plant_max}
                }
            )
        newcomer = Plant(
            pod=NEWCOMER,
            power_kw=data["power_kw"],
            commissioned_at=local_midnight(first),
            grant_pct=data["grant_pct"] or Decimal(0),
            owner=NEWCOMER,
        )
        given = {k: data[k] for k in ("tilt", "azimuth") if data[k] is not None}
        sky = SKY_PCT if data["sky_pct"] is None else data["sky_pct"]
        site = Site(data["latitude"], data["longitude"], sky_pct=sky, **given)
        wh = production(inputs.hours, data["power_kw"], site)
    return Prospect(
        configuration=data["configuration"],
        consumer=consumer,
        first_day=first,
        last_day=last,
        comparison=compare(inputs, params, newcomer, wh),
    )
