"""The catalogue on a map: each public practice as a GeoJSON point (RFC 7946).

A practice is placed at its comune (``core.Comune``'s coordinates, from GeoNames): the
submission's core asks for the comuni of its territory, not for an address. ``approximate``
says the comune itself is only placed at its province's mean. Only the catalogue's public
fields go in: the map page (``{% leaflet_map %}``), its download and the API share this.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from .models import Practice, codes_list

# What a point needs, read as plain values: no model instances, no texts (a region holds
# thousands of practices).
COLUMNS = (
    "pk", "title", "published_on", "themes", "sdgs", "owner__short_name", "comune_id",
    "comune__name", "comune__latitude", "comune__longitude", "comune__coordinates_approximate",
    "comune__province__abbreviation", "comune__province__region__name",
)  # fmt: skip


def feature(row: dict[str, Any], url: str) -> dict[str, Any]:
    """One practice (a row of ``COLUMNS``) as a GeoJSON point at its comune."""
    comune, province = row["comune__name"], row["comune__province__abbreviation"]
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [row["comune__longitude"], row["comune__latitude"]],
        },
        "properties": {
            "id": row["pk"],
            "name": row["title"],
            "url": url,
            "summary": f"{row['owner__short_name']} · {comune} ({province}) · "
            f"{row['published_on']:%Y}",
            "owner": row["owner__short_name"],
            "comune": row["comune_id"],
            "comune_name": comune,
            "province": province,
            "region": row["comune__province__region__name"],
            "themes": codes_list(row["themes"]),
            "sdgs": codes_list(row["sdgs"]),
            "published_on": row["published_on"].isoformat(),
            "approximate": row["comune__coordinates_approximate"],
        },
    }


def feature_collection(request: HttpRequest, rows: QuerySet[Practice]) -> dict[str, Any]:
    """The practices of ``rows`` that have a place, each linked to its public page."""
    pages = request.build_absolute_uri(reverse("practices:catalogue"))  # a page is pages + pk/
    placed = rows.filter(comune__latitude__isnull=False).values(*COLUMNS)
    return {
        "type": "FeatureCollection",
        "features": [feature(row, f"{pages}{row['pk']}/") for row in placed],
    }


def practice_url(request: HttpRequest, pk: int) -> str:
    """A practice's public page, as a full address (downloads leave the site)."""
    return request.build_absolute_uri(reverse("practices:practice", args=[pk]))
