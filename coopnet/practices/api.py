"""API endpoints of the practices app (read-only): published calls, the public catalogue
(a list and its GeoJSON) and the stories for everyone, without a token; an applicant's own
submissions (`practices.submissions:write`), whose decision stays empty until its release day;
a reviewer's own assignments (`practices.reviews:write`), without the applicant on a blind
call; the replication requests of a practice's owner and organizer
(`practices.replications:manage`), and those a cooperative made itself
(`practices.submissions:write`, as for asking).
"""

from enum import Enum

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, PathEx, Query, Router

from coopnet.core.api import MAX_ID, OrgSlug, api_access, api_user, list_get, responses
from coopnet.core.web import get_or_404

from . import geo, selectors
from .models import Assignment, Call, Practice, ReplicationRequest, Story, Submission
from .schemas import (
    AssignmentOut,
    CallOut,
    FeatureCollectionOut,
    PracticeFilters,
    PracticeOut,
    ReplicationOut,
    StoryOut,
    SubmissionOut,
)

router = Router(tags=["practices"])

Id = PathEx[int, P(ge=1, le=MAX_ID, description="Numero della pratica.")]


@list_get(router, "/practices/calls", CallOut, "Bandi pubblicati", errors=(422,), auth=None)
def list_calls(request: HttpRequest) -> QuerySet[Call]:
    """I bandi pubblicati da consorzi e federazioni, i più recenti per primi."""
    return selectors.published_calls()


@list_get(router, "/practices", PracticeOut, "Catalogo delle buone pratiche", (422,), auth=None)
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]) -> QuerySet[Practice]:
    """Le pratiche pubbliche; `q` cerca in tutto il testo ignorando accenti e maiuscole."""
    return _catalogue(filters)


def _catalogue(filters: PracticeFilters) -> QuerySet[Practice]:
    data = {k: str(v) if isinstance(v, Enum) else v for k, v in filters.dict().items()}
    return selectors.catalogue(data.pop("q"), **data)


@router.get(
    "/practices/geojson",
    response=responses({200: FeatureCollectionOut}, 422),
    summary="Le buone pratiche sulla mappa (GeoJSON)",
    auth=None,
)
def practices_geojson(request: HttpRequest, filters: Query[PracticeFilters]) -> HttpResponse:
    """Le pratiche pubbliche che la ricerca trova, ciascuna come punto nel suo comune."""
    return geo.feature_collection(request, _catalogue(filters), "application/json")


@router.get(
    "/practices/{int:pk}",
    response=responses({200: PracticeOut}, 404, 422),
    summary="Una buona pratica",
    auth=None,
)
def get_practice(request: HttpRequest, pk: Id) -> Practice:
    return get_or_404(selectors.practice, pk)


@list_get(router, "/practices/stories", StoryOut, "Notizie sulle buone pratiche", (422,), auth=None)
def list_stories(request: HttpRequest) -> QuerySet[Story]:
    """Le notizie pubblicate da chi cura il catalogo, le più recenti per prime."""
    return selectors.public_stories()


@router.get(
    "/practices/stories/{int:pk}",
    response=responses({200: StoryOut}, 404, 422),
    summary="Una notizia",
    auth=None,
)
def get_story(request: HttpRequest, pk: Id) -> Story:
    return get_or_404(selectors.public_story, pk)


@list_get(router, "/orgs/{slug}/practices/submissions", SubmissionOut, "Le nostre candidature")
def list_submissions(request: HttpRequest, slug: OrgSlug) -> QuerySet[Submission]:
    """Le candidature dell'organizzazione; esito e motivazione solo dal giorno della loro
    pubblicazione."""
    access = api_access(request, slug, "practices.submissions:write")
    return selectors.own_submissions(access.organization).order_by("pk")


@list_get(router, "/orgs/{slug}/practices/reviews", AssignmentOut, "Le mie valutazioni")
def list_reviews(request: HttpRequest, slug: OrgSlug) -> QuerySet[Assignment]:
    """Le candidature assegnate a chi chiama, nei bandi dell'organizzazione."""
    access = api_access(request, slug, "practices.reviews:write")
    return selectors.my_assignments(access.organization, api_user(request))


@list_get(router, "/orgs/{slug}/practices/replications", ReplicationOut, "Richieste di replica")
def list_replications(request: HttpRequest, slug: OrgSlug) -> QuerySet[ReplicationRequest]:
    """Le richieste di replicare le pratiche che l'organizzazione ha proposto o cura, con gli
    affiancamenti registrati."""
    access = api_access(request, slug, "practices.replications:manage")
    return selectors.replications(access.organization).prefetch_related("mentorings__mentor")


@list_get(
    router,
    "/orgs/{slug}/practices/replications/asked",
    ReplicationOut,
    "Le nostre richieste di replica",
)
def list_asked_replications(request: HttpRequest, slug: OrgSlug) -> QuerySet[ReplicationRequest]:
    """Le richieste di replicare una pratica fatte a nome dell'organizzazione, con lo stato, la
    risposta e gli affiancamenti (chi può chiedere per l'organizzazione: stesso permesso delle
    candidature)."""
    access = api_access(request, slug, "practices.submissions:write")
    return selectors.asked_replications(access.organization)


def _not_found(request: HttpRequest, pk: str) -> None:
    """Ids that are not whole numbers: the API's JSON 404, as for a missing practice."""
    raise Http404


router.get("/practices/{pk}", include_in_schema=False, auth=None)(_not_found)
router.get("/practices/stories/{pk}", include_in_schema=False, auth=None)(_not_found)
