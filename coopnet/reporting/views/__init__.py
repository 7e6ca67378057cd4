"""Reporting pages: ``indicators`` (the indicators, hand entries, the consortium figures'
export) and ``report`` (the social report and its sections)."""

from .indicators import consortium_figures_export, indicator_enter, indicators
from .report import report, reports, section

__all__ = [
    "consortium_figures_export",
    "indicator_enter",
    "indicators",
    "report",
    "reports",
    "section",
]
