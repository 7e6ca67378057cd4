"""The activity report as a PDF for the municipality (A4, WeasyPrint): the agreement, its
parties (residents counted, never named), the period's activities, hours, participants,
results and pictures. Residents' contacts and volunteers' insurance are never in it."""

from __future__ import annotations

import base64
import mimetypes
from typing import Any

from django.template.loader import render_to_string

from . import selectors
from .models import ActivityReport, PartyRole, ReportPicture

MAX_PICTURES = 6


def _inline(picture: ReportPicture) -> str | None:
    """A picture as a data URI (the PDF needs no access to the storage), None if lost."""
    try:
        with picture.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return None
    kind = mimetypes.guess_type(picture.file.name or "")[0] or "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def report_context(report: ActivityReport) -> dict[str, Any]:
    parties = list(selectors.agreement_parties(report.agreement))
    pictures = [
        (p.title, uri)
        for p in selectors.report_pictures(report)[:MAX_PICTURES]
        if (uri := _inline(p)) is not None
    ]
    return {
        "report": report,
        "agreement": report.agreement,
        "org": report.organization,
        "parties": [p for p in parties if p.role != PartyRole.RESIDENT],
        "residents": sum(p.role == PartyRole.RESIDENT for p in parties),
        "hours": report.volunteer_hours + report.worker_hours,
        "pictures": pictures,
    }


def report_pdf(report: ActivityReport) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    html = render_to_string("community/report_pdf.html", report_context(report))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
