"""The distribution's pages: rule versions, a settlement shared out, the reconciliation with
the GSE and its statement's upload."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS
from coopnet.core.web import attempt, current_user, form_page, get_or_404

from .. import selectors, services
from ..exports import distribution_export
from ..forms import GseForm, RuleForm
from ..models import DistributionKind, DistributionRule
from ..services.distribution import distribution_kind
from .access import READ, RECENT, WRITE


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
