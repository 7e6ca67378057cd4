"""API endpoints of the register of meetings (read-only): the meetings as listed on their page,
and one meeting with its agenda and the results of its closed ballots
(`governance.meetings:read`).

A meeting of another organization answers 404 like a missing one. An open ballot shows no
counts; a closed one shows its stored result, never a live tally nor who voted.
"""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, Router

from coopnet.core.api import MAX_ID, OrgSlug, api_access, list_get, responses
from coopnet.core.web import get_or_404

from . import selectors, services
from .models import Meeting
from .schemas import MeetingDetailOut, MeetingFilter, MeetingOut

router = Router(tags=["governance"])

MEETINGS_READ = "governance.meetings:read"

MeetingId = PathEx[int, P(ge=1, le=MAX_ID, description="Identificativo della riunione.")]


@list_get(router, "/orgs/{slug}/meetings", MeetingOut, "Registro delle riunioni")
def list_meetings(
    request: HttpRequest, slug: OrgSlug, filters: Query[MeetingFilter]
) -> QuerySet[Meeting]:
    """Assemblee e consigli di amministrazione come nel registro delle riunioni, dalla più
    recente. `kind` sceglie il tipo (ordinaria, straordinaria, consiglio), `year` l'anno
    della prima convocazione."""
    access = api_access(request, slug, MEETINGS_READ)
    kind = filters.kind.value if filters.kind else ""
    return selectors.meetings(access.organization, kind=kind, year=filters.year)


@router.get(
    "/orgs/{slug}/meetings/{int:meeting_id}",
    response=responses({200: MeetingDetailOut}, 404, 422),
    summary="Una riunione, con l'ordine del giorno e gli esiti",
)
def get_meeting(request: HttpRequest, slug: OrgSlug, meeting_id: MeetingId) -> Meeting:
    """Una riunione con l'ordine del giorno. Per ogni punto votato, lo stato della votazione:
    finché è aperta nessun conteggio; chiusa, il risultato registrato alla chiusura (voti per
    scelta, quorum, maggioranza, esito), come nella pagina della riunione. Le votazioni
    scadute si chiudono alla lettura, come sulla pagina. Una riunione di un'altra
    organizzazione non esiste (404)."""
    access = api_access(request, slug, MEETINGS_READ)
    meeting = get_or_404(selectors.meeting_detail, access.organization, meeting_id)
    services.close_due_ballots(organization=access.organization)
    return meeting


@router.get("/orgs/{slug}/meetings/{meeting_id}", include_in_schema=False)
def meeting_not_found(request: HttpRequest, slug: str, meeting_id: str) -> None:
    """Ids that are not whole numbers miss ``{int:meeting_id}`` above: answer the API's JSON
    404, as for a missing meeting, rather than the site's HTML page."""
    raise Http404
