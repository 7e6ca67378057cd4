"""Dashboards: a cooperative's year by month against last year (its office), a consortium's
or federation's network (``network.aggregates:read``), each with its CSV/XLSX export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.dates import FIRST_YEAR
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS, csv_response, xlsx_response
from coopnet.core.models import Organization, OrganizationKind

from ..consortium import (
    Filters,
    MemberFigures,
    network_members,
    territories,
    territories_geojson,
)
from ..dashboards import Choices, Dashboard, coop_dashboard, network_choices, network_dashboard
from ..indicators.compute import Period
from .indicators import READ as READ_OWN
from .indicators import figures_cells, figures_header

READ_NETWORK = "network.aggregates:read"
YEARS_SHOWN = 5
CENT = Decimal("0.01")


def _year(request: HttpRequest) -> int:
    """The year asked for (``?year=``), up to this one; else this one, with a warning naming
    the field."""
    today = timezone.localdate().year
    raw = request.GET.get("year", "")
    if not raw:
        return today
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= today:
        return int(raw)
    messages.warning(
        request,
        _("Anno: indica un anno dal %(first)s al %(last)s; mostro il %(last)s.")
        % {"first": FIRST_YEAR, "last": today},
    )
    return today


def _page(request: HttpRequest, template: str, found: Dashboard, **context: Any) -> HttpResponse:
    """A dashboard's page: its year and the years on offer, the dashboard, its filters."""
    year = found.period.year
    today = timezone.localdate().year
    years = sorted({year, *range(today - YEARS_SHOWN + 1, today + 1)}, reverse=True)
    return render(request, template, {**context, "year": year, "years": years, "dashboard": found})


def _export(
    request: HttpRequest, name: str, header: list[str], rows: list[list[Any]]
) -> HttpResponse:
    fmt = request.GET["format"]
    if fmt not in FORMATS:
        raise Http404
    return (csv_response if fmt == "csv" else xlsx_response)(name, header, rows)


@org_view(READ_OWN)
def dashboard(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The organization's main indicators for the year so far against last year, by month."""
    organization = access.organization
    year = _year(request)
    found = coop_dashboard(organization, year)
    if "format" in request.GET:
        header, rows = found.export_rows()
        return _export(request, f"cruscotto-{organization.slug}-{year}", header, rows)
    return _page(request, "reporting/dashboard.html", found, org=organization, query=f"year={year}")


def _member_cells(row: MemberFigures) -> list[Any]:
    return [
        row.name,
        row.kind,
        *figures_cells(row),
        row.beneficiaries,
        row.care_hours.quantize(CENT),
        row.comuni,
        row.public_revenue.quantize(CENT),
    ]


def _network_filters(request: HttpRequest, group: Organization) -> tuple[int, Choices, Filters]:
    """The year and the filters asked for on a group's network (404 for a cooperative); a
    value not on offer is ignored."""
    if group.kind not in OrganizationKind.groups():
        raise Http404
    year = _year(request)
    choices = network_choices(group, Period.of(year).end)
    members = {str(pk): pk for pk, _name in choices.members}
    sector, service = request.GET.get("sector", ""), request.GET.get("service", "")
    filters = Filters(
        member=members.get(request.GET.get("member", "")),
        sector=sector if sector in dict(choices.sectors) else "",
        service=service if service in choices.services else "",
    )
    return year, choices, filters


@org_view(READ_NETWORK)
def network_comuni(request: HttpRequest, access: OrgAccess) -> JsonResponse:
    """The comuni served by the (filtered) network as GeoJSON, for the dashboard's map."""
    group = access.organization
    year, choices, filters = _network_filters(request, group)
    members = network_members(group, Period.of(year).end, filters, choices.network)
    return JsonResponse(
        territories_geojson(territories([o.pk for o in members])),
        content_type="application/geo+json",
    )


@org_view(READ_NETWORK)
def network(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A consortium's or federation's network: its organizations' figures (small cells
    hidden), its care and revenue by month, the comuni it serves; filtered by year, member,
    sector and service. A filter value not on offer is ignored."""
    group = access.organization
    year, choices, filters = _network_filters(request, group)
    found = network_dashboard(group, year, filters, network=choices.network)
    query = request.GET.urlencode()
    if "format" in request.GET:
        header = [
            *figures_header(),
            _("Beneficiari"),
            _("Ore di assistenza"),
            _("Comuni serviti"),
            _("Ricavi da enti pubblici (€)"),
        ]
        rows = [_member_cells(r) for r in [*found.figures.rows, found.figures.total]]
        return _export(request, f"rete-{group.slug}-{year}", header, rows)
    return _page(
        request,
        "reporting/dashboard_network.html",
        found,
        org=group,
        query=query,
        geojson_url=f"{reverse('reporting:network_comuni', args=[group.slug])}?{query}",
        choices=choices,
        filters=filters,
    )
