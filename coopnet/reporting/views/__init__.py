"""Reporting pages: ``dashboards`` (a cooperative's, a network's), ``indicators`` (the
indicators, hand entries, the consortium figures' export), ``report`` (the social report and
its sections) and ``versions`` (review, approval, new version)."""

from .dashboards import dashboard, network, network_comuni
from .indicators import consortium_figures_export, indicator_enter, indicators
from .report import report, reports, section
from .versions import approve, attestation, new_version, review

__all__ = [
    "approve",
    "attestation",
    "consortium_figures_export",
    "dashboard",
    "indicator_enter",
    "indicators",
    "network",
    "network_comuni",
    "new_version",
    "report",
    "reports",
    "review",
    "section",
]
