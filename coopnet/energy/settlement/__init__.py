"""The settlement of a renewable energy community (CER): no Django, Python and numpy.

Hourly integer Wh per POD, plants, points, zonal prices and the numbers of the law go in as
plain values (``model``); ``settle`` gives the shared energy, premium (TIP), valorisation and
each member's part, with the hash of its inputs; ``output.result_json`` writes the JSON of
`energy_settle --json` and of the API. See docs/energy.md.
"""

from .allocation import cents_matching, fill_in_order, largest_remainder
from .hours import ROME, hour_of, local_hours, local_midnight
from .model import (
    MISSING,
    Configuration,
    Gap,
    Inputs,
    Parameters,
    Plant,
    Point,
    Result,
    Tier,
    from_readings,
    price_series,
    series,
)
from .output import kwh, result_json
from .settle import settle

__all__ = [
    "MISSING",
    "ROME",
    "Configuration",
    "Gap",
    "Inputs",
    "Parameters",
    "Plant",
    "Point",
    "Result",
    "Tier",
    "cents_matching",
    "fill_in_order",
    "from_readings",
    "hour_of",
    "kwh",
    "largest_remainder",
    "local_hours",
    "local_midnight",
    "price_series",
    "result_json",
    "series",
    "settle",
]
