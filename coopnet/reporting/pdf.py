"""The social report as PDF/A, ready to file with the Registro delle Imprese (R-IS-2: PDF/A,
document code B08): a cover, the table of contents, numbered pages, the eight sections with
their tables, charts (the pages' SVG), texts and reasons for omission. An approved version
prints its frozen content; small counts of people are hidden (``published_document``), also in
the office's download, since that is the copy filed."""

from __future__ import annotations

from django.utils.text import slugify

from coopnet.core.pdf import html_pdf

from .document import published_document
from .models import SocialReport

PDF_VARIANT = "pdf/a-3b"  # PDF/A-3, level B: what the Registro delle Imprese accepts


def report_pdf(report: SocialReport) -> bytes:
    document = published_document(report)
    return html_pdf("reporting/report_pdf.html", {"doc": document}, pdf_variant=PDF_VARIANT)


def pdf_name(report: SocialReport) -> str:
    """``bilancio-sociale-<org>-<year>-v<version>.pdf``."""
    org = slugify(report.organization.short_name)
    return f"bilancio-sociale-{org}-{report.year}-v{report.version}.pdf"
