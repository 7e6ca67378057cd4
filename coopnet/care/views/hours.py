"""Delivered hours by carer, beneficiary or service and month, paid and volunteer apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response, xlsx_response

from .. import selectors
from ..forms import HoursFilterForm
from ..selectors import HoursRow


def _header(by: str) -> list[str]:
    labels = {"carer": _("Operatore"), "beneficiary": _("Utente"), "service": _("Servizio")}
    return [
        labels[by],
        _("Mese"),
        _("Ore retribuite"),
        _("Ore di volontariato"),
        _("Ore totali"),
    ]


def _rows(rows: list[HoursRow]) -> list[list[Any]]:
    """Decimal hours, numbers a spreadsheet can add up (core.exports writes them the Italian
    way: "2,00" in a CSV, a number format in a workbook)."""
    return [
        [r.label, r.month.strftime("%m/%Y"), r.paid_hours, r.volunteer_hours, r.total_hours]
        for r in rows
    ]


@org_view("care.hours:read")
def hours(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    today = timezone.localdate()
    first = today.replace(day=1)
    defaults = {"start": (first - dt.timedelta(days=1)).replace(day=1), "end": today, "by": "carer"}
    form = HoursFilterForm(request.GET or None, initial=defaults)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else defaults
    rows = selectors.delivered_hours(
        access.organization, start=filters["start"], end=filters["end"], by=filters["by"]
    )
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        make = csv_response if export == "csv" else xlsx_response
        return make("ore-erogate", _header(filters["by"]), _rows(rows))
    context = {
        "page_title": _("Ore erogate"),
        "form": form,
        "rows": rows,
        "by": filters["by"],
        "header": _header(filters["by"]),
        "paid": sum(r.paid_minutes for r in rows),
        "volunteer": sum(r.volunteer_minutes for r in rows),
        "to_review": selectors.visits_to_review(
            access.organization, start=filters["start"], end=filters["end"]
        ).count(),
    }
    return render(request, "care/hours.html", context)
