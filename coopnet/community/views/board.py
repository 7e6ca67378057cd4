"""The board on a phone: offers and requests by category, a new one, one line with the
exchange recorded from it, and the member's own account (statement, downloads, own data)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import attachment, dated_name
from coopnet.core.web import attempt, current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import OfferExchangeForm, OfferForm
from ..models import Account, Offer, OfferKind
from .common import FORM, MANAGE, USE, back, statement_context, statement_download


def _own(request: HttpRequest, access: OrgAccess) -> Account | None:
    return selectors.own_account(access.organization, current_user(request))


@org_view(USE)
def board(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    categories = list(selectors.categories(access.organization))
    try:
        chosen = int(request.GET.get("categoria", "")) or None
    except ValueError:
        chosen = None
    context = {
        "account": _own(request, access),
        "offers": selectors.board(access.organization, category=chosen)[:100],
        "categories": categories,
        "chosen": chosen,
        "manager": access.can(MANAGE),
    }
    if access.can(MANAGE):
        context["pending"] = selectors.pending_count(access.organization)
        context["flagged"] = selectors.flagged_offers(access.organization)
    return render(request, "community/board.html", context)


@org_view(USE)
def offer_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    account = _own(request, access)
    if account is None:
        raise Http404
    form = OfferForm(request.POST or None, categories=selectors.categories(access.organization))
    return form_page(
        request,
        form,
        lambda: services.offer_create(
            actor=current_user(request), account=account, data=form.cleaned_data
        ),
        _("Annuncio pubblicato."),
        lambda offer: back("offer", access, offer.pk),
        FORM,
        {"title": _("Nuovo annuncio")},
    )


def _counterparts(offer: Offer, own: Account | None) -> bool | None:
    """Who may record the help of this line, and whether they pick the helper: the one who
    received it pays (an offer: anyone else; a request: its author, choosing who helped)."""
    if own is None or not offer.is_open:
        return None
    if offer.kind == OfferKind.OFFER:
        return False if own.pk != offer.account_id else None
    return True if own.pk == offer.account_id else None


@org_view(USE)
def offer_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    offer = get_or_404(selectors.offer, access.organization, pk)
    own = _own(request, access)
    picks = _counterparts(offer, own)
    form = None
    if picks is not None and own is not None:
        choices = (
            selectors.personal_accounts(access.organization).exclude(pk=offer.account_id)
            if picks
            else None
        )
        form = OfferExchangeForm(
            request.POST or None,
            counterparts=choices,
            initial={"performed_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            user, account = current_user(request), own
            written = saved(
                request,
                form,
                lambda: services.exchange_from_offer(
                    actor=user,
                    offer=offer,
                    counterpart=data.get("counterpart") or account,
                    minutes=data["total"],
                    performed_on=data["performed_on"],
                    note=data["note"],
                    idempotency_key=data["idempotency_key"],
                ),
                _("Scambio registrato."),
            )
            if written is not None:
                return redirect("community:mine", access.organization.slug)
    context = {
        "offer": offer,
        "form": form,
        "own": own,
        "may_close": offer.is_open
        and (access.can(MANAGE) or (own is not None and own.pk == offer.account_id)),
    }
    return render(request, "community/offer_detail.html", context)


@require_POST
@org_view(USE)
def offer_close(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    offer = get_or_404(selectors.offer, access.organization, pk)
    own = _own(request, access)
    if not access.can(MANAGE) and (own is None or own.pk != offer.account_id):
        raise Http404
    attempt(
        request,
        lambda: services.offer_close(actor=current_user(request), offer=offer),
        _("Annuncio chiuso."),
    )
    return redirect("community:board", access.organization.slug)


@org_view(USE)
def mine(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    account = _own(request, access)
    if account is None:
        return render(request, "community/no_account.html")
    fmt = request.GET.get("format", "")
    download = statement_download(account, fmt) if fmt else None
    if download is not None:
        return download
    return render(request, "community/statement.html", statement_context(request, account))


@org_view(USE)
def own_data(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Everything the time bank holds about the person asking, as JSON."""
    account = _own(request, access)
    if account is None:
        raise Http404
    body = json.dumps(selectors.own_data(account), cls=DjangoJSONEncoder, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return attachment(response, dated_name("banca-del-tempo-miei-dati", "json"))
