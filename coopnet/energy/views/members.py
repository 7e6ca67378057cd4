"""The register's members with their control rights (R-CER-1): the list (and its CSV/XLSX
export) and one member's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS
from coopnet.core.web import get_or_404

from .. import selectors
from ..exports import members_export
from .access import READ


@org_view(READ)
def members(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Every member with kind, comune and control rights today, and the community's check."""
    org, today = access.organization, timezone.localdate()
    rows = selectors.member_controls(org, today)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return members_export(org.slug, rows, fmt)
    context = {"rows": rows, "check": selectors.community_control(org, today)}
    return render(request, "energy/members.html", context)


@org_view(READ)
def member(request: HttpRequest, access: OrgAccess, member_pk: int) -> HttpResponse:
    """One member: kind, comune, points, plants and control rights today."""
    org = access.organization
    found = get_or_404(selectors.energy_member, org, member_pk)
    [(_member, rights)] = selectors.member_controls(org, timezone.localdate(), [found])
    return render(request, "energy/member.html", {"member": found, "rights": rights})
