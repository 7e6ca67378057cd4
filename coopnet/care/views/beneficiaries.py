"""Care pages for coordinators: beneficiaries, their health notes and their family's link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import User
from coopnet.core.web import current_user, get_or_404, saved
from coopnet.members.services import person_create

from .. import health, selectors
from ..forms import (
    BeneficiaryForm,
    HealthNoteForm,
    NewBeneficiaryForm,
    PurposeForm,
)
from ..models import Beneficiary
from ..services import care, family
from ..services import health as health_notes
from ._common import PAGE_SIZE, READ, WRITE, back, form_page, initial_from

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
    context = {"page_title": _("Utenti"), "page": page, "q": query, "active_only": active_only}
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

    @transaction.atomic
    def write(user: User, data: dict[str, Any]) -> Beneficiary:
        person = form.cleaned_data["person"] or person_create(
            actor=user, organization=organization, data=form.new_person_data()
        )
        return care.beneficiary_create(
            actor=user, organization=organization, person=person, data=data
        )

    return form_page(
        request,
        form,
        write,
        _("Utente registrato."),
        lambda beneficiary: back("beneficiary", access, pk=beneficiary.pk),
        {"title": _("Nuovo utente")},
    )


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
    return form_page(
        request,
        form,
        lambda user, data: care.beneficiary_update(actor=user, beneficiary=beneficiary, data=data),
        _("Utente aggiornato."),
        lambda _beneficiary: back("beneficiary", access, pk=pk),
        {"title": _("Modifica utente"), "subject": beneficiary},
    )


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
            note = saved(
                request,
                form,
                lambda: health_notes.note_add(
                    actor=user,
                    beneficiary=beneficiary,
                    verified=verified,
                    purpose=form.cleaned_data["purpose"],
                    text=form.cleaned_data["text"],
                ),
                _("Nota sanitaria registrata."),
            )
        except health.HealthAccessDenied as error:
            raise Http404 from error
        if note is not None:
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
