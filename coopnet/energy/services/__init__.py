"""Every write of the energy app: imports (``imports``) and settlements (``settlements``)."""

from .imports import prices_import, readings_import, register_import
from .settlements import settlement_run

__all__ = ["prices_import", "readings_import", "register_import", "settlement_run"]
