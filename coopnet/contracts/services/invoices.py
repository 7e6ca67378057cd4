"""Invoice drafts: create, correct (a draft, or an invoice the SdI rejected), credit note.

A draft has no number, so a refused or abandoned draft consumes none. Each line's rate or
Natura must be one the VAT rules admit (``vat.line_vat``, R-VAT-1); the issue checks again
on its own date (``services.issue``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.formatting import money
from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.fatturapa.model import to_cent

from ..models import Contract, DocumentType, Invoice, InvoiceLine, InvoiceState
from ..vat import line_rules

EDITABLE = (InvoiceState.DRAFT, InvoiceState.REJECTED)


@dataclass(frozen=True)
class LineSpec:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal | None = None
    natura: str = ""
    building_service: bool = False
    cig: str = ""
    cup: str = ""


@dataclass(frozen=True)
class Header:
    """What a draft says besides its lines (the customer, its contract and references)."""

    customer: Organization
    contract: Contract | None = None
    cig: str = ""
    cup: str = ""
    order_id: str = ""
    order_date: dt.date | None = None
    nso_endpoint: str = ""


def _header_errors(organization: Organization, header: Header) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    customer = header.customer
    if customer.pk == organization.pk:
        errors["customer"] = [_("L'organizzazione non fattura a sé stessa.")]
    contract = header.contract
    if contract is not None:
        if contract.organization_id != organization.pk:
            errors["contract"] = [_("Il contratto non è di questa organizzazione.")]
        elif contract.bid.tender.authority_id != customer.pk:
            errors["customer"] = [
                _("Il cliente di un contratto è la sua stazione appaltante (%(a)s).")
                % {"a": contract.bid.tender.authority}
            ]
    return errors


def _cig_errors(header: Header, lines: Sequence[LineSpec]) -> dict[str, list[str]]:
    """R-VAT-4: every line to a public body has a CIG, its lot's or the invoice's."""
    if header.customer.kind != OrganizationKind.PUBLIC_BODY:
        return {}
    if not header.cig and (not lines or any(not line.cig for line in lines)):
        return {"cig": [_("Per un ente pubblico il CIG è obbligatorio (R-VAT-4).")]}
    return {}


def _check(organization: Organization, header: Header, lines: Sequence[LineSpec]) -> list[str]:
    errors = {**_cig_errors(header, lines), **_header_errors(organization, header)}
    rules, line_errors = line_rules(lines, timezone.localdate(), customer=header.customer)
    if line_errors:
        errors["lines"] = line_errors
    if errors:
        raise ValidationError(errors)
    return rules


def _write_lines(invoice: Invoice, lines: Sequence[LineSpec], rules: Sequence[str]) -> None:
    invoice.lines.all().delete()
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            organization=invoice.organization,
            invoice=invoice,
            position=i,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            natura=line.natura,
            building_service=line.building_service,
            cig=line.cig,
            cup=line.cup,
            total=to_cent(line.quantity * line.unit_price),
            vat_rule=rule,
        )
        for i, (line, rule) in enumerate(zip(lines, rules, strict=True), start=1)
    )


def _header_fields(header: Header | Invoice) -> dict[str, Any]:
    return {
        "customer": header.customer,
        "contract": header.contract,
        "cig": header.cig,
        "cup": header.cup,
        "order_id": header.order_id,
        "order_date": header.order_date,
        "nso_endpoint": header.nso_endpoint,
    }


@transaction.atomic
def invoice_draft_create(
    *,
    actor: User | None,
    organization: Organization,
    lines: Sequence[LineSpec],
    header: Header,
    document_type: str = DocumentType.INVOICE,
    credited: Invoice | None = None,
) -> Invoice:
    """A draft: no number yet. Customer, contract and CIG (R-VAT-4) and every line's VAT
    (R-VAT-1) are checked now; refused with the field and the reason."""
    rules = _check(organization, header, lines)
    invoice = Invoice.objects.create(
        organization=organization,
        document_type=document_type,
        credited=credited,
        **_header_fields(header),
    )
    _write_lines(invoice, lines, rules)
    log_action(
        actor=actor,
        organization=organization,
        action="contracts.invoice.create",
        obj=invoice,
        after=snapshot(invoice),
    )
    return invoice


@transaction.atomic
def invoice_draft_update(
    *, actor: User | None, invoice: Invoice, lines: Sequence[LineSpec], header: Header
) -> Invoice:
    """Correct a draft, or an invoice the SdI rejected (it keeps its number)."""
    org = invoice.organization
    locked = Invoice.objects.for_org(org).select_for_update().get(pk=invoice.pk)
    if locked.state not in EDITABLE:
        raise ValidationError({"state": [_("Una fattura emessa non si modifica.")]})
    rules = _check(org, header, lines)
    before = snapshot(locked)
    for name, value in _header_fields(header).items():
        setattr(locked, name, value)
    locked.save()
    _write_lines(locked, lines, rules)
    log_action(
        actor=actor,
        organization=org,
        action="contracts.invoice.update",
        obj=locked,
        before=before,
        after=snapshot(locked),
    )
    return locked


def creditable(invoice: Invoice) -> Decimal:
    """What credit notes may still reverse on ``invoice``: its total less the credit notes
    already issued against it."""
    credited = (
        Invoice.objects.for_org(invoice.organization)
        .filter(credited=invoice, state=InvoiceState.ISSUED)
        .aggregate(s=Sum("total"))["s"]
    )
    return (invoice.total or Decimal(0)) - (credited or Decimal(0))


def credit_error(invoice: Invoice, amount: Decimal | None = None) -> str | None:
    """Why a credit note of ``amount`` (None: any) cannot reverse ``invoice``, or None."""
    if invoice.state != InvoiceState.ISSUED or invoice.document_type != DocumentType.INVOICE:
        return _("Una nota di credito storna solo una fattura emessa.")
    left = creditable(invoice)
    if left <= 0:
        return _("La fattura %(i)s è già stornata per intero da note di credito.") % {"i": invoice}
    if amount is not None and amount > left:
        return _(
            "La nota di credito (%(a)s) supera quanto resta da stornare sulla fattura %(i)s: "
            "%(l)s, il suo totale %(t)s meno le note di credito già emesse."
        ) % {"a": money(amount), "i": invoice, "l": money(left), "t": money(invoice.total)}
    return None


def invoice_credit_note(*, actor: User | None, invoice: Invoice) -> Invoice:
    """A TD04 draft reversing an issued invoice: same customer, references and lines; refused
    when earlier credit notes already reverse it all (the issue checks the amount)."""
    if reason := credit_error(invoice):
        raise ValidationError({"credited": [reason]})
    return invoice_draft_create(
        actor=actor,
        organization=invoice.organization,
        header=Header(**_header_fields(invoice)),
        lines=[
            LineSpec(
                line.description,
                line.quantity,
                line.unit_price,
                line.vat_rate,
                line.natura,
                line.building_service,
                line.cig,
                line.cup,
            )
            for line in invoice.lines.all()
        ],
        document_type=DocumentType.CREDIT_NOTE,
        credited=invoice,
    )
