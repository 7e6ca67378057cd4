"""CSV and XLSX exports of organization lists (the directory and a consortium's members)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from coopnet.core.exports import csv_response, xlsx_response
from coopnet.core.models import Organization


def headers() -> list[str]:
    return [
        _("Nome breve"),
        _("Ragione sociale"),
        _("Tipo"),
        _("Codice fiscale"),
        _("Partita IVA"),
        _("Numero albo"),
        _("Sezione albo"),
        _("Comune"),
        _("Provincia"),
        _("Regione"),
        _("ATECO principale"),
        _("Data di costituzione"),
        _("Consorzi e federazioni"),
    ]


def rows(organizations: QuerySet[Organization]) -> Iterator[list[Any]]:
    """One row per organization of a ``selectors.directory`` queryset, in ``headers()`` order."""
    for org in organizations.iterator(chunk_size=1000):
        comune = org.seat_comune
        province = comune.province if comune else None
        yield [
            org.short_name,
            org.legal_name,
            org.get_kind_display(),
            org.codice_fiscale,
            org.partita_iva,
            org.albo_number,
            org.albo_section,
            comune.name if comune else "",
            province.abbreviation if province else "",
            province.region.name if province else "",
            org.main_sector or "",  # type: ignore[attr-defined]
            org.founded_on,
            ", ".join(a.group.short_name for a in org.active_affiliations),  # type: ignore[attr-defined]
        ]


def organizations_export(
    organizations: QuerySet[Organization], *, fmt: str, basename: str
) -> HttpResponse:
    """The list as CSV or XLSX (``fmt`` is one of ``core.exports.FORMATS``)."""
    make = csv_response if fmt == "csv" else xlsx_response
    return make(basename, headers(), rows(organizations))
