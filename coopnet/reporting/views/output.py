"""The social report's outputs: the PDF/A and the figures as CSV/XLSX for the office; the
public page of the approved reports, with their PDF, for anyone (drafts never)."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.clients import client_ip
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS, attachment, csv_response, xlsx_response
from coopnet.core.models import Organization
from coopnet.core.ratelimit import Limit
from coopnet.core.web import get_or_404

from .. import selectors
from ..document import (
    Figure,
    published_document,
    published_report,
    published_reports,
    report_document,
    report_figures,
)
from ..pdf import pdf_name, report_pdf
from .report import READ

PUBLIC_PDF_LIMIT = Limit("reporting.public_pdf", count=30, seconds=3600)  # PDFs per address an hour


def _pdf_response(report: Any) -> HttpResponse:
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    return attachment(response, pdf_name(report))


@org_view(READ)
def report_pdf_download(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The version as PDF/A: an approved one from its frozen content, a draft as it stands."""
    return _pdf_response(get_or_404(selectors.report_detail, access.organization, pk))


def _figure_cells(figure: Figure) -> list[Any]:
    source = figure.provenance
    return [
        figure.section,
        figure.section_title,
        figure.value.key,
        str(figure.row.indicator.label),
        figure.cell,
        figure.value.value.normalize(),
        figure.row.indicator.unit,
        source.get_origin_display() if source else "",
        source.selector if source else "",
        json.dumps(source.parameters, sort_keys=True) if source and source.parameters else "",
        source.source if source else "",
        source.computed_at if source else None,
    ]


@org_view(READ)
def report_figures_export(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The values of the report's tables with unit, section and provenance (``?format=``)."""
    found = get_or_404(selectors.report_detail, access.organization, pk)
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        raise Http404
    header = [
        _("Sezione"),
        _("Titolo della sezione"),
        _("Codice"),
        _("Indicatore"),
        _("Voce"),
        _("Valore"),
        _("Unità"),
        _("Origine"),
        _("Calcolato da"),
        _("Parametri"),
        _("Fonte"),
        _("Calcolato il"),
    ]
    data = [_figure_cells(f) for f in report_figures(report_document(found))]
    make = csv_response if fmt == "csv" else xlsx_response
    return make(f"bilancio-sociale-{found.year}-v{found.version}-dati", header, data)


def _organization(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def public_reports(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Anyone's page of an organization's approved social reports (R-IS-2: published)."""
    organization = _organization(org_slug)
    context = {"org": organization, "reports": published_reports(organization)}
    return render(request, "reporting/public_reports.html", context)


def public_report(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    """An approved report as approved (frozen), with its PDF; 404 for a draft."""
    found = get_or_404(published_report, _organization(org_slug), year)
    context = {"org": found.organization, "doc": published_document(found)}
    return render(request, "reporting/public_report.html", context)


def public_report_pdf(request: HttpRequest, org_slug: str, year: int) -> HttpResponse:
    """The approved report's PDF/A (a few per address an hour: it is built on request)."""
    found = get_or_404(published_report, _organization(org_slug), year)
    if PUBLIC_PDF_LIMIT.exceeded(client_ip(request)):
        return HttpResponse(_("Troppe richieste: riprova più tardi."), status=429)
    return _pdf_response(found)
