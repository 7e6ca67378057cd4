"""The uploads of the community's files, run as background jobs (check, then confirm)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import Job
from coopnet.core.web import attempt, current_user, form_page, job_or_404, retry_job

from .. import services, tasks
from ..forms import ImportForm
from .access import WRITE


def _import_status(access: OrgAccess, job: Job) -> HttpResponse:
    return redirect("energy:import_status", access.organization.slug, job.pk)


@org_view(WRITE)
def import_upload(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Upload a file of the community; small files are checked at once, large ones later."""
    form = ImportForm(request.POST or None, request.FILES or None)

    def write() -> Job:
        return services.import_check(
            actor=current_user(request),
            organization=access.organization,
            file=form.cleaned_data["file"],
            upload=form.cleaned_data["upload"],
        )

    return form_page(
        request,
        form,
        write,
        _("File caricato: ecco il controllo."),
        lambda job: _import_status(access, job),
        "energy/import.html",
        {"job": None},
    )


@require_GET
@org_view(WRITE)
def import_status(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Progress while a run works (htmx polls this every 2 s), then its report."""
    job = job_or_404(access, services.IMPORT_JOB, pk)
    slug = access.organization.slug
    context = {
        "job": job,
        "file_label": tasks.FILES.get(job.params.get("file"), ""),
        "report": job.result if job.state == "succeeded" else None,
        "poll_url": reverse("energy:import_status", args=[slug, pk]),
        "retry_url": reverse("energy:import_retry", args=[slug, pk]),
    }
    template = "energy/import_report.html" if request.htmx else "energy/import.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@org_view(WRITE)
def import_confirm(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Run the real import of a file whose check found no error."""
    check = job_or_404(access, services.IMPORT_JOB, pk)
    job = attempt(
        request, lambda: services.import_confirm(actor=current_user(request), check=check)
    )
    return _import_status(access, check if job is None else job)


@require_POST
@org_view(WRITE)
def import_retry(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Run an interrupted check or import again, with the same file."""
    job = job_or_404(access, services.IMPORT_JOB, pk)
    retry_job(request, job, tasks.run_import)
    return _import_status(access, job)
