"""The settlement of a renewable energy community (CER): pure Python, no Django.

Hourly integer Wh per POD, plants, points, zonal prices and the numbers of the law go in as
plain values (``model``); ``settle`` gives the shared energy, premium (TIP), valorisation and
each member's part, with the hash of its inputs; ``output.result_json`` writes the JSON of
`energy_settle --json` and of the API. See docs/energy.md.
"""

from .allocation import cents_matching, fill_in_order, largest_remainder
from .hours import ROME, hour_of, local_hours, local_midnight
from .model import (
    Configuration,
    Gap,
    Inputs,
    Parameters,
    Plant,
    Point,
    Result,
    Tier,
)
from .output import kwh, result_json
from .settle import settle

__all__ = [
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
    "hour_of",
    "kwh",
    "largest_remainder",
    "local_hours",
    "local_midnight",
    "result_json",
    "settle",
]
