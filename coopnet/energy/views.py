"""Pages of the energy app: the community's configurations, plants and settlements, and one
settlement with its plants, members and missing hours."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import get_or_404

from . import selectors
from .schemas import settlement_document

READ = "energy.community:read"
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
