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

# What a point needs, read as plain tuples: no model instances, no texts, no dicts (a region
# holds thousands of practices; the map's CPU goes on building and encoding its features).
COLUMNS = (
    "pk", "title", "published_on", "themes", "sdgs", "owner__short_name", "comune_id",
    "comune__name", "comune__latitude", "comune__longitude", "comune__coordinates_approximate",
    "comune__province__abbreviation", "comune__province__region__name",
)  # fmt: skip


def feature(row: tuple[Any, ...], pages: str) -> dict[str, Any]:
    """One practice (a row of ``COLUMNS``) as a GeoJSON point at its comune; its page is
    ``pages`` + pk/."""
    pk, title, published, themes, sdgs, owner, istat, comune, lat, lon, approx, province, region = (
        row
    )
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": pk,
            "name": title,
            "url": f"{pages}{pk}/",
            "summary": f"{owner} · {comune} ({province}) · {published.year}",
            "owner": owner,
            "comune": istat,
            "comune_name": comune,
            "province": province,
            "region": region,
            "themes": codes_list(themes),
            "sdgs": codes_list(sdgs),
            "published_on": published.isoformat(),
            "approximate": approx,
        },
    }


def feature_collection(request: HttpRequest, rows: QuerySet[Practice]) -> dict[str, Any]:
    """The practices of ``rows`` that have a place, each linked to its public page, in the
    order of their keys: the catalogue's order (by date and title) costs a sort the map does
    not show, and the key lets the database start from the region's comuni."""
    pages = request.build_absolute_uri(reverse("practices:catalogue"))
    placed = rows.filter(comune__latitude__isnull=False).order_by("pk").values_list(*COLUMNS)
    return {"type": "FeatureCollection", "features": [feature(row, pages) for row in placed]}


def practice_url(request: HttpRequest, pk: int) -> str:
    """A practice's public page, as a full address (downloads leave the site)."""
    return request.build_absolute_uri(reverse("practices:practice", args=[pk]))
