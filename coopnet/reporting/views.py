"""Reporting pages: the consortium figures as CSV or XLSX (the table is on the consortium page)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS, csv_response, xlsx_response
from coopnet.core.models import OrganizationKind

from .selectors import Figures, consortium_figures

HOUR = Decimal(60)
CENT = Decimal("0.01")


def _cells(row: Figures) -> list[Any]:
    share = row.disadvantaged_share
    return [
        row.members,
        row.workers,
        row.disadvantaged,
        None if share is None else share.quantize(Decimal("0.0001")),
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
        _("Organizzazione"),
        _("Tipo"),
        _("Soci"),
        _("Lavoratori"),
        _("Lavoratori svantaggiati"),
        _("Quota di svantaggiati"),
        _("Capitale sottoscritto (€)"),
        _("Ore di assistenza dal %(day)s") % {"day": f"{figures.care_from:%d/%m/%Y}"},
    ]
    data = [[r.name, r.kind, *_cells(r)] for r in figures.rows]
    data.append([_("Totale"), "", *_cells(figures.total)])
    make = csv_response if fmt == "csv" else xlsx_response
    return make(f"numeri-aderenti-{group.slug}", header, data)
