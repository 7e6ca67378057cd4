"""Bad invoice input is refused with the field and an Italian reason, before any XML."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from coopnet.fatturapa import (
    CreditedInvoice,
    DocumentType,
    InvoiceError,
    Line,
    Reference,
)

from .conftest import CARE, PRIVATE, PUBLIC_BODY, SELLER, invoice

EXEMPT = replace(CARE, vat_rate=Decimal(0), nature="N4")
CREDITED = CreditedInvoice(number="2026/1", issued=date(2026, 1, 31))


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (lambda: replace(PUBLIC_BODY, recipient_code="UFK2QX1"), "recipient_code", "6 caratteri"),
        (lambda: replace(PUBLIC_BODY, recipient_code="ufk2qx"), "recipient_code", "6 caratteri"),
        (lambda: replace(PRIVATE, pec=None, recipient_code="UFK2QX"), "recipient_code", "7"),
        (lambda: replace(PRIVATE, recipient_code="ABC1234"), "recipient_code", "0000000"),
        (lambda: replace(PUBLIC_BODY, pec="a@pec.it"), "pec", "PEC"),
        (lambda: replace(PRIVATE, vat_number=None, tax_code=None), "vat_number", "codice fiscale"),
        (lambda: replace(SELLER, vat_number="IT02345678901"), "vat_number", "11 cifre"),
        (lambda: replace(CARE, quantity=Decimal(0)), "quantity", "maggiore di zero"),
        (lambda: replace(CARE, unit_price=Decimal(-1)), "unit_price", "negativo"),
        (lambda: replace(CARE, vat_rate=Decimal(0)), "nature", "Natura"),
        (lambda: replace(CARE, nature="N4"), "nature", "aliquota zero"),
        (lambda: replace(EXEMPT, nature="N9"), "nature", "N9"),
        (lambda: replace(CARE, description=" "), "description", "vuoto"),
        (lambda: Reference(document_id="C1", cig="123"), "cig", "CIG"),
        (lambda: Reference(document_id="C1", cup="J31"), "cup", "CUP"),
        (lambda: invoice(references=()), "references", "CIG"),
        (lambda: invoice(references=(Reference(document_id="C1"),)), "references", "CIG"),
        (lambda: invoice(document_type=DocumentType.CREDIT_NOTE), "credited", "TD04"),
        (lambda: invoice(credited=CREDITED), "credited", "TD04"),
        (lambda: invoice(customer=PRIVATE, split_payment=True), "split_payment", "R-VAT-2"),
        (lambda: invoice(lines=(EXEMPT,), split_payment=True), "split_payment", "IVA"),
        (lambda: invoice(stamp_duty=Decimal(2)), "stamp_duty", "R-VAT-3"),
        (lambda: invoice(lines=(EXEMPT,), stamp_duty=Decimal(0)), "stamp_duty", "bollo"),
        (lambda: invoice(lines=()), "lines", "righe"),
        (lambda: invoice(number="A/B"), "number", "cifra"),
        (lambda: invoice(progressive="0001"), "progressive", "5 caratteri"),
        (lambda: invoice(progressive="000-1"), "progressive", "5 caratteri"),
    ],
)
def test_bad_input_is_refused_with_field_and_reason(build, field, message):
    with pytest.raises(InvoiceError) as error:
        build()
    assert error.value.field == field
    assert message in error.value.message


def test_a_valid_exempt_line_and_reference_are_accepted():
    assert Line(description="Trasporto", quantity=Decimal(1), unit_price=Decimal(0), nature="N4")
    assert invoice(lines=(EXEMPT,), stamp_duty=Decimal(2)).stamp_duty == Decimal(2)
