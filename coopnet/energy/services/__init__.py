"""Every write of the energy app: imports (``imports``), settlements (``settlements``) and
the distribution (``distribution``)."""

from .distribution import distribution_create, gse_import, rule_create
from .imports import prices_import, readings_import, register_import
from .settlements import settlement_run

__all__ = [
    "distribution_create",
    "gse_import",
    "prices_import",
    "readings_import",
    "register_import",
    "rule_create",
    "settlement_run",
]
