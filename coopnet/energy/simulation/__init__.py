"""Simulating a prospective member or plant (issue 13 item 7), no Django: their hourly series
(``profiles`` for a consumer, ``pv`` for a PV plant, clear sky by pvlib) and the settlement of
their configuration with and without them (``compare``). See docs/energy.md."""

from .compare import NEWCOMER, Comparison, Figures, alone, compare
from .profiles import SHAPES, consumption
from .pv import Site, production

__all__ = [
    "NEWCOMER",
    "SHAPES",
    "Comparison",
    "Figures",
    "Site",
    "alone",
    "compare",
    "consumption",
    "production",
]
