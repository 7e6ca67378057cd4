"""Reporting pages: the social report's indicators of a year (compute, enter by hand), and the
consortium figures as CSV or XLSX (the table is on the consortium page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.dates import FIRST_YEAR, LAST_YEAR, query_year
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS, csv_response, xlsx_response
from coopnet.core.models import OrganizationKind
from coopnet.core.web import attempt, current_user, form_page

from .. import selectors, services
from ..consortium import MemberFigures
from ..forms import IndicatorEntryForm
from ..indicators.catalogue import CATALOGUE
from ..selectors import Figures, consortium_figures

HOUR = Decimal(60)
CENT = Decimal("0.01")
READ = "reporting.indicators:read"
WRITE = "reporting.indicators:write"


def writer_post(request: HttpRequest, access: OrgAccess, permission: str) -> Any:
    """The posted data of a writer (None on GET); a reader's POST is a 404."""
    if request.method != "POST":
        return None
    if not access.can(permission):
        raise Http404
    return request.POST


def _indicators_url(slug: str, year: int) -> str:
    return f"{reverse('reporting:indicators', args=[slug])}?year={year}"


@org_view(READ)
def indicators(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The year's indicators by section of the social report; the office recomputes them."""
    organization = access.organization
    year = query_year(request, "year", default=timezone.localdate().year) or 0
    if writer_post(request, access, WRITE) is not None:
        attempt(
            request,
            lambda: services.indicators_compute(
                actor=current_user(request), organization=organization, year=year
            ),
            lambda n: _("Indicatori calcolati: %(n)s valori.") % {"n": n},
        )
        return redirect(_indicators_url(organization.slug, year))
    years = sorted({year, *selectors.indicator_years(organization)}, reverse=True)
    return render(
        request,
        "reporting/indicators.html",
        {
            "org": organization,
            "year": year,
            "years": years,
            "sections": selectors.indicator_table(organization, year),
            "can_write": access.can(WRITE),
        },
    )


@org_view(WRITE)
def indicator_enter(request: HttpRequest, access: OrgAccess, key: str, year: int) -> HttpResponse:
    """Enter by hand a figure coopnet does not hold, with its source."""
    indicator = CATALOGUE.get(key)
    if indicator is None or not indicator.enterable or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    organization = access.organization
    current = next(
        (
            v
            for v in selectors.indicator_values(organization, year)
            if v.key == key and not v.breakdown
        ),
        None,
    )
    initial = (
        {} if current is None else {"value": current.value.normalize(), "source": current.source}
    )
    form = IndicatorEntryForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.indicator_enter(
            actor=current_user(request),
            organization=organization,
            key=key,
            year=year,
            value=form.cleaned_data["value"],
            source=form.cleaned_data["source"],
        ),
        _("Dato salvato. Ricalcola gli indicatori per aggiornare quelli derivati."),
        lambda _row: redirect(_indicators_url(organization.slug, year)),
        "reporting/indicator_enter.html",
        {"org": organization, "indicator": indicator, "year": year, "current": current},
    )


def figures_header() -> list[str]:
    """The first columns of an export of members' figures (a consortium's, a network's)."""
    return [
        _("Organizzazione"),
        _("Tipo"),
        _("Soci"),
        _("Lavoratori"),
        _("Lavoratori svantaggiati"),
        _("Quota di svantaggiati"),
    ]


def figures_cells(row: Figures | MemberFigures) -> list[Any]:
    """The cells under ``figures_header`` but the first two: people counts, hidden ones
    empty, and the disadvantaged share."""
    share = row.disadvantaged_share
    quantized = None if share is None else share.quantize(Decimal("0.0001"))
    return [row.members, row.workers, row.disadvantaged, quantized]


def _cells(row: Figures) -> list[Any]:
    return [
        *figures_cells(row),
        row.capital.quantize(CENT),
        (Decimal(row.care_minutes) / HOUR).quantize(CENT),
    ]


@org_view("network.aggregates:read")
def consortium_figures_export(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The figures of the consortium page; suppressed cells stay empty."""
    group = access.organization
    fmt = request.GET.get("format", "")
    if group.kind not in OrganizationKind.groups() or fmt not in FORMATS:
        raise Http404
    figures = consortium_figures(group, timezone.localdate())
    header = [
        *figures_header(),
        _("Capitale sottoscritto (€)"),
        _("Ore di assistenza dal %(day)s") % {"day": f"{figures.care_from:%d/%m/%Y}"},
    ]
    data = [[r.name, r.kind, *_cells(r)] for r in figures.rows]
    data.append([_("Totale"), "", *_cells(figures.total)])
    make = csv_response if fmt == "csv" else xlsx_response
    return make(f"numeri-aderenti-{group.slug}", header, data)
