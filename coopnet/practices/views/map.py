"""The public map of the catalogue (no login): the same search and filters as the list, the
practices placed at their comune (``practices.geo``), and the map's GeoJSON, which is also the
catalogue's GeoJSON download."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from coopnet.core.exports import attachment, dated_name

from .. import geo
from .catalogue import search


def catalogue_map(request: HttpRequest) -> HttpResponse:
    form, query, rows = search(request)
    geojson_url = reverse("practices:geojson")
    if request.GET:
        geojson_url += "?" + request.GET.urlencode()
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query, "geojson_url": geojson_url}
    return render(request, "practices/map.html", context)


def catalogue_geojson(request: HttpRequest) -> HttpResponse:
    """The practices found, as a GeoJSON FeatureCollection; ``?download=1`` as a file."""
    _form, _query, rows = search(request)
    response = geo.feature_collection(request, rows)
    if request.GET.get("download"):
        return attachment(response, dated_name("buone-pratiche", "geojson"))
    return response
