"""The SdI cycle: issued files out (a zip for the intermediary, or a transport), receipts in.

A receipt moves the invoice it names (by file name, within the organization): RC delivered,
MC not delivered, NE EC01 accepted / EC02 refused, DT terms elapsed; NS rejected sets the
invoice back to ``rejected`` (number kept) with the file and the SdI's reasons stored in a
``Rejection``, so it can be corrected and reissued. A malformed or foreign receipt, or one
naming no file of the organization, is refused and changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet import fatturapa as fpa
from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User

from ..models import Invoice, InvoiceState, Rejection, SdiState

STATES = {
    fpa.Outcome.DELIVERED: SdiState.DELIVERED,
    fpa.Outcome.NOT_DELIVERED: SdiState.NOT_DELIVERED,
    fpa.Outcome.ACCEPTED: SdiState.ACCEPTED,
    fpa.Outcome.REFUSED: SdiState.REFUSED,
    fpa.Outcome.TERMS_ELAPSED: SdiState.TERMS_ELAPSED,
}


class Transport(Protocol):
    """How files reach the SdI and receipts come back (an intermediary's API, PEC, ...)."""

    def send(self, file_name: str, xml: bytes) -> None: ...

    def receive(self) -> Iterable[bytes]: ...


def export_zip(invoices: Iterable[Invoice]) -> bytes:
    """The issued files as one zip, each under its SdI name, for the intermediary to sign."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices:
            if invoice.state == InvoiceState.ISSUED and invoice.xml:
                with invoice.xml.open("rb") as file:
                    archive.writestr(invoice.file_name, file.read())
    return buffer.getvalue()


def send_issued(transport: Transport, invoices: Iterable[Invoice]) -> int:
    """Hand each issued file not yet answered to ``transport``; how many were sent."""
    sent = 0
    for invoice in invoices:
        if invoice.state == InvoiceState.ISSUED and invoice.sdi_state == SdiState.NONE:
            with invoice.xml.open("rb") as file:
                transport.send(invoice.file_name, file.read())
            sent += 1
    return sent


@transaction.atomic
def receipt_import(*, actor: User | None, organization: Organization, xml: bytes) -> Invoice:
    """Read one SdI message and move the invoice it is about."""
    try:
        receipt = fpa.parse_receipt(xml)
    except fpa.ReceiptError as error:
        raise ValidationError({"file": [str(error)]}) from None
    try:
        invoice = (
            Invoice.objects.for_org(organization)
            .select_for_update()
            .get(file_name=receipt.file_name, state=InvoiceState.ISSUED)
        )
    except Invoice.DoesNotExist:
        raise ValidationError(
            {"file": [_("Nessuna fattura emessa con il file %(f)s.") % {"f": receipt.file_name}]}
        ) from None
    before = snapshot(invoice)
    invoice.sdi_id = receipt.sdi_id
    if receipt.outcome is fpa.Outcome.REJECTED:
        with invoice.xml.open("rb") as file:
            rejected = file.read()
        rejection = Rejection(
            organization=organization,
            invoice=invoice,
            file_name=invoice.file_name,
            received_at=receipt.received_at,
            reasons=[{"code": e.code, "description": e.description} for e in receipt.errors],
        )
        rejection.xml.save(invoice.file_name, ContentFile(rejected), save=True)
        invoice.state = InvoiceState.REJECTED
        invoice.sdi_state = SdiState.NONE
    else:
        invoice.sdi_state = STATES[receipt.outcome]
    invoice.save(update_fields=["sdi_id", "state", "sdi_state"])
    log_action(
        actor=actor,
        organization=organization,
        action=f"contracts.invoice.sdi_{receipt.kind.value.lower()}",
        obj=invoice,
        before=before,
        after=snapshot(invoice),
    )
    return invoice


def receive_all(*, actor: User | None, organization: Organization, transport: Transport) -> int:
    """Import every receipt ``transport`` has; the refused ones are skipped."""
    moved = 0
    for xml in transport.receive():
        try:
            receipt_import(actor=actor, organization=organization, xml=xml)
        except ValidationError:
            continue
        moved += 1
    return moved
