"""API endpoints of the contracts app (read-only, `contracts.tenders:read`): tenders, bids and
contracts of an organization. Another organization's row answers 404 like a missing one."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import P, PathEx, Router
from ninja.pagination import paginate

from coopnet.core.api import MAX_ID, OrgSlug, Pagination, api_access, responses
from coopnet.core.web import get_or_404

from . import selectors
from .models import Bid, Contract, Tender
from .schemas import BidOut, ContractOut, TenderOut

router = Router(tags=["contracts"])

READ = "contracts.tenders:read"

Id = PathEx[int, P(ge=1, le=MAX_ID, description="Identificativo.")]


@router.get(
    "/orgs/{slug}/tenders", response=responses({200: list[TenderOut]}, 404, 422), summary="Gare"
)
@paginate(Pagination)
def list_tenders(request: HttpRequest, slug: OrgSlug) -> QuerySet[Tender]:
    """Le gare seguite dall'organizzazione, con i lotti, dal termine più lontano."""
    access = api_access(request, slug, READ)
    return selectors.tenders(access.organization).prefetch_related("lots")


@router.get(
    "/orgs/{slug}/tenders/{int:pk}",
    response=responses({200: TenderOut}, 404, 422),
    summary="Una gara",
)
def get_tender(request: HttpRequest, slug: OrgSlug, pk: Id) -> Tender:
    access = api_access(request, slug, READ)
    return get_or_404(selectors.tender, access.organization, pk)


@router.get(
    "/orgs/{slug}/bids", response=responses({200: list[BidOut]}, 404, 422), summary="Offerte"
)
@paginate(Pagination)
def list_bids(request: HttpRequest, slug: OrgSlug) -> QuerySet[Bid]:
    """Le offerte dell'organizzazione con forma, lotti, partecipanti, esito e requisiti."""
    access = api_access(request, slug, READ)
    return selectors.bids(access.organization)


@router.get(
    "/orgs/{slug}/bids/{int:pk}", response=responses({200: BidOut}, 404, 422), summary="Un'offerta"
)
def get_bid(request: HttpRequest, slug: OrgSlug, pk: Id) -> Bid:
    access = api_access(request, slug, READ)
    return get_or_404(selectors.bid, access.organization, pk)


@router.get(
    "/orgs/{slug}/contracts",
    response=responses({200: list[ContractOut]}, 404, 422),
    summary="Contratti",
)
@paginate(Pagination)
def list_contracts(request: HttpRequest, slug: OrgSlug) -> QuerySet[Contract]:
    """I contratti con le clausole (revisione prezzi, pagamento, conto dedicato) e le quote."""
    access = api_access(request, slug, READ)
    return selectors.contracts(access.organization).prefetch_related("shares__executor")


@router.get(
    "/orgs/{slug}/contracts/{int:pk}",
    response=responses({200: ContractOut}, 404, 422),
    summary="Un contratto",
)
def get_contract(request: HttpRequest, slug: OrgSlug, pk: Id) -> Contract:
    access = api_access(request, slug, READ)
    return get_or_404(selectors.contract, access.organization, pk)


def _not_found(request: HttpRequest, slug: str, pk: str) -> None:
    """Ids that are not whole numbers miss ``{int:pk}`` above: answer the API's JSON 404, as
    for a missing row, rather than the site's HTML page."""
    raise Http404


for _kind in ("tenders", "bids", "contracts"):
    router.get(f"/orgs/{{slug}}/{_kind}/{{pk}}", include_in_schema=False)(_not_found)
