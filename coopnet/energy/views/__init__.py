"""Pages of the energy app: the community's configurations, plants and settlements and one
settlement with its plants, members and missing hours (here); the distribution
(``distribution``), the members and their control rights (``members``), the uploads of the
community's files (``imports``), and the members' statements and the dashboard
(``statements``), the simulation of a newcomer (``simulation``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404

from .. import selectors, services
from ..forms import SettleForm
from ..models import Settlement
from ..schemas import settlement_document
from .access import READ, RECENT, WRITE
from .distribution import (
    distribute,
    distribution_detail,
    gse_import,
    reconciliation,
    rule_new,
    rules,
)
from .imports import import_confirm, import_retry, import_status, import_upload
from .members import member, members
from .simulation import simulate
from .statements import dashboard, member_statement, member_statement_pdf

__all__ = [
    "community",
    "dashboard",
    "distribute",
    "distribution_detail",
    "gse_import",
    "import_confirm",
    "import_retry",
    "import_status",
    "import_upload",
    "member",
    "member_statement",
    "member_statement_pdf",
    "members",
    "reconciliation",
    "rule_new",
    "rules",
    "settle",
    "settlement_detail",
    "simulate",
]


@org_view(READ)
def community(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    context = {
        "configurations": selectors.configurations(org),
        "plants": selectors.plants(org),
        "settlements": selectors.settlements(org)[:RECENT],
        "check": selectors.community_control(org, timezone.localdate()),
    }
    return render(request, "energy/community.html", context)


@org_view(READ)
def settlement_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    settlement = get_or_404(selectors.settlement, access.organization, pk)
    document = settlement_document(settlement)
    registered = selectors.member_by_tax_code(access.organization)
    context = {
        "settlement": settlement,
        "document": document,
        "members": [(m, registered.get(m["tax_code"])) for m in document["members"]],
    }
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
