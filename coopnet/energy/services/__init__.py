"""Every write of the energy app: imports (``imports``), the same uploaded from the pages as
background jobs (``jobs``) and settlements (``settlements``)."""

from .imports import prices_import, readings_import, register_import
from .jobs import IMPORT_JOB, import_check, import_confirm
from .settlements import settlement_run

__all__ = [
    "IMPORT_JOB",
    "import_check",
    "import_confirm",
    "prices_import",
    "readings_import",
    "register_import",
    "settlement_run",
]
