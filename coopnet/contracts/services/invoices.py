"""Invoice drafts and their issue with a number per organization and year, without gaps or
duplicates under concurrent issue. VAT rules, XML and the SdI cycle come later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, OrganizationKind, User

from ..models import Contract, Invoice, InvoiceCounter, InvoiceLine, InvoiceState

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineSpec:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal | None = None
    natura: str = ""


def _line_errors(lines: Sequence[LineSpec]) -> list[str]:
    if not lines:
        return [_("La fattura ha almeno una riga.")]
    errors = []
    for i, line in enumerate(lines, start=1):
        if (line.vat_rate is None) == (not line.natura):
            errors.append(
                _("Riga %(n)s: indica l'aliquota IVA oppure la natura dell'operazione.") % {"n": i}
            )
    return errors


@transaction.atomic
def invoice_draft_create(
    *,
    actor: User | None,
    organization: Organization,
    customer: Organization,
    lines: Sequence[LineSpec],
    contract: Contract | None = None,
    cig: str = "",
    cup: str = "",
) -> Invoice:
    """A draft: no number yet, so a refused or abandoned draft consumes none."""
    errors: dict[str, list[str]] = {}
    if customer.kind == OrganizationKind.PUBLIC_BODY and not cig:
        errors["cig"] = [_("Per un ente pubblico il CIG è obbligatorio (R-VAT-4).")]
    if contract is not None and contract.organization_id != organization.pk:
        errors["contract"] = [_("Il contratto non è di questa organizzazione.")]
    if line_errors := _line_errors(lines):
        errors["lines"] = line_errors
    if errors:
        raise ValidationError(errors)
    invoice = Invoice.objects.create(
        organization=organization, customer=customer, contract=contract, cig=cig, cup=cup
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            organization=organization,
            invoice=invoice,
            position=i,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            natura=line.natura,
            total=(line.quantity * line.unit_price).quantize(CENT, rounding=ROUND_HALF_UP),
        )
        for i, line in enumerate(lines, start=1)
    )
    log_action(
        actor=actor,
        organization=organization,
        action="contracts.invoice.create",
        obj=invoice,
        after=snapshot(invoice),
    )
    return invoice


def _locked_counter(organization: Organization, year: int) -> InvoiceCounter:
    """The year's counter, locked until the transaction ends (created at the first issue)."""
    counter, _created = (
        InvoiceCounter.objects.for_org(organization)
        .select_for_update()
        .get_or_create(organization=organization, year=year)
    )
    return counter


@transaction.atomic
def invoice_issue(*, actor: User | None, invoice: Invoice, on: dt.date) -> Invoice:
    """Give a draft the next number of its organization's year.

    The year's counter row is locked (``select_for_update``) until the transaction ends, so
    two issues at once take turns; the unique constraint on (organization, year, number) is
    the last guard. A refusal rolls the counter back with everything else.
    """
    org = invoice.organization
    locked = Invoice.objects.for_org(org).select_for_update().get(pk=invoice.pk)
    if locked.state != InvoiceState.DRAFT:
        raise ValidationError({"state": [_("La fattura è già emessa.")]})
    before = snapshot(locked)
    counter = _locked_counter(org, on.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    locked.state = InvoiceState.ISSUED
    locked.year = on.year
    locked.number = counter.last
    locked.issue_date = on
    locked.save(update_fields=["state", "year", "number", "issue_date"])
    log_action(
        actor=actor,
        organization=org,
        action="contracts.invoice.issue",
        obj=locked,
        before=before,
        after=snapshot(locked),
    )
    return locked
