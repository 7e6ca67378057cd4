"""API endpoints of the community app (read-only): the time bank's board for everyone of the
cooperative (`community.timebank:use`); accounts and transfers for their owners, all of them
for the managers (`community.timebank:manage`); the commons register's assets
(`community.commons:read`) and the agreements on them, their public parts only (the same
reader). Another's account answers 404 like a missing one."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, Router

from coopnet.core.access import OrgAccess
from coopnet.core.api import MAX_ID, OrgSlug, api_access, api_user, list_get, responses
from coopnet.core.web import get_or_404

from . import selectors
from .models import Account, Agreement, Asset, Offer, Transfer
from .schemas import AccountOut, AgreementFilter, AgreementOut, AssetOut, OfferOut, TransferOut

router = Router(tags=["community"])

USE = "community.timebank:use"
MANAGE = "community.timebank:manage"

Id = PathEx[int, P(ge=1, le=MAX_ID, description="Numero del conto, del bene o dell'accordo.")]


def _visible_accounts(request: HttpRequest, access: OrgAccess) -> QuerySet[Account]:
    """Every account for a manager; the caller's own otherwise (maybe none)."""
    rows = selectors.accounts(access.organization)
    if access.can(MANAGE):
        return rows
    own = selectors.own_account(access.organization, api_user(request))
    return rows.filter(pk=own.pk) if own else rows.none()


@list_get(router, "/orgs/{slug}/timebank/board", OfferOut, "Bacheca della banca del tempo")
def list_board(request: HttpRequest, slug: OrgSlug) -> QuerySet[Offer]:
    """Gli annunci aperti (offro, cerco), i più recenti per primi."""
    access = api_access(request, slug, USE)
    return selectors.board(access.organization)


@list_get(router, "/orgs/{slug}/timebank/accounts", AccountOut, "Conti della banca del tempo")
def list_accounts(request: HttpRequest, slug: OrgSlug) -> QuerySet[Account]:
    """Il proprio conto; tutti i conti per chi gestisce la banca."""
    access = api_access(request, slug, USE)
    return _visible_accounts(request, access).order_by("pk")


@router.get(
    "/orgs/{slug}/timebank/accounts/{int:pk}",
    response=responses({200: AccountOut}, 404, 422),
    summary="Un conto",
)
def get_account(request: HttpRequest, slug: OrgSlug, pk: Id) -> Account:
    access = api_access(request, slug, USE)
    return get_or_404(lambda: _visible_accounts(request, access).get(pk=pk))


@list_get(router, "/orgs/{slug}/timebank/transfers", TransferOut, "Scambi della banca del tempo")
def list_transfers(request: HttpRequest, slug: OrgSlug) -> QuerySet[Transfer]:
    """Gli scambi del proprio conto (tutti per chi gestisce la banca), i più recenti per primi."""
    access = api_access(request, slug, USE)
    if access.can(MANAGE):
        return selectors.transfers(access.organization)
    own = selectors.own_account(access.organization, api_user(request))
    if own is None:
        return selectors.transfers(access.organization).none()
    return selectors.own_transfers(own)


@list_get(router, "/orgs/{slug}/commons/assets", AssetOut, "Beni comuni")
def list_assets(request: HttpRequest, slug: OrgSlug) -> QuerySet[Asset]:
    """I beni comuni del registro, con tipo, stato, proprietario, comune e coordinate."""
    access = api_access(request, slug, "community.commons:read")
    return selectors.assets(access.organization)


@router.get(
    "/orgs/{slug}/commons/assets/{int:pk}",
    response=responses({200: AssetOut}, 404, 422),
    summary="Un bene comune",
)
def get_asset(request: HttpRequest, slug: OrgSlug, pk: Id) -> Asset:
    access = api_access(request, slug, "community.commons:read")
    return get_or_404(selectors.asset, access.organization, pk)


@list_get(router, "/orgs/{slug}/commons/agreements", AgreementOut, "Accordi sui beni comuni")
def list_agreements(
    request: HttpRequest, slug: OrgSlug, filters: Query[AgreementFilter]
) -> QuerySet[Agreement]:
    """Patti di collaborazione, concessioni, assegnazioni e coprogettazioni, i più recenti per
    primi, con le parti (i residenti senza nome né contatti). `asset` sceglie un bene,
    `current` solo quelli in corso oggi."""
    access = api_access(request, slug, "community.commons:read")
    return selectors.public_agreements(
        access.organization, asset=filters.asset, current=filters.current
    )


@router.get(
    "/orgs/{slug}/commons/agreements/{int:pk}",
    response=responses({200: AgreementOut}, 404, 422),
    summary="Un accordo su un bene comune",
)
def get_agreement(request: HttpRequest, slug: OrgSlug, pk: Id) -> Agreement:
    access = api_access(request, slug, "community.commons:read")
    return get_or_404(lambda: selectors.public_agreements(access.organization).get(pk=pk))


def _not_found(request: HttpRequest, slug: str, pk: str) -> None:
    """Ids that are not whole numbers miss ``{int:pk}`` above: answer the API's JSON 404, as
    for a missing row, rather than the site's HTML page."""
    raise Http404


router.get("/orgs/{slug}/timebank/accounts/{pk}", include_in_schema=False)(_not_found)
router.get("/orgs/{slug}/commons/assets/{pk}", include_in_schema=False)(_not_found)
router.get("/orgs/{slug}/commons/agreements/{pk}", include_in_schema=False)(_not_found)
