"""API endpoints for organizations, affiliations and incubations."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from coopnet.core.access import visible_organizations
from coopnet.core.api import (
    OrgSlug,
    api_access,
    api_user,
    list_get,
    request_token,
    require_platform_admin,
    responses,
)
from coopnet.core.models import Comune, Organization, OrganizationKind, in_network

from . import selectors, services
from .schemas import (
    AffiliationsOut,
    IncubationsOut,
    OrganizationFilter,
    OrganizationIn,
    OrganizationOut,
)

router = Router(tags=["organizations"])

# Service errors about the affiliation, renamed to the fields of the API input.
AFFILIATION_FIELDS = {"group": "consortium", "start_date": "joined_on"}


def _with_registry_data(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """What OrganizationOut shows, in a fixed number of queries whatever the number of rows."""
    return organizations.select_related("seat_comune__province").prefetch_related(
        "sectors", "served_comuni"
    )


@list_get(router, "/orgs", OrganizationOut, "Organizzazioni visibili", errors=(422,))
def list_organizations(
    request: HttpRequest, filters: Query[OrganizationFilter]
) -> QuerySet[Organization]:
    """Organizations the caller may see (within the token's organization and role), by name."""
    visible = in_network(visible_organizations(api_user(request), token=request_token(request)))
    return _with_registry_data(filters.filter(visible)).order_by("short_name", "pk")


@router.get(
    "/orgs/{slug}",
    response=responses({200: OrganizationOut}, 404, 422),
    summary="Dati di un'organizzazione",
)
def get_organization(request: HttpRequest, slug: OrgSlug) -> Organization:
    organization = api_access(request, slug, "network.org:read").organization
    prefetch_related_objects([organization], "seat_comune__province", "sectors", "served_comuni")
    return organization


@router.get(
    "/orgs/{slug}/affiliations",
    response=responses({200: AffiliationsOut}, 404, 422),
    summary="Adesioni a consorzi e federazioni, nei due sensi",
)
def get_affiliations(request: HttpRequest, slug: OrgSlug) -> dict[str, Any]:
    return selectors.affiliation_links(api_access(request, slug, "network.org:read").organization)


@router.get(
    "/orgs/{slug}/incubations",
    response=responses({200: IncubationsOut}, 404, 422),
    summary="Incubazioni ricevute e date (R-NET-3)",
)
def get_incubations(request: HttpRequest, slug: OrgSlug) -> dict[str, Any]:
    return selectors.incubation_links(api_access(request, slug, "network.org:read").organization)


def _resolve_references(payload: OrganizationIn) -> tuple[Comune | None, Organization | None]:
    """The seat comune and consortium named by code and slug; field errors when unknown."""
    errors: dict[str, str] = {}
    seat = consortium = None
    if payload.seat_comune:
        seat = Comune.objects.filter(istat_code=payload.seat_comune.strip()).first()
        if seat is None:
            errors["seat_comune"] = _("Comune sconosciuto (codice ISTAT): %(code)s.") % {
                "code": payload.seat_comune
            }
    if payload.consortium:
        consortium = Organization.objects.filter(slug=payload.consortium.strip()).first()
        if consortium is None:
            errors["consortium"] = _("Consorzio o federazione sconosciuto: %(slug)s.") % {
                "slug": payload.consortium
            }
    if payload.joined_on and not payload.consortium:
        errors["joined_on"] = _("La data di adesione richiede un consorzio o una federazione.")
    if errors:
        raise ValidationError(errors)
    return seat, consortium


@router.post(
    "/orgs",
    response=responses({201: OrganizationOut}, 400, 403, 422),
    summary="Registrare un'organizzazione (amministratori della piattaforma)",
)
def create_organization(request: HttpRequest, payload: OrganizationIn) -> Status[Organization]:
    actor = require_platform_admin(request)
    seat, consortium = _resolve_references(payload)
    data = payload.model_dump(
        exclude={"seat_comune", "sectors", "served_comuni", "consortium", "joined_on"}
    )
    data["kind"] = OrganizationKind(payload.kind).value
    try:
        organization = services.organization_create(
            actor=actor,
            data={**data, "seat_comune": seat},
            sector_codes=payload.sectors,
            served_comuni=payload.served_comuni,
            consortium=consortium,
            joined_on=payload.joined_on,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {AFFILIATION_FIELDS.get(field, field): errs for field, errs in error.error_dict.items()}
        ) from error
    prefetch_related_objects([organization], "seat_comune__province", "sectors", "served_comuni")
    return Status(201, organization)
