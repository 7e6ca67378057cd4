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


def feature(practice: Practice, url: str) -> dict[str, Any]:
    comune = practice.comune
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [comune.longitude, comune.latitude]},
        "properties": {
            "id": practice.pk,
            "name": practice.title,
            "url": url,
            "summary": f"{practice.owner.short_name} · {comune} · {practice.published_on:%Y}",
            "owner": practice.owner.short_name,
            "comune": comune.istat_code,
            "comune_name": comune.name,
            "province": comune.province.abbreviation,
            "region": comune.province.region.name,
            "themes": codes_list(practice.themes),
            "sdgs": codes_list(practice.sdgs),
            "published_on": practice.published_on.isoformat(),
            "approximate": comune.coordinates_approximate,
        },
    }


def practice_url(request: HttpRequest, pk: int) -> str:
    """A practice's public page, as a full address (downloads leave the site)."""
    return request.build_absolute_uri(reverse("practices:practice", args=[pk]))


def feature_collection(request: HttpRequest, rows: QuerySet[Practice]) -> dict[str, Any]:
    """The practices of ``rows`` that have a place."""
    placed = rows.filter(comune__latitude__isnull=False)
    return {
        "type": "FeatureCollection",
        "features": [feature(p, practice_url(request, p.pk)) for p in placed],
    }
