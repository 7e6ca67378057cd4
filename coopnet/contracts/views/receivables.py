"""Pages of payments and receivables: record a payment (asked once), reverse one, the
organization's receivables by customer with its overdue invoices (CSV/XLSX), and a
consortium's receivables of its members by customer (aggregates only)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS, csv_response, xlsx_response
from coopnet.core.models import OrganizationKind
from coopnet.core.web import current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import PaymentForm, ReversalForm
from .invoices import READ, WRITE, invoice_payments_context


@org_view(WRITE)
def payment_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The form (also on the invoice page), then a page that shows what will be recorded and
    asks once; a refusal comes back with the field and the reason."""
    org = access.organization
    invoice = get_or_404(selectors.invoice, org, pk)
    form = PaymentForm(request.POST or None, initial={"date": timezone.localdate()})
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") == "1":
            data = form.cleaned_data
            payment = saved(
                request,
                form,
                lambda: services.payment_record(
                    actor=current_user(request), invoice=invoice, **data
                ),
                _("Incasso registrato."),
            )
            if payment is not None:
                return redirect("contracts:invoice", org.slug, pk)
        else:
            confirming = True
    context = {
        "invoice": invoice,
        "form": form,
        "confirming": confirming,
        **invoice_payments_context(invoice),
    }
    return render(request, "contracts/payment_form.html", context)


@org_view(WRITE)
def payment_reverse(
    request: HttpRequest, access: OrgAccess, pk: int, payment_pk: int
) -> HttpResponse:
    """What reversing does, the reason, then reverse (asked once)."""
    org = access.organization
    invoice = get_or_404(selectors.invoice, org, pk)
    payment = next((p for p in invoice.payments.all() if p.pk == payment_pk), None)
    if payment is None or payment.reversed_at is not None:
        raise Http404
    form = ReversalForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.payment_reverse(
            actor=current_user(request), payment=payment, reason=form.cleaned_data["reason"]
        ),
        _("Incasso stornato."),
        lambda _done: redirect("contracts:invoice", org.slug, pk),
        "contracts/payment_reverse.html",
        {"invoice": invoice, "payment": payment},
    )


OVERDUE_PAGE = 50  # rows of the overdue list on the page; the export has them all
OVERDUE_HEADER = [
    gettext_lazy("Cliente"),
    gettext_lazy("Fattura"),
    gettext_lazy("Data"),
    gettext_lazy("CIG"),
    gettext_lazy("Scadenza"),
    gettext_lazy("Importo da incassare"),
    gettext_lazy("Residuo"),
    gettext_lazy("Giorni di ritardo"),
    gettext_lazy("Interessi di mora (informativi)"),
    gettext_lazy("Interessi calcolati fino al"),
]


def _overdue_rows(rows: list[selectors.OverdueRow]) -> list[list[Any]]:
    return [
        [
            row.invoice.customer.legal_name,
            str(row.invoice),
            row.invoice.issue_date,
            row.invoice.cig,
            row.invoice.due_date,
            row.invoice.amount_due,
            row.unpaid,
            row.interest.days_late,
            row.interest.amount,
            row.until,
        ]
        for row in rows
    ]


@org_view(READ)
def receivables(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """What each customer owes the organization, and the overdue invoices with late-payment
    interest as information (CSV or XLSX with ``?format=``)."""
    org = access.organization
    today = timezone.localdate()
    overdue = selectors.overdue(org, today)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        make = csv_response if fmt == "csv" else xlsx_response
        header = [str(title) for title in OVERDUE_HEADER]
        return make(f"crediti-scaduti-{org.slug}", header, _overdue_rows(overdue))
    context = {
        "rows": selectors.receivables(org, today),
        "overdue": Paginator(overdue, OVERDUE_PAGE).get_page(request.GET.get("page")),
        "today": today,
    }
    return render(request, "contracts/receivables.html", context)


@org_view("contracts.network:read")
def network_receivables(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A consortium's page: what each customer owes its members today, summed (no member's
    invoices are shown)."""
    if access.organization.kind not in OrganizationKind.groups():
        raise Http404
    today = timezone.localdate()
    rows = selectors.network_receivables(access.organization, today)
    return render(request, "contracts/network_receivables.html", {"rows": rows, "today": today})
