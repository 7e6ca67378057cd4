"""API endpoints of the care services: visits (planners see all, carers their own), the
carer's check-in and check-out, delivered hours by carer.

A carer's visit is looked up through their carer record, as on the phone pages: another
carer's visit answers 404 like a missing one.
"""

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router

from coopnet.core.access import OrgAccess
from coopnet.core.api import MAX_ID, OrgSlug, api_access, api_user, json_body, list_get, responses
from coopnet.core.dates import parse_month
from coopnet.core.web import get_or_404

from . import selectors
from .models import Carer, Visit
from .schemas import CheckOutIn, HoursFilter, HoursOut, VisitFilter, VisitOut
from .services import visits

router = Router(tags=["care"])

PLANS_READ = "care.plans:read"
OWN = "care.visits:own"
MAX_PERIOD_DAYS = 92

VisitId = PathEx[int, P(ge=1, le=MAX_ID, description="Identificativo della visita.")]


def _own_carer(request: HttpRequest, access: OrgAccess) -> Carer | None:
    """The caller's carer record in the organization (like the phone pages), if any."""
    return selectors.carer_for_user(access.organization, api_user(request))


def _visits_access(request: HttpRequest, slug: str) -> tuple[OrgAccess, bool]:
    """A planner's access (every visit), else a carer's (True: their own visits only); 404
    for everybody else."""
    try:
        return api_access(request, slug, PLANS_READ), False
    except Http404:
        return api_access(request, slug, OWN), True


def _own_visit(request: HttpRequest, slug: str, visit_id: int) -> Visit:
    """The caller's own visit; 404 for another carer's, a missing one or a non-carer."""
    access = api_access(request, slug, OWN)
    carer = _own_carer(request, access)
    if carer is None:
        raise Http404
    visit: Visit = get_or_404(selectors.own_visit, carer, visit_id)
    return visit


def _period(filters: VisitFilter) -> tuple[dt.date, dt.date]:
    """The days asked for: one day (today) by default, at most ``MAX_PERIOD_DAYS``."""
    start = filters.date_from or filters.date_to or timezone.localdate()
    end = filters.date_to or start
    if end < start:
        raise ValidationError(
            {"date_to": _("La data di fine non può precedere la data di inizio.")}
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationError(
            {"date_to": _("Chiedi al massimo %(n)s giorni per volta.") % {"n": MAX_PERIOD_DAYS}}
        )
    return start, end


@list_get(router, "/orgs/{slug}/care/visits", VisitOut, "Visite di un periodo")
def list_visits(
    request: HttpRequest, slug: OrgSlug, filters: Query[VisitFilter]
) -> QuerySet[Visit]:
    """Le visite da `date_from` a `date_to` (al massimo 92 giorni), per giorno e inizio
    previsto. Coordinatori e amministratori (`services.plans:read`) vedono tutte quelle
    dell'organizzazione, un operatore (`services.visits:own`) solo le proprie. Degli utenti si
    mostra solo il nome: mai note sanitarie né bisogni."""
    access, own_only = _visits_access(request, slug)
    start, end = _period(filters)
    carer_id = filters.carer
    if own_only:
        own = _own_carer(request, access)
        if own is None or carer_id not in (None, own.pk):
            return Visit.objects.for_org(access.organization).none()
        carer_id = own.pk
    status = filters.status.value if filters.status else None
    return selectors.period_visits(
        access.organization, start, end, carer_id=carer_id, status=status
    )


@router.post(
    "/orgs/{slug}/care/visits/{int:visit_id}/check-in",
    response=responses({200: VisitOut}, 404, 422),
    summary="Registrare l'arrivo a una visita",
)
def check_in(request: HttpRequest, slug: OrgSlug, visit_id: VisitId) -> Visit:
    """Solo l'operatore a cui la visita è assegnata (`services.visits:own`), nel giorno della
    visita; per gli altri la visita non esiste (404). Un arrivo già registrato o una visita non
    assegnata rispondono 422 con il motivo. Un arrivo lontano dall'orario previsto (oltre la
    tolleranza dell'organizzazione) o mentre un'altra visita è in corso si registra, ma la
    visita torna con `needs_review` e `review_flags`: i suoi minuti contano solo dopo la
    conferma di un coordinatore."""
    visit = _own_visit(request, slug, visit_id)
    return visits.visit_check_in(actor=api_user(request), visit=visit)


@router.post(
    "/orgs/{slug}/care/visits/{int:visit_id}/check-out",
    response=responses({200: VisitOut}, 400, 404, 422),
    summary="Registrare l'uscita da una visita",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": CheckOutIn.model_json_schema()}},
        }
    },
)
def check_out(request: HttpRequest, slug: OrgSlug, visit_id: VisitId) -> Visit:
    """Solo l'operatore assegnato. Chiude la visita in corso: i minuti erogati vanno
    dall'arrivo all'uscita; le ore di un volontario entrano nel registro dei volontari. Il
    corpo JSON (note, attività svolte) è facoltativo. Un'uscita senza arrivo o già registrata
    risponde 422; una visita di zero minuti resta da verificare (`review_flags`)."""
    visit = _own_visit(request, slug, visit_id)
    data = json_body(request, CheckOutIn, empty={})
    return visits.visit_check_out(
        actor=api_user(request), visit=visit, notes=data.notes, tasks_done=data.tasks_done
    )


@router.post("/orgs/{slug}/care/visits/{visit_id}/{action}", include_in_schema=False)
def visit_action_not_found(request: HttpRequest, slug: str, visit_id: str, action: str) -> None:
    """Ids that are not whole numbers miss ``{int:visit_id}`` above: answer the API's JSON 404,
    as for a missing visit, rather than the site's HTML page."""
    raise Http404


def _month(value: str | None) -> tuple[dt.date, dt.date]:
    """The first and last day of ``value`` (AAAA-MM), or of the current month."""
    try:
        start = parse_month(value) if value else timezone.localdate().replace(day=1)
    except ValidationError as error:
        raise ValidationError({"month": error.messages}) from error
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


@router.get(
    "/orgs/{slug}/care/hours",
    response=responses({200: HoursOut}, 404, 422),
    summary="Ore erogate nel mese, per operatore",
)
def delivered_hours(
    request: HttpRequest, slug: OrgSlug, filters: Query[HoursFilter]
) -> dict[str, Any]:
    """Le ore delle visite svolte nel mese per operatore, retribuite e di volontariato
    separate, come nella pagina delle ore erogate (`services.hours:read`); le visite da
    verificare non contano finché un coordinatore non le conferma. I decimali sono stringhe
    (esatte)."""
    access = api_access(request, slug, "care.hours:read")
    start, end = _month(filters.month)
    rows = selectors.delivered_hours(access.organization, start=start, end=end, by="carer")
    paid = sum((r.paid_hours for r in rows), Decimal("0.00"))
    volunteer = sum((r.volunteer_hours for r in rows), Decimal("0.00"))
    return {
        "month": f"{start:%Y-%m}",
        "date_from": start,
        "date_to": end,
        "carers": [
            {
                "carer": r.label,
                "paid_hours": r.paid_hours,
                "volunteer_hours": r.volunteer_hours,
                "total_hours": r.total_hours,
            }
            for r in rows
        ],
        "paid_hours": paid,
        "volunteer_hours": volunteer,
        "total_hours": paid + volunteer,
    }
