"""The public catalogue (no login): search and filters, their download as CSV, XLSX or JSON
(``?format=csv|xlsx|json``; the GeoJSON is the map's, ``views.map``), and a practice's page
with the title and description search engines show (and, to someone logged in who already
asked to replicate it, the link to their request)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from coopnet.core.exports import FORMATS, attachment, csv_response, dated_name, xlsx_response
from coopnet.core.models import User
from coopnet.core.web import get_or_404

from .. import selectors
from ..forms import CatalogueForm
from ..geo import practice_url
from ..models import Practice, Sdg, Theme, codes_labels
from ..schemas import PracticeOut


def search(request: HttpRequest) -> tuple[CatalogueForm, str, QuerySet[Practice]]:
    """The search form of the query string (a bad value is ignored), its words and what it
    finds: the list, the map and every download read the catalogue the same way."""
    form = CatalogueForm(request.GET or None)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    query = cleaned.get("q", "")
    filters = {key: cleaned.get(key) for key in selectors.FILTERS}
    for key in ("regione", "provincia"):
        place = filters[key]
        filters[key] = place.pk if place is not None else None
    return form, query, selectors.catalogue(query, **filters)


def catalogue(request: HttpRequest) -> HttpResponse:
    form, query, rows = search(request)
    fmt = request.GET.get("format", "")
    if fmt == "json":
        return _json(request, rows)
    if fmt in FORMATS:
        return _download(request, rows, fmt)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "stories": selectors.public_stories()[:3],
    }
    return render(request, "practices/catalogue.html", context)


def _download(request: HttpRequest, rows: QuerySet[Practice], fmt: str) -> HttpResponse:
    """The practices found, as CSV or XLSX (through core.exports: no cell runs as a formula)."""
    header = [
        _("Titolo"), _("Proposta da"), _("Comune"), _("Provincia"), _("Regione"),
        _("Tipo di organizzazione"), _("Settore ATECO"), _("Temi"), _("Obiettivi"),
        _("Pubblicata il"), _("Bando"), _("Sintesi"), _("Licenza"), _("Pagina"),
    ]  # fmt: skip
    data = (
        [
            p.title,
            p.proposed_by,
            p.comune.name,
            p.comune.province.abbreviation,
            p.comune.province.region.name,
            p.get_organization_kind_display(),
            p.sector,
            ", ".join(codes_labels(p.themes, Theme)),
            "; ".join(codes_labels(p.sdgs, Sdg)),
            p.published_on,
            p.call.title,
            p.summary,
            p.get_licence_display(),
            practice_url(request, p.pk),
        ]
        for p in rows
    )
    write = csv_response if fmt == "csv" else xlsx_response
    return write("buone-pratiche", header, data)


def _json(request: HttpRequest, rows: QuerySet[Practice]) -> HttpResponse:
    """The practices found, as the API shows them, each with its page's address."""
    data = [
        {**PracticeOut.from_orm(p).model_dump(mode="json"), "url": practice_url(request, p.pk)}
        for p in rows
    ]
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    return attachment(response, dated_name("buone-pratiche", "json"))


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_or_404(selectors.practice, pk)
    user = request.user if isinstance(request.user, User) else None
    context = {
        "practice": practice,
        "asked": selectors.asked_already(user, practice) if user else None,
        "themes": codes_labels(practice.themes, Theme),
        "sdgs": codes_labels(practice.sdgs, Sdg),
    }
    return render(request, "practices/practice_detail.html", context)
