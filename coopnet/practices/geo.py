"""The catalogue on a map: each public practice as a GeoJSON point (RFC 7946).

A practice is placed at its comune (``core.Comune``'s coordinates, from GeoNames): the
submission's core asks for the comuni of its territory, not for an address. ``approximate``
says the comune itself is only placed at its province's mean. Only the catalogue's public
fields go in: the map page (``{% leaflet_map %}``), its download and the API share this.
"""

from __future__ import annotations

from functools import lru_cache
from json.encoder import encode_basestring as quoted
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .models import Practice, codes_list

# Who proposed it: the organization's name, or the person's (``Practice.proposed_by``).
PROPOSER = Coalesce("owner__short_name", "author")

# What a point needs, read as plain tuples: no model instances, no texts, no dicts (a region
# holds thousands of practices; the map's CPU goes on building and encoding its features).
COLUMNS = (
    "pk", "title", "published_on", "themes", "sdgs", PROPOSER, "comune_id",
    "comune__name", "comune__latitude", "comune__longitude", "comune__coordinates_approximate",
    "comune__province__abbreviation", "comune__province__region__name",
)  # fmt: skip


# One feature, with its values already JSON (``encode_basestring`` quotes and escapes a
# string, keeping non-ASCII as is): a region's thousands of points cost one string each,
# not three dicts and three lists each for the garbage collector to sweep.
FEATURE = (
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[%r,%r]},"properties":{'
    '"id":%d,"name":%s,"url":"%s%d/","summary":%s,"owner":%s,"comune":%s,"comune_name":%s,'
    '"province":%s,"region":%s,"themes":%s,"sdgs":%s,"published_on":"%s","approximate":%s}}'
)


@lru_cache(maxsize=1024)
def codes_json(text: str) -> str:
    """Stored codes (``" a b "``) as a JSON list; few combinations recur across a region."""
    return "[" + ",".join(map(quoted, codes_list(text))) + "]"


def feature(row: tuple[Any, ...], pages: str) -> str:
    """One practice (a row of ``COLUMNS``) as a GeoJSON point at its comune, JSON text; its
    page is ``pages`` (JSON-escaped) + pk/."""
    pk, title, published, themes, sdgs, owner, istat, comune, lat, lon, approx, province, region = (
        row
    )
    summary = f"{owner} · {comune} ({province}) · {published.year}"
    return FEATURE % (
        lon, lat, pk, quoted(title), pages, pk, quoted(summary), quoted(owner), quoted(istat),
        quoted(comune), quoted(province), quoted(region), codes_json(themes), codes_json(sdgs),
        published.isoformat(), "true" if approx else "false",
    )  # fmt: skip


def feature_collection(
    request: HttpRequest, rows: QuerySet[Practice], content_type: str = "application/geo+json"
) -> HttpResponse:
    """The practices of ``rows`` that have a place, each linked to its public page, as a
    GeoJSON response (``FeatureCollectionOut``), in the order of their keys: the catalogue's
    order (by date and title) costs a sort the map does not show, and the key lets the
    database start from the region's comuni. The API sends it as the JSON its schema says."""
    pages = quoted(request.build_absolute_uri(reverse("practices:catalogue")))[1:-1]
    placed = rows.filter(comune__latitude__isnull=False).order_by("pk").values_list(*COLUMNS)
    features = ",".join([feature(row, pages) for row in placed])
    text = '{"type":"FeatureCollection","features":[' + features + "]}"
    return HttpResponse(text, content_type=content_type)


def practice_url(request: HttpRequest, pk: int) -> str:
    """A practice's public page, as a full address (downloads leave the site)."""
    return request.build_absolute_uri(reverse("practices:practice", args=[pk]))
