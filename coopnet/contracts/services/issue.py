"""Issue an invoice: the VAT rules on the issue date, the FatturaPA file built and validated,
then the number and the file progressive. A refusal names the field and the reason and rolls
everything back, the counters included: nothing is issued, no number is consumed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet import fatturapa as fpa
from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, OrganizationKind, User

from ..interest import amounts
from ..models import (
    BillingProfile,
    DocumentType,
    FileCounter,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoiceState,
)
from ..vat import EXEMPT_NATURE, VatParameters, line_rules, split_payment, stamp_duty
from .invoices import credit_error


def _locked_counter(organization: Organization, year: int) -> InvoiceCounter:
    """The year's counter, locked until the transaction ends (created at the first issue)."""
    counter, _created = (
        InvoiceCounter.objects.for_org(organization)
        .select_for_update()
        .get_or_create(organization=organization, year=year)
    )
    return counter


def _next_progressive(organization: Organization) -> str:
    counter, _created = (
        FileCounter.objects.for_org(organization)
        .select_for_update()
        .get_or_create(organization=organization)
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return fpa.progressive(counter.last)


def _address(profile: BillingProfile) -> fpa.Address:
    return fpa.Address(
        street=profile.street,
        postcode=profile.postcode,
        city=profile.city,
        province=profile.province or None,
    )


def _profiles(invoice: Invoice) -> tuple[BillingProfile, BillingProfile]:
    """The seller's and the customer's billing data, read in one query."""
    parties = (invoice.organization, invoice.customer)
    found = {
        profile.party_id: profile
        for profile in BillingProfile.objects.for_org(invoice.organization).filter(
            party__in=parties
        )
    }
    for party in parties:
        if party.pk not in found:
            raise ValidationError(
                {"billing": [_("Mancano i dati di fatturazione di %(p)s.") % {"p": party}]}
            )
    return found[parties[0].pk], found[parties[1].pk]


def _reference(
    invoice: Invoice, cig: str, cup: str, lines: tuple[int, ...]
) -> fpa.Reference | None:
    """One lot's CIG/CUP on the order (a health body's as an NSO order) or the contract."""
    lot: dict[str, Any] = {"cig": cig or None, "cup": cup or None, "lines": lines}
    if invoice.order_id and invoice.order_date and invoice.nso_endpoint:
        order = fpa.nso_order(invoice.order_id, invoice.order_date, invoice.nso_endpoint)
        return replace(order, **lot)
    if invoice.order_id:
        return fpa.Reference(document_id=invoice.order_id, issued=invoice.order_date, **lot)
    if invoice.contract is not None or cig:
        contract = invoice.contract
        return fpa.Reference(
            kind=fpa.ReferenceKind.CONTRACT,
            document_id=str(contract.pk) if contract else cig,
            issued=contract.start_date if contract else None,
            **lot,
        )
    return None


def _references(invoice: Invoice, lines: list[InvoiceLine]) -> tuple[fpa.Reference, ...]:
    """R-VAT-4: the references of the invoice; when its lines are of several lots (a line's
    CIG/CUP, else the invoice's), one per lot naming its lines (RiferimentoNumeroLinea)."""
    lots: dict[tuple[str, str], list[int]] = {}
    for number, line in enumerate(lines, start=1):
        lots.setdefault((line.cig or invoice.cig, line.cup or invoice.cup), []).append(number)
    several = len(lots) > 1
    found = (
        _reference(invoice, cig, cup, tuple(numbers) if several else ())
        for (cig, cup), numbers in lots.items()
    )
    return tuple(ref for ref in found if ref is not None)


def _public_body_errors(invoice: Invoice, customer: BillingProfile) -> dict[str, list[str]]:
    """R-VAT-4: the 6-character office code and a health body's NSO order (the draft
    already has its CIG)."""
    errors: dict[str, list[str]] = {}
    if len(customer.recipient_code) != 6:
        errors["recipient_code"] = [
            _("Un ente pubblico si fattura al codice univoco ufficio IPA di 6 caratteri (R-VAT-4).")
        ]
    contract = invoice.contract
    health = contract is not None and contract.bid.tender.health_body
    if health and not (invoice.order_id and invoice.order_date and invoice.nso_endpoint):
        errors["order_id"] = [
            _(
                "Per un ente del servizio sanitario serve l'ordine NSO: numero, data ed "
                "endpoint (R-VAT-4)."
            )
        ]
    return errors


def _document(
    invoice: Invoice,
    lines: list[InvoiceLine],
    on: dt.date,
    progressive: str,
    parameters: VatParameters,
) -> fpa.Invoice:
    """The FatturaPA input of ``invoice`` with VAT by rule (R-VAT-1 to R-VAT-4, R-VAT-RC)."""
    org, party = invoice.organization, invoice.customer
    public = party.kind == OrganizationKind.PUBLIC_BODY
    seller, buyer = _profiles(invoice)
    errors = _public_body_errors(invoice, buyer) if public else {}
    rules, refused = line_rules(lines, on, customer=party, parameters=parameters)
    if refused:
        errors["lines"] = refused
    if errors:
        raise ValidationError(errors)
    for line, rule in zip(lines, rules, strict=True):
        line.vat_rule = rule
    invoice.split_payment = split_payment(
        public_body=public,
        rates=[line.vat_rate or Decimal(0) for line in lines],
        on=on,
        parameters=parameters,
    )
    exempt = sum((x.total for x in lines if x.natura == EXEMPT_NATURE), Decimal(0))
    invoice.stamp_duty = stamp_duty(exempt, on, parameters)
    credited = invoice.credited
    return fpa.Invoice(
        seller=fpa.Seller(
            vat_number=org.partita_iva,
            name=org.legal_name[:80],
            address=_address(seller),
            tax_code=org.codice_fiscale or None,
        ),
        customer=fpa.Customer(
            name=party.legal_name[:80],
            address=_address(buyer),
            recipient_code=buyer.recipient_code or ("0000000" if buyer.pec else ""),
            public_body=public,
            vat_number=party.partita_iva or None,
            tax_code=party.codice_fiscale or None,
            pec=None if public else buyer.pec or None,
        ),
        progressive=progressive,
        number=f"{invoice.number}/{invoice.year}",
        issue_date=on,
        lines=tuple(
            fpa.Line(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate or Decimal(0),
                nature=line.natura or None,
            )
            for line in lines
        ),
        document_type=fpa.DocumentType(invoice.document_type),
        credited=fpa.CreditedInvoice(
            number=f"{credited.number}/{credited.year}", issued=credited.issue_date
        )
        if credited is not None and credited.issue_date is not None
        else None,
        references=_references(invoice, lines),
        split_payment=invoice.split_payment,
        stamp_duty=invoice.stamp_duty,
    )


def due_date(invoice: Invoice, issued: dt.date, parameters: VatParameters) -> dt.date | None:
    """When an invoice falls due: its date plus the contract's payment days (30, or 60 for a
    health body), or ``pp.payment_days`` on that date without a contract; a credit note has
    none."""
    if invoice.document_type != DocumentType.INVOICE:
        return None
    contract = invoice.contract
    if contract is not None:
        days = contract.payment_days
    else:
        days = int(parameters.value("pp.payment_days", issued, "due_date"))
    return issued + dt.timedelta(days=days)


def build_file(
    invoice: Invoice,
    lines: list[InvoiceLine],
    on: dt.date,
    progressive: str,
    parameters: VatParameters,
) -> tuple[str, bytes]:
    """The file name and the validated XML of ``invoice``, or a refusal naming the field."""
    try:
        document = _document(invoice, lines, on, progressive, parameters)
    except fpa.InvoiceError as error:
        raise ValidationError({error.field: [error.message]}) from None
    xml = fpa.build_xml(document)
    if problems := fpa.validate(xml):
        raise ValidationError({"xml": [f"{p.element}: {p.message}" for p in problems]})
    return document.file_name, xml


def _credit_check(note: Invoice, total: Decimal) -> None:
    """A credit note reverses at most what is left of its invoice (its total less the credit
    notes already issued); the invoice's row is locked so two notes take turns."""
    if note.credited_id is None:
        return
    credited = (
        Invoice.objects.for_org(note.organization).select_for_update().get(pk=note.credited_id)
    )
    if reason := credit_error(credited, total):
        raise ValidationError({"credited": [reason]})


@transaction.atomic
def invoice_issue(*, actor: User | None, invoice: Invoice, on: dt.date) -> Invoice:
    """Issue a draft with the next number of its organization's year, or reissue an invoice
    the SdI rejected (same number and date, a new file). The VAT rules' numbers are read
    once, in one query (``VatParameters``).

    The year's counter row is locked (``select_for_update``) until the transaction ends, so
    two issues at once take turns; the unique constraint on (organization, year, number) is
    the last guard. A refusal rolls the counters back with everything else.
    """
    table = VatParameters.load()
    org = invoice.organization
    locked = (
        Invoice.objects.for_org(org)
        .select_related("customer")
        .select_for_update(of=("self",))  # the invoice's row; its customer is only read
        .get(pk=invoice.pk)
    )
    locked.organization = org  # the same row: for_org
    if locked.state == InvoiceState.ISSUED:
        raise ValidationError({"state": [_("La fattura è già emessa.")]})
    before = snapshot(locked)
    if locked.state == InvoiceState.DRAFT:
        counter = _locked_counter(org, on.year)
        counter.last += 1
        counter.save(update_fields=["last"])
        locked.year, locked.number, locked.issue_date = on.year, counter.last, on
    lines = list(locked.lines.all())
    assert locked.issue_date is not None
    name, xml = build_file(locked, lines, locked.issue_date, _next_progressive(org), table)
    sums = amounts(lines, locked.split_payment)
    _credit_check(locked, sums.total)
    InvoiceLine.objects.bulk_update(lines, ["vat_rule"])
    locked.state = InvoiceState.ISSUED
    locked.total, locked.amount_due = sums.total, sums.due
    locked.due_date = due_date(locked, locked.issue_date, table)
    locked.file_name = name
    locked.xml.save(name, ContentFile(xml), save=False)
    locked.save()
    log_action(
        actor=actor,
        organization=org,
        action="contracts.invoice.issue",
        obj=locked,
        before=before,
        after=snapshot(locked),
    )
    return locked
