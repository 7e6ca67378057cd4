"""Import of the libro soci: upload, check (at once or in the background), confirm."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import User

from ..imports import (
    EXTENSIONS,
    ImportJob,
    ImportReport,
    count_data_rows,
    register_columns,
    template_response,
)
from ..tasks import run_import

# Files up to this many rows are checked while the page waits; larger ones in the background.
IMMEDIATE_ROWS = 2000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


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


def _job(access: OrgAccess, token: str) -> ImportJob:
    try:
        return ImportJob.load(access.organization.pk, token)
    except (FileNotFoundError, KeyError, ValueError) as error:
        raise Http404 from error


def _enqueue(job: ImportJob, user: User, *, dry_run: bool) -> None:
    """Queue a run; views hold no transaction here, so the task row is committed at once."""
    job.update(phase="check" if dry_run else "import", status="queued", done=0, total=0)
    run_import.enqueue(job.organization_id, job.token, user.pk, dry_run)


def _rows(path: Path) -> int:
    try:
        return count_data_rows(path)
    except Exception:  # an unreadable file: the check itself reports why
        return 0


@org_view("members.import")
def import_upload(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Upload a libro soci; small files are checked at once, large ones in the background."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.create(access.organization.pk, upload.name, upload.chunks())
        user: User = request.user  # type: ignore[assignment]
        job.update(user_id=user.pk)
        if _rows(job.file_path) <= IMMEDIATE_ROWS:
            job.run(actor=user, dry_run=True)
        else:
            _enqueue(job, user, dry_run=True)
        return redirect("members:import_status", org_slug=access.organization.slug, token=job.token)
    context = {"form": form, "state": None, "columns": register_columns()}
    return render(request, "members/import.html", context)


@require_GET
@org_view("members.import")
def import_template(request: HttpRequest, access: OrgAccess, fmt: str) -> HttpResponse:
    """The file to start from: the header row and one example row, as CSV or XLSX."""
    return template_response(register_columns(), fmt=fmt, basename="modello-libro-soci")


@require_GET
@org_view("members.import")
def import_status(request: HttpRequest, access: OrgAccess, token: str) -> HttpResponse:
    """Progress while a run works (htmx polls this every 2 s), then its report."""
    job = _job(access, token)
    state = job.state()
    report = ImportReport.from_dict(state["report"]) if state.get("report") else None
    context = {"state": state, "report": report, "token": token}
    template = "members/import_report.html" if request.htmx else "members/import.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_POST
@org_view("members.import")
def import_confirm(request: HttpRequest, access: OrgAccess, token: str) -> HttpResponse:
    """Run the real import of a file whose check found no error."""
    job = _job(access, token)
    state = job.state()
    checked = state.get("phase") == "check" and state.get("status") == "done"
    if not checked or state["report"]["errors"]:
        messages.error(request, _("Si può importare solo un file controllato e senza errori."))
    else:
        _enqueue(job, request.user, dry_run=False)  # type: ignore[arg-type]
    return redirect("members:import_status", org_slug=access.organization.slug, token=token)
