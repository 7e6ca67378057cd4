"""The shared map: ``{% load maps %}{% leaflet_map geojson_url label %}`` (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("includes/map.html")
def leaflet_map(geojson_url: str, label: str) -> dict[str, Any]:
    """A map of the points of the GeoJSON at ``geojson_url``, clustered, named ``label``; tiles
    from ``COOPNET_MAP_TILES`` when set, else a blank background."""
    return {
        "geojson_url": geojson_url,
        "label": label,
        "tiles": settings.COOPNET_MAP_TILES,
        "attribution": settings.COOPNET_MAP_ATTRIBUTION,
    }
