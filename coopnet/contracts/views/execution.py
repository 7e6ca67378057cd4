"""Pages of a contract's execution: linking care plans, prices per service type, the type B
timesheet, the monthly statements (approve asked once, PDF, XLSX, invoice)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import attachment, xlsx_response
from coopnet.core.web import current_user, get_or_404
from coopnet.workforce import vault

from .. import selectors, services
from ..courtesy import statement_pdf
from ..figures import Figures
from ..forms import PlanLinkForm, PriceForm, StatementForm, WorkedHoursForm
from ..models import Contract, ContractStatement
from .bids import DECIDE
from .tenders import READ, form_screen

INVOICE = "contracts.invoices:write"


def _contract(access: OrgAccess, pk: int) -> Contract:
    return get_or_404(selectors.executed_contract, access.organization, pk)


def _to_contract(access: OrgAccess, contract: Contract) -> HttpResponse:
    return redirect("contracts:contract", access.organization.slug, contract.pk)


def _contract_form(
    request: HttpRequest,
    access: OrgAccess,
    contract: Contract,
    form: Any,
    write: Callable[..., Any],
    message: str,
    title: str,
    done: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """A form page of a contract: a valid form runs ``write`` with its fields (a refusal
    stays on the page next to its field), then goes to ``done`` (the contract by default)."""
    return form_screen(
        request,
        form,
        lambda: write(
            actor=current_user(request),
            organization=access.organization,
            contract=contract,
            **form.cleaned_data,
        ),
        message,
        done or (lambda _row: _to_contract(access, contract)),
        title,
        contract,
    )


def _asked_once(request: HttpRequest, run: Callable[[], Any], message: str) -> tuple[Any, str]:
    """On a POST, ``run`` the action asked for: (its result, "") or (None, the refusal)."""
    if request.method != "POST":
        return None, ""
    try:
        result = run()
    except ValidationError as refusal:
        return None, " ".join(refusal.messages)
    messages.success(request, message)
    return result, ""


@org_view(DECIDE)
def plan_link(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    form = PlanLinkForm(request.POST or None, plans=selectors.linkable_plans(access.organization))
    return _contract_form(
        request,
        access,
        _contract(access, pk),
        form,
        services.plan_link,
        _("Piano collegato al contratto."),
        _("Collega un piano assistenziale"),
    )


@org_view(DECIDE)
def plan_unlink(request: HttpRequest, access: OrgAccess, pk: int, link_pk: int) -> HttpResponse:
    """Asked once: what unlinking does, then unlink (a refusal is shown on the page)."""
    contract = _contract(access, pk)
    link = get_or_404(selectors.plan_link, access.organization, contract, link_pk)
    unlinked, error = _asked_once(
        request,
        lambda: services.plan_unlink(actor=current_user(request), link=link),
        _("Piano scollegato dal contratto."),
    )
    if unlinked is not None:
        return _to_contract(access, contract)
    context = {"contract": contract, "link": link, "error": error}
    return render(request, "contracts/plan_unlink.html", context)


@org_view(DECIDE)
def price_save(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    contract = _contract(access, pk)
    form = PriceForm(
        request.POST or None,
        service_types=selectors.service_types(access.organization),
        lots=contract.lots.order_by("number"),
    )
    return _contract_form(
        request,
        access,
        contract,
        form,
        services.price_save,
        _("Prezzo salvato."),
        _("Prezzo orario di un servizio"),
    )


@org_view(READ)
def worked_hours(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The contract's timesheet (type B): the rows, and for writers a form to add one."""
    contract = _contract(access, pk)
    org = access.organization
    form = None
    if access.can(DECIDE):
        form = WorkedHoursForm(request.POST or None, workers=selectors.workers(org))
        if request.method == "POST":
            return _contract_form(
                request,
                access,
                contract,
                form,
                services.worked_hours_save,
                _("Ore registrate."),
                _("Ore lavorate sul contratto"),
                lambda _row: redirect("contracts:worked_hours", org.slug, contract.pk),
            )
    rows = selectors.worked_hours(org, contract).order_by("-month", "person__surname")[:200]
    context = {"contract": contract, "rows": rows, "form": form}
    return render(request, "contracts/worked_hours.html", context)


@org_view(DECIDE)
def statement_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _contract_form(
        request,
        access,
        _contract(access, pk),
        StatementForm(request.POST or None),
        services.statement_create,
        _("Rendiconto creato."),
        _("Nuovo rendiconto mensile"),
        lambda statement: redirect("contracts:statement", access.organization.slug, statement.pk),
    )


def _split(
    request: HttpRequest, access: OrgAccess, statement: ContractStatement, *, export: bool = False
) -> tuple[Any, str]:
    """The hours of disadvantaged workers when asked (``?split=1``) by a vault reader with a
    verified second factor (logged); otherwise None and why."""
    if request.GET.get("split") != "1":
        return None, ""
    try:
        hours = selectors.statement_split(
            actor=current_user(request),
            statement=statement,
            verified=otp.is_verified(request),
            export=export,
        )
    except vault.SecondFactorRequired:
        return None, "second_factor"
    except vault.VaultAccessDenied:
        return None, "denied"
    return hours, ""


@org_view(READ)
def statement_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    statement = get_or_404(selectors.statement, access.organization, pk)
    figures = selectors.statement_figures(statement)
    split, refused = _split(request, access, statement)
    context = {
        "statement": statement,
        "contract": statement.contract,
        "figures": figures,
        "split": split,
        "others": None if split is None else figures.worked_hours - split,
        "split_refused": refused,
        "can_split": access.can(vault.READ),
        "verify_url": f"{reverse('otp_verify')}?next={request.get_full_path()}",
        "problems": []
        if statement.approved
        else services.approval_errors(figures, statement.month, timezone.localdate()),
    }
    return render(request, "contracts/statement_detail.html", context)


@org_view(DECIDE)
def statement_approve(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Asked once: what approving does, then approve (a refusal stays on this page)."""
    statement = get_or_404(selectors.statement, access.organization, pk)
    if statement.approved:
        return redirect("contracts:statement", access.organization.slug, pk)
    approved, error = _asked_once(
        request,
        lambda: services.statement_approve(actor=current_user(request), statement=statement),
        _("Rendiconto approvato."),
    )
    if approved is not None:
        return redirect("contracts:statement", access.organization.slug, pk)
    figures = selectors.statement_figures(statement)
    context = {"statement": statement, "figures": figures, "error": error}
    return render(request, "contracts/statement_approve.html", context)


@org_view(INVOICE)
def statement_invoice(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Asked once: whom the invoice goes to and its lines, then a draft invoice."""
    statement = get_or_404(selectors.statement, access.organization, pk)
    if statement.invoice_id is not None:
        return redirect("contracts:invoice", access.organization.slug, statement.invoice_id)
    invoice, error = _asked_once(
        request,
        lambda: services.statement_invoice(actor=current_user(request), statement=statement),
        _("Fattura in bozza creata dal rendiconto."),
    )
    if invoice is not None:
        return redirect("contracts:invoice", access.organization.slug, invoice.pk)
    context = {
        "statement": statement,
        "figures": selectors.statement_figures(statement),
        "header": services.invoice_header(statement),
        "error": error,
    }
    return render(request, "contracts/statement_invoice.html", context)


def _name(statement: ContractStatement, extension: str) -> str:
    return f"rendiconto-{statement.contract_id}-{statement.month:%Y-%m}.{extension}"


@org_view(READ)
def statement_pdf_download(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    statement = get_or_404(selectors.statement, access.organization, pk)
    split, _refused = _split(request, access, statement, export=True)
    pdf = statement_pdf(statement, selectors.statement_figures(statement), split)
    return attachment(HttpResponse(pdf, content_type="application/pdf"), _name(statement, "pdf"))


def statement_rows(figures: Figures, split: Any) -> list[list[Any]]:
    """The workbook's rows: one per service type, the totals, then the hours worked."""
    rows: list[list[Any]] = [
        [
            s.name,
            s.visits,
            s.paid_hours,
            s.volunteer_hours,
            s.price_per_hour,
            s.vat_label,
            s.amount,
        ]
        for s in figures.services
    ]
    rows.append(
        [_("Totale"), None, figures.paid_hours, figures.volunteer_hours, None, None, figures.amount]
    )
    rows.append([_("Ore lavorate sul contratto (tipo B)"), None, figures.worked_hours])
    if split is not None:
        rows.append([_("di cui da lavoratori svantaggiati"), None, split])
        rows.append([_("di cui da altri lavoratori"), None, figures.worked_hours - split])
    return rows


@org_view(READ)
def statement_xlsx(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    statement = get_or_404(selectors.statement, access.organization, pk)
    split, _refused = _split(request, access, statement, export=True)
    header = [
        _("Servizio"),
        _("Visite"),
        _("Ore retribuite"),
        _("Ore di volontariato"),
        _("Prezzo orario"),
        _("IVA"),
        _("Importo"),
    ]
    rows = statement_rows(selectors.statement_figures(statement), split)
    response = xlsx_response(f"rendiconto-{statement.month:%Y-%m}", header, rows)
    return attachment(response, _name(statement, "xlsx"))
