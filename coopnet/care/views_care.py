"""Care pages for coordinators: beneficiaries, their health notes, their family's link and their
care plans."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.forms import error_summary
from coopnet.core.web import apply_errors, current_user, get_or_404, saved
from coopnet.members.services import person_create

from . import health, selectors
from .forms import (
    BeneficiaryForm,
    CarePlanForm,
    CarePlanLineForm,
    GenerateForm,
    HealthNoteForm,
    NewBeneficiaryForm,
    PurposeForm,
)
from .models import Beneficiary, CarerPreference
from .services import care, family, visits
from .views import PAGE_SIZE, READ, WRITE, back, initial_from

# Every role holds it: the health page uses it so that a refused attempt by anyone in the
# organization is logged (outsiders still get a plain 404).
ANY_ROLE = "network.org:read"


# --- beneficiaries --------------------------------------------------------------------------


@org_view(READ)
def beneficiary_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    active_only = request.GET.get("status") != "tutti"
    rows = selectors.beneficiaries(access.organization, query=query, active_only=active_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": query, "active_only": active_only}
    return render(request, "care/beneficiary_list.html", context)


@org_view(WRITE)
def beneficiary_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    form = NewBeneficiaryForm(
        request.POST or None,
        initial={"active": True},
        persons=selectors.persons(organization),
        memberships=selectors.fruitore_memberships(organization),
    )
    if request.method == "POST" and form.is_valid():
        user = current_user(request)

        def write() -> Any:
            with transaction.atomic():
                person = form.cleaned_data["person"] or person_create(
                    actor=user, organization=organization, data=form.new_person_data()
                )
                return care.beneficiary_create(
                    actor=user,
                    organization=organization,
                    person=person,
                    data=form.data_for_service(),
                )

        beneficiary = saved(request, form, write, _("Utente registrato."))
        if beneficiary is not None:
            return back("beneficiary", access, pk=beneficiary.pk)
    return render(request, "care/form.html", {"form": form, "title": _("Nuovo utente")})


@org_view(WRITE)
def beneficiary_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    beneficiary = get_or_404(selectors.beneficiary_detail, organization, pk)
    initial = initial_from(beneficiary, care.BENEFICIARY_FIELDS)
    initial["comune"] = (
        f"{beneficiary.comune.name} ({beneficiary.comune.province.abbreviation})"
        if beneficiary.comune
        else ""
    )
    form = BeneficiaryForm(
        request.POST or None,
        initial=initial,
        memberships=selectors.fruitore_memberships(organization).filter(person=beneficiary.person),
    )
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: care.beneficiary_update(
                actor=current_user(request), beneficiary=beneficiary, data=form.data_for_service()
            ),
            _("Utente aggiornato."),
        )
        if done is not None:
            return back("beneficiary", access, pk=pk)
    title = _("Modifica utente")
    return render(request, "care/form.html", {"form": form, "title": title, "subject": beneficiary})


def _beneficiary_page(
    request: HttpRequest, access: OrgAccess, beneficiary: Beneficiary, family_url: str = ""
) -> HttpResponse:
    context = {
        "beneficiary": beneficiary,
        "plans": selectors.plans_of(beneficiary),
        "notes_count": health.notes_count(beneficiary),
        "can_read_health": access.can(health.READ),
        "family_url": family_url,
    }
    return render(request, "care/beneficiary_detail.html", context)


@org_view(READ)
def beneficiary_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    beneficiary = get_or_404(selectors.beneficiary_detail, access.organization, pk)
    return _beneficiary_page(request, access, beneficiary)


@require_POST
@org_view(WRITE)
def family_link(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Create (or replace) the family's link; its address is shown in this answer only."""
    beneficiary = get_or_404(selectors.beneficiary_detail, access.organization, pk)
    token = family.family_link_regenerate(actor=current_user(request), beneficiary=beneficiary)
    url = request.build_absolute_uri(reverse("care:family", kwargs={"token": token}))
    response = _beneficiary_page(request, access, beneficiary, family_url=url)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@org_view(WRITE)
def family_link_revoke(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    beneficiary = get_or_404(selectors.beneficiary_detail, access.organization, pk)
    family.family_link_revoke(actor=current_user(request), beneficiary=beneficiary)
    messages.success(request, _("Link per la famiglia disattivato."))
    return back("beneficiary", access, pk=pk)


@org_view(ANY_ROLE)
def beneficiary_health(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The health notes, behind the permission, the second factor and a purpose, all logged."""
    beneficiary = get_or_404(selectors.beneficiary_detail, access.organization, pk)
    user, verified = current_user(request), otp.is_verified(request)
    if not access.can(health.READ):
        try:
            health.authorize(
                actor=user,
                beneficiary=beneficiary,
                verified=verified,
                purpose=request.GET.get("purpose", ""),
            )
        except health.HealthAccessDenied as error:
            raise Http404 from error
    if not verified:
        return otp.second_factor_redirect(request)
    purpose_form = PurposeForm(request.GET or None)
    if not purpose_form.is_valid():
        context = {"form": purpose_form, "beneficiary": beneficiary}
        return render(request, "care/health_purpose.html", context)
    purpose = purpose_form.cleaned_data["purpose"]
    form = HealthNoteForm(request.POST or None, initial={"purpose": purpose})
    if request.method == "POST" and form.is_valid():
        try:
            health.note_add(
                actor=user,
                beneficiary=beneficiary,
                verified=verified,
                purpose=form.cleaned_data["purpose"],
                text=form.cleaned_data["text"],
            )
        except health.HealthAccessDenied as error:
            raise Http404 from error
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Nota sanitaria registrata."))
            return redirect(f"{request.path}?purpose={purpose}")
    notes = health.notes_read(
        actor=user, beneficiary=beneficiary, verified=verified, purpose=purpose
    )
    context = {
        "beneficiary": beneficiary,
        "notes": notes,
        "purpose_label": health.PURPOSES[purpose],
        "form": form if access.can(health.WRITE) else None,
    }
    return render(request, "care/health_notes.html", context)


# --- plans ----------------------------------------------------------------------------------


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
    if request.method == "POST" and form.is_valid():
        user, data = current_user(request), form.data_for_service()
        result = saved(
            request,
            form,
            lambda: (
                care.care_plan_update(actor=user, plan=plan, data=data)
                if plan
                else care.care_plan_create(actor=user, beneficiary=beneficiary, data=data)
            ),
            _("Piano assistenziale salvato."),
        )
        if result is not None:
            return back("plan", access, pk=result.pk)
    title = _("Modifica piano assistenziale") if plan else _("Nuovo piano assistenziale")
    return render(request, "care/form.html", {"form": form, "title": title, "subject": beneficiary})


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
    if request.method == "POST" and form.is_valid():
        user, data = current_user(request), form.data_for_service()
        chosen = {
            "preferred": form.cleaned_data["preferred"],
            "avoided": form.cleaned_data["avoided"],
        }
        result = saved(
            request,
            form,
            lambda: (
                care.care_plan_line_update(actor=user, line=line, data=data, **chosen)
                if line
                else care.care_plan_line_create(actor=user, plan=plan, data=data, **chosen)
            ),
            _("Riga del piano salvata."),
        )
        if result is not None:
            return back("plan", access, pk=plan.pk)
    title = _("Modifica riga del piano") if line else _("Nuovo servizio nel piano")
    context = {"form": form, "title": title, "subject": plan.beneficiary, "line": line}
    return render(request, "care/form.html", context)


@require_POST
@org_view(WRITE)
def line_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    line = get_or_404(selectors.line_detail, access.organization, pk)
    try:
        care.care_plan_line_delete(actor=current_user(request), line=line)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Riga cancellata."))
    return back("plan", access, pk=line.plan_id)


@require_POST
@org_view(WRITE)
def plan_generate(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Create the plan's visits for a range of days (running it again creates nothing twice)."""
    plan = get_or_404(selectors.plan_detail, access.organization, pk)
    form = GenerateForm(request.POST)
    if form.is_valid():
        try:
            created = visits.visits_generate(
                actor=current_user(request),
                organization=access.organization,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                plan=plan,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Visite create: %(n)s.") % {"n": created})
    else:
        messages.error(request, error_summary(form))
    return back("plan", access, pk=pk)
