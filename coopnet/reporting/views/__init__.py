"""Reporting pages: ``dashboards`` (a cooperative's, a network's), ``indicators`` (the
indicators, hand entries, the consortium figures' export), ``report`` (the social report and
its sections), ``versions`` (review, approval, new version) and ``output`` (the PDF/A, the
figures, the public pages)."""

from .dashboards import dashboard, network, network_comuni
from .indicators import consortium_figures_export, indicator_enter, indicators
from .output import (
    public_report,
    public_report_pdf,
    public_reports,
    report_figures_export,
    report_pdf_download,
)
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
    "public_report",
    "public_report_pdf",
    "public_reports",
    "report",
    "report_figures_export",
    "report_pdf_download",
    "reports",
    "review",
    "section",
]
