"""Exports of the libro soci: CSV and XLSX at once; the PDF book built in the background."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view

from .. import exports, selectors
from ..forms import RegisterFilterForm
from ..jobs import ExportJob
from ..tasks import build_register_pdf


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
    button queues it (views hold no transaction, so the task row is committed at once)."""
    organization = access.organization
    filters = _filters(request)
    if request.method == "POST":
        job = ExportJob.create(organization.pk, filters, exports.filename(organization, "pdf"))
        build_register_pdf.enqueue(organization.pk, job.token)
        return redirect("members:export_status", org_slug=organization.slug, token=job.token)
    count = selectors.register(organization, filters).count()
    context = {"filters": filters, "count": count, "query": request.GET.urlencode()}
    return render(request, "members/export_pdf.html", context)


def _job(access: OrgAccess, token: str) -> ExportJob:
    try:
        return ExportJob.load(access.organization.pk, token)
    except (FileNotFoundError, KeyError, ValueError) as error:
        raise Http404 from error


@require_GET
@org_view("members.register:read")
def export_status(request: HttpRequest, access: OrgAccess, token: str) -> HttpResponse:
    """Progress while the book is printed (htmx polls this every 2 s), then the download."""
    context = {"state": _job(access, token).state(), "token": token}
    template = "members/_export_status.html" if request.htmx else "members/export_pdf.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
@org_view("members.register:read")
def export_file(request: HttpRequest, access: OrgAccess, token: str) -> HttpResponse:
    """The finished book (about a megabyte for 2,000 members)."""
    job = _job(access, token)
    state = job.state()
    if state["status"] != "done" or not job.file_path.exists():
        raise Http404
    response = HttpResponse(job.file_path.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, state["filename"]) or ""
    return response
