"""API endpoints of the libro soci (read-only): the register as filtered on its page, and one
member's line with the share-capital ledger and history (`members.register:read`).

A membership of another organization answers 404 like a missing one. Nothing about contacts or
disadvantage is ever shown.
"""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, Router

from coopnet.core.api import MAX_ID, OrgSlug, api_access, list_get, responses
from coopnet.core.web import get_or_404

from . import selectors
from .models import Membership
from .schemas import MemberFilter, MembershipDetailOut, MembershipOut

router = Router(tags=["members"])

REGISTER_READ = "members.register:read"

MembershipId = PathEx[int, P(ge=1, le=MAX_ID, description="Identificativo del socio.")]


@list_get(router, "/orgs/{slug}/members", MembershipOut, "Libro soci")
def list_members(
    request: HttpRequest, slug: OrgSlug, filters: Query[MemberFilter]
) -> QuerySet[Membership]:
    """Le righe del libro soci come nella pagina del registro: di norma i soci attivi, prima i
    soci ordinari e poi la sezione speciale dei volontari, per numero. `status` sceglie lo
    stato (active, applied, refused, exited, all), `category` la categoria, `q` cerca nel nome,
    nel codice fiscale, nella partita IVA o nel numero. Con le quote e il capitale sottoscritto
    e versato; mai recapiti né dati sullo svantaggio."""
    access = api_access(request, slug, REGISTER_READ)
    register_filters = selectors.RegisterFilters(
        status=filters.status.value,
        category=filters.category.value if filters.category else "",
        q=filters.q,
    )
    return selectors.register(access.organization, register_filters)


@router.get(
    "/orgs/{slug}/members/{int:membership_id}",
    response=responses({200: MembershipDetailOut}, 404, 422),
    summary="Un socio, con i movimenti di capitale e gli eventi",
)
def get_member(request: HttpRequest, slug: OrgSlug, membership_id: MembershipId) -> Membership:
    """Una riga del libro soci con il libro dei movimenti di capitale (sottoscrizioni,
    versamenti, trasferimenti, rimborsi) e la storia del socio (domanda, ammissione, uscita),
    dal più vecchio. Un socio di un'altra organizzazione non esiste (404)."""
    access = api_access(request, slug, REGISTER_READ)
    return get_or_404(selectors.membership_detail, access.organization, membership_id)


@router.get("/orgs/{slug}/members/{membership_id}", include_in_schema=False)
def member_not_found(request: HttpRequest, slug: str, membership_id: str) -> None:
    """Ids that are not whole numbers miss ``{int:membership_id}`` above: answer the API's JSON
    404, as for a missing member, rather than the site's HTML page."""
    raise Http404
