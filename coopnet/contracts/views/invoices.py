"""Pages of invoices: list, detail, draft (new, correct), issue (asked once), credit note,
XML download, zip export for the intermediary, SdI receipt upload, billing data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import attempt, current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..courtesy import courtesy_pdf
from ..forms import (
    BillingForm,
    InvoiceForm,
    InvoiceLineFormSet,
    IssueForm,
    PaymentForm,
    ReceiptForm,
    line_initial,
    line_specs,
)
from ..models import Invoice, InvoiceState
from .tenders import form_screen

READ = "contracts.invoices:read"
WRITE = "contracts.invoices:write"


def xml_response(invoice: Invoice) -> HttpResponse:
    """The issued file under its SdI name (404 for a draft)."""
    if not invoice.xml:
        raise Http404
    with invoice.xml.open("rb") as file:
        response = HttpResponse(file.read(), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{invoice.file_name}"'
    return response


@org_view(READ)
def invoice_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    page = Paginator(selectors.invoices(access.organization), 25).get_page(request.GET.get("page"))
    return render(request, "contracts/invoice_list.html", {"page": page})


def _open_amount(invoice: Invoice) -> Any:
    """What is still to be paid on an invoice loaded by ``selectors.invoice``."""
    if invoice.amount_due is None:
        return None
    paid = sum(p.amount for p in invoice.payments.all() if p.reversed_at is None)
    credited = sum(c.amount_due or 0 for c in invoice.credit_notes.all())
    return invoice.amount_due - paid - credited


def invoice_payments_context(invoice: Invoice) -> dict[str, Any]:
    """What the invoice page shows of payments: the open amount, why it takes none (if so)
    and the empty form."""
    return {
        "open_amount": _open_amount(invoice),
        "payable_error": services.payable_error(invoice),
        "payment_form": PaymentForm(initial={"date": timezone.localdate(), "cig": invoice.cig}),
    }


@org_view(READ)
def invoice_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    context = {"invoice": invoice, **invoice_payments_context(invoice)}
    return render(request, "contracts/invoice_detail.html", context)


@org_view(WRITE)
def invoice_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _draft_page(request, access, None)


@org_view(WRITE)
def invoice_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    if invoice.state == InvoiceState.ISSUED:
        raise Http404
    return _draft_page(request, access, invoice)


def _draft_page(request: HttpRequest, access: OrgAccess, invoice: Invoice | None) -> HttpResponse:
    org = access.organization
    data = request.POST or None
    initial = (
        {
            name: getattr(invoice, name)
            for name in (
                "customer",
                "contract",
                "cig",
                "cup",
                "order_id",
                "order_date",
                "nso_endpoint",
            )
        }
        if invoice
        else {}
    )
    form = InvoiceForm(
        data,
        initial=initial,
        customers=selectors.customers(org),
        contracts=selectors.contracts(org),
    )
    lines = InvoiceLineFormSet(
        data, prefix="lines", initial=line_initial(invoice) if invoice else None
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        header = services.Header(**form.cleaned_data)
        actor = current_user(request)
        saved_invoice = saved(
            request,
            form,
            lambda: (
                services.invoice_draft_create(
                    actor=actor, organization=org, header=header, lines=line_specs(lines)
                )
                if invoice is None
                else services.invoice_draft_update(
                    actor=actor, invoice=invoice, header=header, lines=line_specs(lines)
                )
            ),
            _("Bozza salvata."),
        )
        if saved_invoice is not None:
            return redirect("contracts:invoice", org.slug, saved_invoice.pk)
    context = {"form": form, "lines": lines, "invoice": invoice}
    return render(request, "contracts/invoice_form.html", context)


@org_view(WRITE)
def invoice_issue(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Asked once: what issuing does, then the date; a refusal stays on this page."""
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    if invoice.state == InvoiceState.ISSUED:
        return redirect("contracts:invoice", access.organization.slug, pk)
    day: dt.date = invoice.issue_date or timezone.localdate()
    form = IssueForm(request.POST or None, initial={"issue_date": day})
    if invoice.issue_date is not None:
        form.fields["issue_date"].disabled = True
    return form_page(
        request,
        form,
        lambda: services.invoice_issue(
            actor=current_user(request), invoice=invoice, on=form.cleaned_data["issue_date"]
        ),
        _("Fattura emessa."),
        lambda _issued: redirect("contracts:invoice", access.organization.slug, pk),
        "contracts/invoice_issue.html",
        {"invoice": invoice},
    )


@require_POST
@org_view(WRITE)
def invoice_credit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    note = attempt(
        request,
        lambda: services.invoice_credit_note(actor=current_user(request), invoice=invoice),
        _("Nota di credito in bozza."),
    )
    return redirect("contracts:invoice", access.organization.slug, note.pk if note else pk)


@org_view(READ)
def invoice_xml(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return xml_response(get_or_404(selectors.invoice, access.organization, pk))


@org_view(READ)
def invoice_pdf(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The courtesy copy of an issued invoice (404 for a draft)."""
    invoice = get_or_404(selectors.invoice, access.organization, pk)
    if not invoice.xml:
        raise Http404
    response = HttpResponse(courtesy_pdf(invoice), content_type="application/pdf")
    name = invoice.file_name.removesuffix(".xml")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@org_view(WRITE)
def invoice_export(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The issued files still waiting for an SdI answer, as one zip for the intermediary."""
    response = HttpResponse(
        services.export_zip(selectors.invoices_to_send(access.organization)),
        content_type="application/zip",
    )
    name = f"fatture-{access.organization.slug}-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view(WRITE)
def receipt_upload(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = ReceiptForm(request.POST or None, request.FILES or None)
    return form_screen(
        request,
        form,
        lambda: services.receipt_import(
            actor=current_user(request),
            organization=access.organization,
            xml=form.cleaned_data["file"].read(),
        ),
        _("Ricevuta registrata."),
        lambda invoice: redirect("contracts:invoice", access.organization.slug, invoice.pk),
        _("Ricevuta dello SdI"),
    )


@org_view(WRITE)
def billing_edit(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    org = access.organization
    form = BillingForm(request.POST or None, parties=selectors.billing_parties(org))
    return form_screen(
        request,
        form,
        lambda: services.billing_profile_save(
            actor=current_user(request),
            organization=org,
            party=form.cleaned_data["party"],
            data={k: v for k, v in form.cleaned_data.items() if k != "party"},
        ),
        _("Dati di fatturazione salvati."),
        lambda _profile: redirect("contracts:invoices", org.slug),
        _("Dati di fatturazione"),
    )
