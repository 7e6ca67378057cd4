"""Imports of the energy app: the register (configurations, members and points, plants),
meter readings, zonal prices and the GSE statement from CSV. Each module checks a file and
plans; the services write the plan, all or nothing. ``files`` reads the CSV and keeps the report."""

from .files import Problem, Report
from .gse import GSE_COLUMNS, GsePlan, check_gse
from .meters import METER_COLUMNS, MeterCheck, MeterPlan
from .prices import PRICE_COLUMNS, PricePlan, check_prices
from .register import CONFIG_COLUMNS, MEMBER_COLUMNS, PLANT_COLUMNS, RegisterCheck, RegisterPlan

__all__ = [
    "CONFIG_COLUMNS",
    "GSE_COLUMNS",
    "MEMBER_COLUMNS",
    "METER_COLUMNS",
    "PLANT_COLUMNS",
    "PRICE_COLUMNS",
    "GsePlan",
    "MeterCheck",
    "MeterPlan",
    "PricePlan",
    "Problem",
    "RegisterCheck",
    "RegisterPlan",
    "Report",
    "check_gse",
    "check_prices",
]
