"""The libro soci page: filters, counts per category, pending decisions, sortable columns."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view

from .. import selectors
from ..forms import RegisterFilterForm

COLUMNS = [
    ("number", gettext_lazy("N.")),
    ("name", gettext_lazy("Socio")),
    ("category", gettext_lazy("Categoria")),
    ("admitted", gettext_lazy("Ammesso il")),
    ("status", gettext_lazy("Stato")),
]


def _sort_headers(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    """Column headers that sort the register, keeping the other filters."""
    params = {k: v for k, v in request.GET.items() if k not in {"sort", "page"}}
    headers = []
    for key, label in COLUMNS:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        next_sort = f"-{key}" if active and not descending else key
        headers.append(
            {
                "label": label,
                "url": "?" + urlencode({**params, "sort": next_sort}),
                "aria_sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return headers


@org_view("members.register:read")
def register(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The libro soci: filters, counts per category, pending decisions, 100 rows a page."""
    organization = access.organization
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters(request.GET.get("sort", "number"))
    rows = selectors.register(organization, filters)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "headers": _sort_headers(request, filters.sort),
        "counts": selectors.category_counts(organization, filters.status),
        "pending": selectors.pending_decisions(organization, today),
        "today": today,
        "can_write": access.can("members.register:write"),
        "can_statute": access.can("members.statute:write"),
        "can_documents": access.can("members.documents:write"),
        "can_import": access.can("members.import"),
        # the exports print what the page shows: same filters and order, every page
        "export_query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
    }
    return render(request, "members/register.html", context)
