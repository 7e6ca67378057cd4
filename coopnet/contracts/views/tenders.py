"""Pages of tenders: the list, a new tender, its detail with lots, documents and bids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import User
from coopnet.core.web import current_user, form_page, get_or_404, stored_file

from .. import selectors, services
from ..forms import DocumentForm, LotForm, TenderForm
from ..models import Tender

T = TypeVar("T")
READ = "contracts.tenders:read"
WRITE = "contracts.tenders:write"


def form_screen(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[], T],
    message: str,
    then: Callable[[T], HttpResponse],
    title: str,
    subject: object = None,
) -> HttpResponse:
    """The one page every simple form of the app uses (``contracts/form.html``), through
    ``core.web.form_page``: a valid POST runs ``write``, then goes ``then(result)``."""
    context = {"title": title, "subject": subject}
    return form_page(request, form, write, message, then, "contracts/form.html", context)


@org_view(READ)
def tender_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    page = Paginator(selectors.tenders(access.organization), 25).get_page(request.GET.get("page"))
    return render(request, "contracts/tender_list.html", {"page": page})


@org_view(WRITE)
def tender_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = TenderForm(request.POST or None, authorities=selectors.public_bodies())
    return form_screen(
        request,
        form,
        lambda: services.tender_create(
            actor=current_user(request), organization=access.organization, data=form.cleaned_data
        ),
        _("Gara registrata."),
        lambda tender: redirect("contracts:tender", access.organization.slug, tender.pk),
        _("Nuova gara"),
    )


@org_view(READ)
def tender_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    tender = get_or_404(selectors.tender, access.organization, pk)
    context = {"tender": tender, "bids": selectors.bids(access.organization, tender=tender)}
    return render(request, "contracts/tender_detail.html", context)


def _tender_addition(
    request: HttpRequest,
    access: OrgAccess,
    pk: int,
    form_class: type[forms.Form] | type[forms.ModelForm],
    write: Callable[[User, Tender, dict[str, Any]], object],
    message: str,
    title: str,
) -> HttpResponse:
    """A form that adds something to a tender (a lot, a document), then back to the tender."""
    tender = get_or_404(selectors.tender, access.organization, pk)
    form = form_class(request.POST or None, request.FILES or None)
    return form_screen(
        request,
        form,
        lambda: write(current_user(request), tender, form.cleaned_data),
        message,
        lambda _added: redirect("contracts:tender", access.organization.slug, tender.pk),
        title,
        tender,
    )


@org_view(WRITE)
def lot_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _tender_addition(
        request,
        access,
        pk,
        LotForm,
        lambda actor, tender, data: services.lot_create(actor=actor, tender=tender, data=data),
        _("Lotto aggiunto."),
        _("Nuovo lotto"),
    )


@org_view(WRITE)
def document_add(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _tender_addition(
        request,
        access,
        pk,
        DocumentForm,
        lambda actor, tender, data: services.document_add(actor=actor, tender=tender, **data),
        _("Documento caricato."),
        _("Nuovo documento"),
    )


@org_view(READ)
def document_download(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    document = get_or_404(selectors.document, access.organization, pk)
    return stored_file(document.file, as_attachment=True)
