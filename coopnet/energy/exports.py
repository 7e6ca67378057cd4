"""The CSV/XLSX exports: a distribution (one line per member, then the fund's) and the
register's members with their control rights."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from coopnet.core.exports import csv_response, xlsx_response

from .control import Control
from .models import Distribution, DistributionKind, EnergyMember
from .selectors import ShareRow


def distribution_export(distribution: Distribution, rows: list[ShareRow], fmt: str) -> HttpResponse:
    yearly = distribution.kind == DistributionKind.YEARLY
    header = [
        _("Codice fiscale"),
        _("Denominazione"),
        _("Impresa"),
        _("Come titolare (€)"),
        _("Come consumatore (€)"),
        _("Limite R-CER-6 (€)"),
        _("Importo (€)"),
    ]
    if yearly:
        header += [_("Già dato con le mensili (€)"), _("Conguaglio (€)")]
    fund = _("Fondo: %(purpose)s") % {"purpose": distribution.rule.fund_purpose}
    data: list[list[Any]] = []
    for row in rows:
        line: list[Any] = [
            row.member.tax_code if row.member else "",
            row.member.name if row.member else fund,
            _("Sì") if row.business else _("No"),
            row.owners_eur,
            row.consumers_eur,
            row.cut_eur,
            row.eur,
        ]
        if yearly:
            line += [row.provisional_eur, row.balance_eur]
        data.append(line)
    make = csv_response if fmt == "csv" else xlsx_response
    first_day = distribution.settlement.first_day
    return make(f"distribuzione-{distribution.organization.slug}-{first_day:%Y%m%d}", header, data)


def members_export(slug: str, rows: list[tuple[EnergyMember, Control]], fmt: str) -> HttpResponse:
    """The register's members with their comune and control rights (R-CER-1)."""
    header = [
        _("Codice fiscale"),
        _("Denominazione"),
        _("Tipo di membro"),
        _("Comune"),
        _("Famiglia vulnerabile"),
        _("Diritti di controllo"),
        _("Motivo"),
    ]
    data: list[list[Any]] = [
        [
            member.tax_code,
            member.name,
            member.get_kind_display(),
            str(member.comune) if member.comune else "",
            _("Sì") if member.vulnerable else _("No"),
            _("Sì") if rights.holds else _("No"),
            rights.message,
        ]
        for member, rights in rows
    ]
    make = csv_response if fmt == "csv" else xlsx_response
    return make(f"membri-energia-{slug}", header, data)
