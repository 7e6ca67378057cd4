"""Import of the libro soci: upload, check (at once or in the background), confirm."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import Job, JobState
from coopnet.core.web import attempt, current_user, job_or_404, retry_job

from .. import services, tasks
from ..imports import EXTENSIONS, ImportReport, register_columns, template_response

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# The upload page and the one that follows the check.
TITLE = gettext_lazy("Importa il libro soci")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File del libro soci (XLSX o CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Carica un file .xlsx o .csv."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Il file supera i 20 MB."))
        return upload


def _status(access: OrgAccess, job: Job) -> HttpResponse:
    return redirect("members:import_status", org_slug=access.organization.slug, pk=job.pk)


@org_view("members.import")
def import_upload(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Upload a libro soci; small files are checked at once, large ones in the background."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_check(
            actor=current_user(request),
            organization=access.organization,
            upload=form.cleaned_data["file"],
        )
        return _status(access, job)
    context = {"page_title": TITLE, "form": form, "job": None, "columns": register_columns()}
    return render(request, "members/import.html", context)


@require_GET
@org_view("members.import")
def import_template(request: HttpRequest, access: OrgAccess, fmt: str) -> HttpResponse:
    """The file to start from: the header row and one example row, as CSV or XLSX."""
    return template_response(register_columns(), fmt=fmt, basename="modello-libro-soci")


@require_GET
@org_view("members.import")
def import_status(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Progress while a run works (htmx polls this every 2 s), then its report."""
    job = job_or_404(access, services.IMPORT_JOB, pk)
    succeeded = job.state == JobState.SUCCEEDED
    context = {
        "page_title": TITLE,
        "job": job,
        "report": ImportReport.from_dict(job.result) if succeeded else None,
        "poll_url": reverse("members:import_status", args=[access.organization.slug, pk]),
        "retry_url": reverse("members:import_retry", args=[access.organization.slug, pk]),
    }
    template = "members/import_report.html" if request.htmx else "members/import.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@org_view("members.import")
def import_confirm(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Run the real import of a file whose check found no error."""
    check = job_or_404(access, services.IMPORT_JOB, pk)
    job = attempt(
        request, lambda: services.import_confirm(actor=current_user(request), check=check)
    )
    return _status(access, check if job is None else job)


@require_POST
@org_view("members.import")
def import_retry(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Run an interrupted check or import again, with the same file."""
    job = job_or_404(access, services.IMPORT_JOB, pk)
    retry_job(request, job, tasks.run_import)
    return _status(access, job)
