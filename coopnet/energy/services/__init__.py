"""Every write of the energy app: imports (``imports``), the same uploaded from the pages as
background jobs (``jobs``), settlements (``settlements``) and the distribution
(``distribution``)."""

from .distribution import distribution_create, gse_import, rule_create
from .imports import prices_import, readings_import, register_import
from .jobs import IMPORT_JOB, import_check, import_confirm
from .settlements import settlement_run

__all__ = [
    "IMPORT_JOB",
    "distribution_create",
    "gse_import",
    "import_check",
    "import_confirm",
    "prices_import",
    "readings_import",
    "register_import",
    "rule_create",
    "settlement_run",
]
