"""Pages of the energy app: the community's configurations, plants and settlements, and one
settlement with its plants, members and missing hours."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404

from . import selectors, services
from .forms import SettleForm
from .models import Settlement
from .schemas import settlement_document

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
