"""Exports of the libro soci: CSV and XLSX at once; the PDF book built in the background."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import JobState
from coopnet.core.web import current_user, job_or_404, retry_job

from .. import exports, selectors, services, tasks
from ..forms import RegisterFilterForm

# The page that asks for the book and the one that follows its printing.
PDF_TITLE = gettext_lazy("Libro soci in PDF")


def _filters(request: HttpRequest) -> selectors.RegisterFilters:
    """The filters of the register page, from the same query string."""
    form = RegisterFilterForm(request.GET or None)
    return form.filters(request.GET.get("sort", "number"))


@require_GET
@org_view("members.register:read")
def export_csv(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.register(access.organization, _filters(request))
    return exports.csv_response(access.organization, rows)


@require_GET
@org_view("members.register:read")
def export_xlsx(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.register(access.organization, _filters(request))
    return exports.xlsx_response(access.organization, rows)


@require_http_methods(["GET", "POST"])
@org_view("members.register:read")
def export_pdf(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The printable book of the filtered register: the page says what it will hold, the
    button queues it."""
    organization = access.organization
    filters = _filters(request)
    if request.method == "POST":
        job = services.register_pdf_request(
            actor=current_user(request),
            organization=organization,
            filters=filters,
            filename=exports.filename(organization, "pdf"),
        )
        return redirect("members:export_status", org_slug=organization.slug, pk=job.pk)
    count = selectors.register(organization, filters).count()
    context = {
        "page_title": PDF_TITLE,
        "filters": filters,
        "count": count,
        "query": request.GET.urlencode(),
    }
    return render(request, "members/export_pdf.html", context)


@require_GET
@org_view("members.register:read")
def export_status(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Progress while the book is printed (htmx polls this every 2 s), then the download."""
    slug = access.organization.slug
    context = {
        "page_title": PDF_TITLE,
        "job": job_or_404(access, services.REGISTER_PDF_JOB, pk),
        "poll_url": reverse("members:export_status", args=[slug, pk]),
        "retry_url": reverse("members:export_retry", args=[slug, pk]),
    }
    template = "members/_export_status.html" if request.htmx else "members/export_pdf.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@org_view("members.register:read")
def export_retry(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Print again a book whose printing was interrupted."""
    retry_job(request, job_or_404(access, services.REGISTER_PDF_JOB, pk), tasks.build_register_pdf)
    return redirect("members:export_status", org_slug=access.organization.slug, pk=pk)


@require_GET
@org_view("members.register:read")
def export_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The finished book (about a megabyte for 2,000 members)."""
    job = job_or_404(access, services.REGISTER_PDF_JOB, pk)
    if job.state != JobState.SUCCEEDED or not job.result_file:
        raise Http404
    with job.result_file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, job.params["filename"]) or ""
    return response
