"""Public pages of the commons (no login): an asset's page with the residents' sign-up form,
the map of a cooperative's, a consortium's or a region's commons, and its GeoJSON.

Only public data: what the asset is, its state and changes of state, who looks after it, its
pictures. Never the office's notes, documents, residents' contacts or insurance."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from coopnet.core.clients import client_ip
from coopnet.core.models import Organization, Region
from coopnet.core.ratelimit import Limit
from coopnet.core.web import apply_errors, get_or_404, stored_file

from .. import selectors, services
from ..forms import SignupForm
from ..models import Asset

SIGNUP_LIMIT = Limit("community.signup", count=5, seconds=3600)  # sign-ups per address an hour


def _organization(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def _asset_url(item: Asset) -> str:
    return reverse("community:public_asset", args=[item.organization.slug, item.pk])


def _summary(item: Asset) -> str:
    return f"{item.get_kind_display()} · {item.get_state_display()} · {item.comune}"


def _geojson(rows: QuerySet[Asset]) -> JsonResponse:
    """The assets with coordinates as a GeoJSON FeatureCollection (public fields only)."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(item.longitude), float(item.latitude)],
            },
            "properties": {
                "name": item.name,
                "url": _asset_url(item),
                "summary": _summary(item),
                "kind": item.kind,
                "state": item.state,
                "organization": item.organization.short_name,
            },
        }
        for item in rows.filter(latitude__isnull=False)
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
    )


def _map_page(request: HttpRequest, title: str, geojson_url: str, rows: Any) -> HttpResponse:
    context = {"title": title, "geojson_url": geojson_url, "assets": rows}
    return render(request, "community/public/map.html", context)


def commons_map(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The commons of a cooperative, or of a consortium's (or federation's) members."""
    organization = _organization(org_slug)
    rows = selectors.public_assets(selectors.public_scope(organization))
    title = _("Beni comuni di %(name)s") % {"name": organization.short_name}
    url = reverse("community:public_geojson", args=[organization.slug])
    return _map_page(request, title, url, rows)


def commons_geojson(request: HttpRequest, org_slug: str) -> JsonResponse:
    """The map's points; ``?bene=<n>`` only that asset (its own page's map)."""
    rows = selectors.public_assets(selectors.public_scope(_organization(org_slug)))
    one = request.GET.get("bene", "")
    if not one:
        return _geojson(rows)
    return _geojson(rows.filter(pk=int(one)) if one.isdigit() and len(one) < 10 else rows.none())


def region_map(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    title = _("Beni comuni in %(region)s") % {"region": region.name}
    url = reverse("community:region_geojson", args=[region.code])
    return _map_page(request, title, url, selectors.region_assets(region))


def region_geojson(request: HttpRequest, code: str) -> JsonResponse:
    return _geojson(selectors.region_assets(get_object_or_404(Region, code=code)))


def asset_page(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """An asset's public page: what it was, what is being done, by whom, how to join."""
    item = get_or_404(selectors.public_asset, _organization(org_slug), pk)
    form = SignupForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        sent = redirect(_asset_url(item) + "?inviato=1#partecipa")
        if SIGNUP_LIMIT.exceeded(client_ip(request)):
            form.is_valid()
            form.add_error(
                None, _("Troppe adesioni da questa connessione nell'ultima ora: riprova più tardi.")
            )
            status = 429
        elif form.is_valid():
            if form.is_robot:
                return sent
            data = {name: form.cleaned_data[name] for name in ("name", "contact", "offer")}
            try:
                services.signup_create(asset=item, consent=form.cleaned_data["consent"], **data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return sent
    context = {
        "asset": item,
        "description": Truncator(item.description or _summary(item)).chars(155),
        "history": selectors.public_history(item),
        "pacts": selectors.public_agreements(item.organization, asset=item.pk),
        "pictures": selectors.public_pictures(item),
        "geojson_url": reverse("community:public_geojson", args=[item.organization.slug])
        + f"?bene={item.pk}",
        "form": form,
        "sent": bool(request.GET.get("inviato")),
    }
    return render(request, "community/public/asset.html", context, status=status)


def asset_picture(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """A picture of an asset (documents stay in the register, behind the login)."""
    row = get_or_404(selectors.public_picture, _organization(org_slug), pk)
    return stored_file(row.file, as_attachment=False)
