"""Care pages for coordinators: a beneficiary's care plans (PAI), their lines and visits."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import User
from coopnet.core.web import attempt, current_user, get_or_404

from .. import selectors
from ..forms import CarePlanForm, CarePlanLineForm
from ..models import CarePlanLine, CarerPreference
from ..services import care
from ._common import READ, WRITE, back, edit_page, form_page, initial_from
from .day import generate_visits


@org_view(WRITE)
def plan_form(
    request: HttpRequest,
    access: OrgAccess,
    pk: int | None = None,
    beneficiary_pk: int | None = None,
) -> HttpResponse:
    organization = access.organization
    plan = get_or_404(selectors.plan_detail, organization, pk) if pk is not None else None
    beneficiary = (
        plan.beneficiary
        if plan
        else get_or_404(selectors.beneficiary_detail, organization, beneficiary_pk)
    )
    initial = initial_from(plan, care.PLAN_FIELDS) if plan else {"start_date": timezone.localdate()}
    form = CarePlanForm(
        request.POST or None, initial=initial, contracts=selectors.funding_contracts(organization)
    )
    return edit_page(
        request,
        form,
        plan,
        lambda user, edited, data: care.care_plan_update(actor=user, plan=edited, data=data),
        lambda user, data: care.care_plan_create(actor=user, beneficiary=beneficiary, data=data),
        _("Piano assistenziale salvato."),
        lambda saved: back("plan", access, pk=saved.pk),
        (_("Modifica piano assistenziale"), _("Nuovo piano assistenziale")),
        {"subject": beneficiary},
    )


@org_view(READ)
def plan_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    plan = get_or_404(selectors.plan_detail, access.organization, pk)
    return render(request, "care/plan_detail.html", {"plan": plan})


@org_view(WRITE)
def line_form(
    request: HttpRequest, access: OrgAccess, pk: int | None = None, plan_pk: int | None = None
) -> HttpResponse:
    organization = access.organization
    line = get_or_404(selectors.line_detail, organization, pk) if pk is not None else None
    plan = line.plan if line else get_or_404(selectors.plan_detail, organization, plan_pk)
    if line:
        initial = initial_from(line, care.LINE_FIELDS)
        initial["preferred"] = selectors.line_carers(line, CarerPreference.PREFERRED)
        initial["avoided"] = selectors.line_carers(line, CarerPreference.AVOIDED)
    else:
        initial = {"min_gap": 0, "max_gap": 0, "carers_needed": 1}
    form = CarePlanLineForm(
        request.POST or None,
        initial=initial,
        service_types=selectors.service_types(organization, active_only=True),
        carers=selectors.carers(organization, active_only=True),
    )

    def write(user: User, data: dict[str, Any]) -> CarePlanLine:
        chosen = {name: form.cleaned_data[name] for name in CarePlanLineForm.extra}
        if line:
            return care.care_plan_line_update(actor=user, line=line, data=data, **chosen)
        return care.care_plan_line_create(actor=user, plan=plan, data=data, **chosen)

    return form_page(
        request,
        form,
        write,
        _("Riga del piano salvata."),
        lambda _line: back("plan", access, pk=plan.pk),
        {
            "title": _("Modifica riga del piano") if line else _("Nuovo servizio nel piano"),
            "subject": plan.beneficiary,
            "line": line,
        },
    )


@require_POST
@org_view(WRITE)
def line_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    line = get_or_404(selectors.line_detail, access.organization, pk)
    attempt(
        request,
        lambda: care.care_plan_line_delete(actor=current_user(request), line=line),
        _("Riga cancellata."),
    )
    return back("plan", access, pk=line.plan_id)


@require_POST
@org_view(WRITE)
def plan_generate(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Create the plan's visits for a range of days (running it again creates nothing twice)."""
    plan = get_or_404(selectors.plan_detail, access.organization, pk)
    generate_visits(request, access, plan)
    return back("plan", access, pk=pk)
