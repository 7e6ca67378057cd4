"""Payments received against issued invoices: recorded and reversed, never deleted.

The invoice's row is locked (``select_for_update``) while what is still open is computed, so
two payments recorded at the same moment take turns and never pay more than is due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.formatting import money
from coopnet.core.models import User

from ..models import DocumentType, Invoice, InvoiceState, Payment

ZERO = Decimal(0)


def _settlements(invoice: Invoice) -> tuple[Decimal, Decimal]:
    """What was paid (payments not reversed) and credited (issued credit notes) on
    ``invoice``."""
    paid = (
        Payment.objects.for_org(invoice.organization)
        .filter(invoice=invoice, reversed_at__isnull=True)
        .aggregate(s=Sum("amount"))["s"]
    )
    credited = (
        Invoice.objects.for_org(invoice.organization)
        .filter(credited=invoice, state=InvoiceState.ISSUED)
        .aggregate(s=Sum("amount_due"))["s"]
    )
    return paid or ZERO, credited or ZERO


def settled(invoice: Invoice) -> Decimal:
    """What no longer has to be paid on ``invoice``: its payments not reversed and its issued
    credit notes."""
    return sum(_settlements(invoice), ZERO)


def invoice_cigs(invoice: Invoice) -> list[str]:
    """The CIGs an invoice is for: its own and its lines' (one per lot), sorted."""
    lines = invoice.lines.exclude(cig="").values_list("cig", flat=True)
    return sorted({invoice.cig, *lines} - {""})


def payable_error(invoice: Invoice) -> str | None:
    """Why ``invoice`` takes no payment, in the user's words (None: it takes one)."""
    if invoice.document_type != DocumentType.INVOICE:
        return _("Una nota di credito non riceve incassi.")
    if invoice.state == InvoiceState.DRAFT:
        return _("La fattura è una bozza: si incassa solo una fattura emessa.")
    if invoice.state == InvoiceState.REJECTED:
        return _("La fattura è stata scartata dallo SdI: si incassa dopo averla riemessa.")
    return None


def _errors(
    invoice: Invoice, *, date: dt.date, amount: Decimal, cig: str, cigs: list[str], today: dt.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if reason := payable_error(invoice):
        return {"invoice": [reason]}
    if amount <= 0:
        errors["amount"] = [_("L'importo incassato deve essere maggiore di zero.")]
    else:
        due = invoice.amount_due or ZERO
        paid, credited = _settlements(invoice)
        open_amount = due - paid - credited
        if amount > open_amount:
            errors["amount"] = [
                _(
                    "L'importo %(a)s supera quanto resta da incassare sulla fattura (%(o)s): "
                    "dovuti %(d)s, già incassati %(p)s, stornati da note di credito %(c)s."
                )
                % {
                    "a": money(amount),
                    "o": money(max(open_amount, ZERO)),
                    "d": money(due),
                    "p": money(paid),
                    "c": money(credited),
                }
            ]
    if cigs and cig not in cigs:
        errors["cig"] = [
            _("Il CIG dell'incasso (%(c)s) non è quello della fattura (%(i)s).")
            % {"c": cig or "—", "i": ", ".join(cigs)}
        ]
    if date > today:
        errors["date"] = [_("La data dell'incasso è nel futuro.")]
    elif invoice.issue_date and date < invoice.issue_date:
        errors["date"] = [
            _("La data dell'incasso precede quella della fattura (%(d)s).")
            % {"d": f"{invoice.issue_date:%d/%m/%Y}"}
        ]
    return errors


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    invoice: Invoice,
    date: dt.date,
    amount: Decimal,
    cig: str = "",
    reference: str = "",
    note: str = "",
) -> Payment:
    """Record a payment (possibly partial) of an issued invoice. The CIG defaults to the
    invoice's when it has one and must be one of the invoice's (a multi-lot invoice: one of
    its lots'); the payments and credit notes together never go above the amount due (without
    VAT under split payment)."""
    org = invoice.organization
    locked = Invoice.objects.for_org(org).select_for_update().get(pk=invoice.pk)
    cigs = invoice_cigs(locked)
    cig = (cig or (cigs[0] if len(cigs) == 1 else "")).strip().upper()
    errors = _errors(
        locked, date=date, amount=amount, cig=cig, cigs=cigs, today=timezone.localdate()
    )
    if errors:
        raise ValidationError(errors)
    payment = Payment.objects.create(
        organization=org,
        invoice=locked,
        date=date,
        amount=amount,
        cig=cig,
        reference=reference.strip(),
        note=note.strip(),
        created_by=actor,
    )
    log_action(
        actor=actor,
        organization=org,
        action="contracts.payment.create",
        obj=payment,
        after=snapshot(payment),
    )
    return payment


@transaction.atomic
def payment_reverse(*, actor: User | None, payment: Payment, reason: str) -> Payment:
    """Reverse a payment recorded by mistake: it stays, marked with who, when and why, and no
    longer counts."""
    org = payment.organization
    Invoice.objects.for_org(org).select_for_update().get(pk=payment.invoice_id)
    locked = Payment.objects.for_org(org).get(pk=payment.pk)
    if locked.reversed_at is not None:
        raise ValidationError({"reason": [_("L'incasso è già stornato.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Scrivi perché l'incasso si storna.")]})
    before = snapshot(locked)
    locked.reversed_at = timezone.now()
    locked.reversed_by = actor
    locked.reversal_reason = reason.strip()
    locked.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    log_action(
        actor=actor,
        organization=org,
        action="contracts.payment.reverse",
        obj=locked,
        before=before,
        after=snapshot(locked),
    )
    return locked
