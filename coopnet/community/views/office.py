"""The office's pages of the time bank: accounts, transfers (new, approve, refuse, reverse),
the CSV import, the bank's rules and categories, allied banks and their exchanges, reports."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import attempt, current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import (
    AccountOpenForm,
    AllianceForm,
    BankForm,
    CategoryForm,
    ImportForm,
    InterbankForm,
    NoteForm,
    TransferForm,
)
from ..models import Transfer, TransferState
from .common import (
    FORM,
    MANAGE,
    back,
    state_list,
    statement_context,
    statement_download,
)


@org_view(MANAGE)
def account_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.accounts(access.organization).order_by("kind", "person__surname", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "community/account_list.html", {"page": page})


@org_view(MANAGE)
def account_open(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = AccountOpenForm(
        request.POST or None, persons=selectors.persons_without_account(access.organization)
    )
    return form_page(
        request,
        form,
        lambda: services.account_open(
            actor=current_user(request),
            organization=access.organization,
            person=form.cleaned_data["person"],
            kind=form.cleaned_data["kind"],
            welcome=form.cleaned_data["welcome"],
        ),
        _("Conto aperto."),
        lambda account: back("account", access, account.pk),
        FORM,
        {"title": _("Nuovo conto")},
    )


@org_view(MANAGE)
def account_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    account = get_or_404(selectors.account, access.organization, pk)
    fmt = request.GET.get("format", "")
    download = statement_download(account, fmt) if fmt else None
    if download is not None:
        return download
    if request.method == "POST":
        user = current_user(request)
        action = request.POST.get("action")
        writes = {
            "close": lambda: services.account_close(actor=user, account=account),
            "welcome": lambda: services.grant_welcome(actor=user, account=account),
        }
        if action in writes:
            attempt(request, writes[action])
        return redirect("community:account", access.organization.slug, account.pk)
    context = {**statement_context(request, account), "office": True}
    return render(request, "community/statement.html", context)


@org_view(MANAGE)
def transfer_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return state_list(
        request,
        "community/transfer_list.html",
        lambda state: selectors.transfers(access.organization, state=state),
        TransferState,
    )


@org_view(MANAGE)
def transfer_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = TransferForm(
        request.POST or None,
        accounts=selectors.personal_accounts(access.organization),
        categories=selectors.categories(access.organization),
        initial={"performed_on": timezone.localdate()},
    )

    def write() -> Transfer:
        debits, credits = form.sides()
        data = form.cleaned_data
        return services.transfer_create(
            actor=current_user(request),
            organization=access.organization,
            debits=debits,
            credits=credits,
            category=data["category"],
            performed_on=data["performed_on"],
            note=data["note"],
            idempotency_key=data["idempotency_key"],
        )

    return form_page(
        request,
        form,
        write,
        _("Scambio registrato."),
        lambda transfer: back("transfer", access, transfer.pk),
        FORM,
        {"title": _("Nuovo scambio")},
    )


@org_view(MANAGE)
def transfer_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    transfer = get_or_404(selectors.transfer, access.organization, pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = current_user(request)
        action = request.POST.get("action")
        writes = {
            "approve": lambda: services.transfer_approve(actor=user, transfer=transfer),
            "refuse": lambda: services.transfer_refuse(actor=user, transfer=transfer),
            "reverse": lambda: services.transfer_reverse(
                actor=user, transfer=transfer, note=form.cleaned_data["note"]
            ),
        }
        if action in writes:
            done = saved(request, form, writes[action], _("Fatto."))
            if done is not None:
                return redirect("community:transfer", access.organization.slug, done.pk)
    return render(request, "community/transfer_detail.html", {"transfer": transfer, "form": form})


@org_view(MANAGE)
def transfer_import(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda: services.transfers_import(
            actor=current_user(request),
            organization=access.organization,
            content=form.cleaned_data["file"].read(),
        ),
        _("Scambi importati."),
        lambda _written: back("transfers", access),
        FORM,
        {"title": _("Importa scambi da CSV"), "multipart": True},
    )


@org_view(MANAGE)
def bank_settings(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    user = current_user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    form = BankForm(request.POST if action == "bank" else None, instance=selectors.bank(org))
    category_form = CategoryForm(request.POST if action == "category" else None)
    if action == "bank" and form.is_valid():
        data = form.cleaned_data
        write = lambda: services.timebank_save(actor=user, organization=org, data=data)  # noqa: E731
        if saved(request, form, write, _("Regole salvate.")):
            return redirect("community:settings", org.slug)
    if action == "category" and category_form.is_valid():
        name = category_form.cleaned_data["name"]
        write_category = lambda: services.category_create(  # noqa: E731
            actor=user, organization=org, name=name
        )
        if saved(request, category_form, write_category, _("Categoria aggiunta.")):
            return redirect("community:settings", org.slug)
    context = {
        "form": form,
        "category_form": category_form,
        "categories": selectors.categories(org, active_only=False),
    }
    return render(request, "community/settings.html", context)


@org_view(MANAGE)
def allies(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    form = AllianceForm(request.POST or None, partners=selectors.possible_allies(org))
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data["partner"]
        write = lambda: services.alliance_open(  # noqa: E731
            actor=current_user(request), organization=org, partner=partner
        )
        if saved(request, form, write, _("Banca alleata.")):
            return redirect("community:allies", org.slug)
    return render(request, "community/allies.html", {"form": form, "allies": selectors.allies(org)})


@org_view(MANAGE)
def interbank(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    form = InterbankForm(
        request.POST or None,
        accounts=selectors.personal_accounts(org),
        partners=selectors.allied_banks(org),
        categories=selectors.categories(org),
        initial={"performed_on": timezone.localdate()},
    )

    def write() -> object:
        data = form.cleaned_data
        other = selectors.partner_account(data["partner"], data["partner_account"])
        if other is None:
            raise ValidationError({"partner_account": _("Nessun conto aperto con questo numero.")})
        ours, helper_first = data["account"], data["direction"] == "aiuta"
        helper, receiver = (ours, other) if helper_first else (other, ours)
        return services.interbank_exchange(
            actor=current_user(request),
            helper=helper,
            receiver=receiver,
            minutes=data["total"],
            category=data["category"],
            idempotency_key=data["idempotency_key"],
            performed_on=data["performed_on"],
        )

    return form_page(
        request,
        form,
        write,
        _("Scambio con la banca alleata registrato."),
        lambda _written: back("transfers", access),
        FORM,
        {"title": _("Scambio con una banca alleata")},
    )


@org_view(MANAGE)
def reports(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    today = timezone.localdate()
    start, end = dt.date(today.year, 1, 1), today
    context = {
        "start": start,
        "end": end,
        "months": selectors.hours_by_category_and_month(org, start, end),
        "active": selectors.active_members(org, start, end),
        "check": selectors.ledger_check(org),
    }
    return render(request, "community/reports.html", context)
