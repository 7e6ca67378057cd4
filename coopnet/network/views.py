"""Network pages: directory, organization profile, consortium page, strawberry fields."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopnet.core.access import OrgAccess, visible_organizations
from coopnet.core.decorators import org_view

from . import selectors


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    organizations = selectors.directory(visible_organizations(request.user))  # type: ignore[arg-type]
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    return render(request, "network/directory.html", {"page": page})


@org_view("network.org:read")
def profile(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = selectors.organization_detail(access.organization)
    return render(request, "network/profile.html", {"org": organization, "access": access})


@org_view("network.aggregates:read")
def consortium(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = selectors.organization_detail(access.organization)
    return render(request, "network/consortium.html", {"org": organization})


@login_required
def strawberry_fields(request: HttpRequest) -> HttpResponse:
    return render(request, "network/strawberry_fields.html", {})
