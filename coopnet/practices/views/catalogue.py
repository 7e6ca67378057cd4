"""The public catalogue (no login): search and filters, and a practice's page with the title
and description search engines show."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coopnet.core.web import get_or_404

from .. import selectors
from ..forms import CatalogueForm
from ..models import Sdg, Theme, codes_labels


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.GET or None)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    query = cleaned.get("q", "")
    filters = {key: cleaned.get(key) for key in selectors.FILTERS}
    for key in ("regione", "provincia"):
        place = filters[key]
        filters[key] = place.pk if place is not None else None
    rows = selectors.catalogue(query, **filters)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "practices/catalogue.html", {"form": form, "page": page, "query": query})


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_or_404(selectors.practice, pk)
    context = {
        "practice": practice,
        "themes": codes_labels(practice.themes, Theme),
        "sdgs": codes_labels(practice.sdgs, Sdg),
    }
    return render(request, "practices/practice_detail.html", context)
