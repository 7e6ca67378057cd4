"""Pages of the energy app: the community's configurations, plants and settlements, and one
settlement with its plants, members and missing hours."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_year
from coopnet.core.decorators import org_view
from coopnet.core.web import apply_errors, current_user, form_page, get_or_404

from . import charts, prospects, selectors, services, statements
from .forms import SettleForm, SimulationForm
from .models import Settlement
from .schemas import settlement_document

READ = "energy.community:read"
WRITE = "energy.community:write"
RECENT = 20


@org_view(READ)
def community(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    context = {
        "configurations": selectors.configurations(org),
        "plants": selectors.plants(org),
        "settlements": selectors.settlements(org)[:RECENT],
    }
    return render(request, "energy/community.html", context)


@org_view(READ)
def settlement_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    settlement = get_or_404(selectors.settlement, access.organization, pk)
    document = settlement_document(settlement)
    registered = selectors.member_by_tax_code(access.organization)
    context = {
        "settlement": settlement,
        "document": document,
        "members": [(m, registered.get(m["tax_code"])) for m in document["members"]],
    }
    return render(request, "energy/settlement_detail.html", context)


@org_view(WRITE)
def settle(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Settle a period: a run with the same inputs is the stored one, shown again."""
    form = SettleForm(request.POST or None)

    def write() -> Settlement:
        return services.settlement_run(
            organization=access.organization,
            actor=current_user(request),
            first_day=form.cleaned_data["first_day"],
            last_day=form.cleaned_data["last_day"],
        )

    return form_page(
        request,
        form,
        write,
        _("Ripartizione calcolata."),
        lambda run: redirect("energy:settlement", access.organization.slug, run.pk),
        "energy/settle.html",
    )


# -- statements and the dashboard (issue 13 item 6) -----------------------------------------


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


@org_view(WRITE)
def simulate(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """What the last year would have been with a prospective consumer or PV plant; nothing is
    stored."""
    org = access.organization
    codes = [c.code for c in selectors.configurations(org)]
    form = SimulationForm(request.POST or None, configurations=codes)
    prospect = None
    if request.method == "POST" and form.is_valid():
        try:
            prospect = prospects.prospect_run(organization=org, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "energy/simulate.html", {"form": form, "prospect": prospect})
