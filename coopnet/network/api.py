"""API endpoints for organizations, affiliations and incubations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from coopnet.core.access import visible_organizations
from coopnet.core.api import api_access, api_user, request_token
from coopnet.core.models import Organization

from .schemas import OrganizationOut

router = Router(tags=["organizations"])


@router.get("/orgs", response=list[OrganizationOut])
def list_organizations(request: HttpRequest) -> list[Organization]:
    return list(visible_organizations(api_user(request), token=request_token(request)))


@router.get("/orgs/{slug}", response=OrganizationOut)
def get_organization(request: HttpRequest, slug: str) -> Organization:
    return api_access(request, slug, "network.org:read").organization
