"""API endpoints of the contracts app: tenders, bids and contracts read
(`contracts.tenders:read`); invoices read (`contracts.invoices:read`), drafted from JSON,
issued and downloaded as XML (`contracts.invoices:write`), their payments read
(`contracts.invoices:read`). Another organization's row answers
404 like a missing one."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router, Status

from coopnet.core.api import MAX_ID, OrgSlug, api_access, api_user, json_body, list_get, responses
from coopnet.core.models import Organization
from coopnet.core.web import get_or_404

from . import selectors, services
from .models import Bid, Contract, ContractStatement, Invoice, Payment, Tender
from .schemas import (
    BidOut,
    ContractOut,
    InvoiceIn,
    InvoiceOut,
    PaymentOut,
    StatementOut,
    TenderOut,
)
from .views.invoices import xml_response

router = Router(tags=["contracts"])

READ = "contracts.tenders:read"

Id = PathEx[int, P(ge=1, le=MAX_ID, description="Identificativo.")]


@list_get(router, "/orgs/{slug}/tenders", TenderOut, "Gare")
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


@list_get(router, "/orgs/{slug}/bids", BidOut, "Offerte")
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


@list_get(router, "/orgs/{slug}/contracts", ContractOut, "Contratti")
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


INVOICES_READ = "contracts.invoices:read"
INVOICES_WRITE = "contracts.invoices:write"


@list_get(router, "/orgs/{slug}/invoices", InvoiceOut, "Fatture")
def list_invoices(request: HttpRequest, slug: OrgSlug) -> QuerySet[Invoice]:
    """Le fatture e le note di credito, dalla più recente, con righe, regola IVA e stato SdI."""
    access = api_access(request, slug, INVOICES_READ)
    return selectors.invoices(access.organization)


@router.get(
    "/orgs/{slug}/invoices/{int:pk}",
    response=responses({200: InvoiceOut}, 404, 422),
    summary="Una fattura",
)
def get_invoice(request: HttpRequest, slug: OrgSlug, pk: Id) -> Invoice:
    access = api_access(request, slug, INVOICES_READ)
    return get_or_404(selectors.invoice, access.organization, pk)


@list_get(router, "/orgs/{slug}/invoices/{int:pk}/payments", PaymentOut, "Incassi di una fattura")
def list_payments(request: HttpRequest, slug: OrgSlug, pk: Id) -> list[Payment]:
    """Gli incassi della fattura per data, stornati compresi (``reversed``)."""
    access = api_access(request, slug, INVOICES_READ)
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    return list(invoice.payments.all())


def _header(organization: Organization, data: InvoiceIn) -> services.Header:
    """The draft's header from JSON: the customer among those with billing data, the contract
    among the organization's own (422 naming the field otherwise)."""
    try:
        customer = selectors.customers(organization).get(pk=data.customer_id)
    except Organization.DoesNotExist:
        raise ValidationError(
            {"customer_id": [_("Cliente sconosciuto: registra prima i suoi dati di fatturazione.")]}
        ) from None
    contract = None
    if data.contract_id is not None:
        try:
            contract = selectors.contract(organization, data.contract_id)
        except Contract.DoesNotExist:
            raise ValidationError({"contract_id": [_("Contratto sconosciuto.")]}) from None
    return services.Header(
        customer,
        contract,
        **data.model_dump(include={"cig", "cup", "order_id", "order_date", "nso_endpoint"}),
    )


@router.post(
    "/orgs/{slug}/invoices",
    response=responses({201: InvoiceOut}, 400, 404, 422),
    summary="Creare una fattura in bozza",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": InvoiceIn.model_json_schema()}},
        }
    },
)
def create_invoice(request: HttpRequest, slug: OrgSlug) -> Status[Invoice]:
    """Una bozza senza numero: cliente, righe (aliquota 5 o 22, oppure natura N4: R-VAT-1; N6.7
    per pulizia e servizi su edifici a un'impresa: R-VAT-RC), contratto o CIG (obbligatorio per
    un ente pubblico, della fattura o di ogni riga: R-VAT-4). Un rifiuto risponde 422 con il
    campo e il motivo."""
    access = api_access(request, slug, INVOICES_WRITE)
    data = json_body(request, InvoiceIn)
    invoice = services.invoice_draft_create(
        actor=api_user(request),
        organization=access.organization,
        header=_header(access.organization, data),
        lines=[services.LineSpec(**line.model_dump()) for line in data.lines],
    )
    return Status(201, selectors.invoice(access.organization, invoice.pk))


@router.post(
    "/orgs/{slug}/invoices/{int:pk}/issue",
    response=responses({200: InvoiceOut}, 404, 422),
    summary="Emettere una fattura",
)
def issue_invoice(request: HttpRequest, slug: OrgSlug, pk: Id) -> Invoice:
    """Emette con la data di oggi: regole IVA (R-VAT-1..4), file FatturaPA validato, numero
    dell'anno. Un rifiuto (422, con il campo e il motivo) non emette nulla e non consuma
    numeri. Una fattura scartata dallo SdI si riemette con lo stesso numero."""
    access = api_access(request, slug, INVOICES_WRITE)
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    services.invoice_issue(actor=api_user(request), invoice=invoice, on=timezone.localdate())
    return selectors.invoice(access.organization, pk)


@router.get(
    "/orgs/{slug}/invoices/{int:pk}/xml",
    response=responses({200: None}, 404, 422),
    summary="Il file XML di una fattura",
    openapi_extra={"responses": {200: {"content": {"application/xml": {}}}}},
)
def invoice_xml(request: HttpRequest, slug: OrgSlug, pk: Id) -> HttpResponse:
    """Il file FatturaPA emesso (404 per una bozza), con il nome che lo SdI si aspetta."""
    access = api_access(request, slug, INVOICES_READ)
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    return xml_response(invoice)


@list_get(router, "/orgs/{slug}/statements", StatementOut, "Rendiconti mensili")
def list_statements(request: HttpRequest, slug: OrgSlug) -> QuerySet[ContractStatement]:
    """I rendiconti mensili dell'organizzazione, dal mese più recente, con le ore per servizio,
    i prezzi e le ore lavorate (senza la parte dei lavoratori svantaggiati)."""
    access = api_access(request, slug, READ)
    return selectors.all_statements(access.organization)


@router.get(
    "/orgs/{slug}/statements/{int:pk}",
    response=responses({200: StatementOut}, 404, 422),
    summary="Un rendiconto mensile",
)
def get_statement(request: HttpRequest, slug: OrgSlug, pk: Id) -> ContractStatement:
    access = api_access(request, slug, READ)
    return get_or_404(selectors.statement, access.organization, pk)


def _not_found(request: HttpRequest, slug: str, pk: str) -> None:
    """Ids that are not whole numbers miss ``{int:pk}`` above: answer the API's JSON 404, as
    for a missing row, rather than the site's HTML page."""
    raise Http404


for _kind in ("tenders", "bids", "contracts", "invoices", "statements"):
    router.get(f"/orgs/{{slug}}/{_kind}/{{pk}}", include_in_schema=False)(_not_found)
router.post("/orgs/{slug}/invoices/{pk}/issue", include_in_schema=False)(_not_found)
router.get("/orgs/{slug}/invoices/{pk}/xml", include_in_schema=False)(_not_found)
router.get("/orgs/{slug}/invoices/{pk}/payments", include_in_schema=False)(_not_found)
