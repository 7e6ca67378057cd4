"""Care pages for coordinators: carers and their absences."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import get_or_404

from .. import selectors
from ..forms import AbsenceForm, CarerForm, NewCarerForm
from ..services import carers
from ._common import PAGE_SIZE, READ, WRITE, back, edit_page, form_page, initial_from


@org_view(READ)
def carer_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.carers(access.organization)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "care/carer_list.html", {"page": page})


@org_view(WRITE)
def carer_form(request: HttpRequest, access: OrgAccess, pk: int | None = None) -> HttpResponse:
    organization = access.organization
    carer = get_or_404(selectors.carer_detail, organization, pk) if pk is not None else None
    form: CarerForm
    if carer:
        form = CarerForm(request.POST or None, initial=initial_from(carer, carers.CARER_FIELDS))
    else:
        form = NewCarerForm(request.POST or None, persons=selectors.carer_candidates(organization))
    return edit_page(
        request,
        form,
        carer,
        lambda user, edited, data: carers.carer_update(actor=user, carer=edited, data=data),
        lambda user, data: carers.carer_create(
            actor=user, organization=organization, person=form.cleaned_data["person"], data=data
        ),
        _("Operatore salvato."),
        lambda saved: back("carer", access, pk=saved.pk),
        (_("Modifica operatore"), _("Nuovo operatore")),
        {"subject": carer},
    )


@org_view(READ)
def carer_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    carer = get_or_404(selectors.carer_detail, access.organization, pk)
    if request.method == "POST" and not access.can(WRITE):
        raise Http404
    form = AbsenceForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda user, data: carers.absence_record(actor=user, carer=carer, data=data),
        _("Assenza registrata: ripianifica i giorni che tocca."),
        lambda _absence: back("carer", access, pk=pk),
        {"carer": carer, "absences": selectors.absences(carer)[:30]},
        "care/carer_detail.html",
    )
