"""API endpoints of the energy app: a stored settlement (`energy.community:read`). Another
organization's settlement answers 404 like a missing one; a stored run without the parts the
schema documents answers 422 naming the run, never 500."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Router

from coopnet.core.api import MAX_ID, OrgSlug, api_access, responses
from coopnet.core.web import get_or_404

from . import selectors
from .schemas import SettlementOut, checked_document

router = Router(tags=["energy"])

Id = PathEx[int, P(ge=1, le=MAX_ID, description="Identificativo della ripartizione.")]


@router.get(
    "/orgs/{slug}/energy/settlements/{int:pk}",
    response=responses({200: SettlementOut}, 404, 422),
    summary="Una ripartizione della comunità energetica",
    by_alias=True,  # a missing run's "from" (a Python keyword in the schema)
)
def get_settlement(request: HttpRequest, slug: OrgSlug, pk: Id) -> dict[str, Any]:
    """La ripartizione oraria registrata: configurazioni, impianti, membri, ore mancanti.
    Una ripartizione registrata senza le parti documentate risponde 422 con il motivo."""
    access = api_access(request, slug, "energy.community:read")
    return checked_document(get_or_404(selectors.settlement, access.organization, pk))


@router.get("/orgs/{slug}/energy/settlements/{pk}", include_in_schema=False)
def settlement_not_a_number(request: HttpRequest, slug: str, pk: str) -> None:
    """An id that is not a whole number misses ``{int:pk}``: the API's JSON 404, as for a
    missing run, rather than the site's HTML page."""
    raise Http404
