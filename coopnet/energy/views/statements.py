"""Each member's statement of a stored run (page and PDF) and the community's dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_year
from coopnet.core.decorators import org_view
from coopnet.core.web import get_or_404

from .. import charts, selectors, statements
from .access import READ


def _statement(access: OrgAccess, pk: int, member_pk: int) -> statements.Statement:
    settlement = get_or_404(selectors.settlement, access.organization, pk)
    member = get_or_404(selectors.energy_member, access.organization, member_pk)
    return statements.member_statement(settlement, member)


@org_view(READ)
def member_statement(
    request: HttpRequest, access: OrgAccess, pk: int, member_pk: int
) -> HttpResponse:
    context = {"statement": _statement(access, pk, member_pk)}
    return render(request, "energy/member_statement.html", context)


@org_view(READ)
def member_statement_pdf(
    request: HttpRequest, access: OrgAccess, pk: int, member_pk: int
) -> HttpResponse:
    statement = _statement(access, pk, member_pk)
    response = HttpResponse(statements.statement_pdf(statement), content_type="application/pdf")
    name = f"estratto-energia-{statement.member.tax_code}-{statement.settlement.first_day}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view(READ)
def dashboard(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The year's settled months: energy, the R-CER-6 share, premium by plant; the register's
    members by kind."""
    org = access.organization
    default = selectors.latest_settlement_year(org) or timezone.localdate().year
    year = query_year(request, "anno", default=default) or default
    months = {m: run.result for m, run in selectors.monthly_settlements(org, year).items()}
    context = {
        "year": year,
        "months": months,
        "charts": [
            charts.energy_by_month(months),
            charts.shared_share(months),
            charts.premium_by_plant(list(months.values())),
            charts.members_by_kind(selectors.members_by_kind(org)),
        ],
    }
    return render(request, "energy/dashboard.html", context)
