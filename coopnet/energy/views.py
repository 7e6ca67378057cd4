"""Pages of the energy app: the community's configurations, plants and settlements, one
settlement with its plants, members and missing hours; the distribution rules, each
distribution with its members' amounts, the reconciliation with the GSE, and the uploads of
the community's files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS
from coopnet.core.models import Job
from coopnet.core.web import attempt, current_user, form_page, get_or_404, job_or_404, retry_job

from . import selectors, services, tasks
from .exports import distribution_export
from .forms import GseForm, ImportForm, RuleForm, SettleForm
from .models import DistributionKind, DistributionRule, Settlement
from .schemas import settlement_document
from .services.distribution import distribution_kind

READ = "energy.community:read"
WRITE = "energy.community:write"
RECENT = 20


@org_view(READ)
def community(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    context = {
        "configurations": selectors.configurations(org),
        "plants": selectors.plants(org),
        "settlements": selectors.settlements(org)[:RECENT],
    }
    return render(request, "energy/community.html", context)


@org_view(READ)
def settlement_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    settlement = get_or_404(selectors.settlement, access.organization, pk)
    context = {"settlement": settlement, "document": settlement_document(settlement)}
    return render(request, "energy/settlement_detail.html", context)


@org_view(WRITE)
def settle(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Settle a period: a run with the same inputs is the stored one, shown again."""
    form = SettleForm(request.POST or None)

    def write() -> Settlement:
        return services.settlement_run(
            organization=access.organization,
            actor=current_user(request),
            first_day=form.cleaned_data["first_day"],
            last_day=form.cleaned_data["last_day"],
        )

    return form_page(
        request,
        form,
        write,
        _("Ripartizione calcolata."),
        lambda run: redirect("energy:settlement", access.organization.slug, run.pk),
        "energy/settle.html",
    )


# --- distribution (issue 13 item 5) --------------------------------------------------------


@org_view(READ)
def rules(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The rule versions and the distributions made."""
    org = access.organization
    context = {
        "rules": selectors.distribution_rules(org),
        "distributions": selectors.distributions(org)[:RECENT],
    }
    return render(request, "energy/rules.html", context)


@org_view(WRITE)
def rule_new(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = RuleForm(request.POST or None)

    def write() -> DistributionRule:
        return services.rule_create(
            organization=access.organization, actor=current_user(request), **form.cleaned_data
        )

    return form_page(
        request,
        form,
        write,
        _("Nuova versione delle regole registrata."),
        lambda _rule: redirect("energy:rules", access.organization.slug),
        "energy/rule_form.html",
    )


@org_view(WRITE)
def distribute(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Ask once, then share out the settlement by the version in force on its first day."""
    org = access.organization
    settlement = get_or_404(selectors.settlement, org, pk)
    if request.method == "POST":
        done = attempt(
            request,
            lambda: services.distribution_create(
                organization=org, actor=current_user(request), settlement=settlement
            ),
            _("Distribuzione calcolata."),
        )
        if done is not None:
            return redirect("energy:distribution", org.slug, done.pk)
        return redirect("energy:settlement", org.slug, settlement.pk)
    context = {
        "settlement": settlement,
        "rule": selectors.rule_in_force(org, settlement.first_day),
        "kind": DistributionKind(distribution_kind(settlement.first_day, settlement.last_day)),
    }
    return render(request, "energy/distribute_confirm.html", context)


@org_view(READ)
def distribution_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Each member's amount (with the true-up for a yearly one), or its CSV/XLSX export."""
    distribution = get_or_404(selectors.distribution, access.organization, pk)
    rows = selectors.distribution_rows(distribution)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return distribution_export(distribution, rows, fmt)
    yearly = distribution.kind == DistributionKind.YEARLY
    context = {"distribution": distribution, "rows": rows, "yearly": yearly}
    return render(request, "energy/distribution_detail.html", context)


@org_view(READ)
def reconciliation(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    lines = selectors.reconciliation(access.organization)
    return render(request, "energy/reconciliation.html", {"lines": lines, "form": GseForm()})


@org_view(WRITE)
def gse_import(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Upload the GSE's statement: saved all or nothing, the report shown when refused."""
    form = GseForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["statement"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / (Path(upload.name).name or "rendiconto.csv")
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            report = services.gse_import(
                organization=access.organization, actor=current_user(request), path=path
            )
        if report.saved:
            messages.success(request, " ".join(report.lines()))
            return redirect("energy:reconciliation", access.organization.slug)
    return render(request, "energy/gse_import.html", {"form": form, "report": report})


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
