"""Issued files under the later rules: reverse charge on building services (R-VAT-RC), a
multi-lot contract's lines each with its lot's CIG, credit notes capped by what is left of
their invoice and counted by payments, and the parameters read once per issue."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopnet import fatturapa as fpa
from coopnet.contracts import selectors, services
from coopnet.contracts.models import Invoice, InvoiceState
from coopnet.contracts.services import LineSpec
from coopnet.core.models import OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.fatturapa.tests.conftest import tree

from .conftest import CARE, PAID_ON, awarded, billed, contract, draft, pay

DAY = dt.date(2026, 5, 4)
LATE = DAY + dt.timedelta(days=90)  # past the due date (30 days)
CLEANING = LineSpec(
    "Pulizia degli uffici, aprile", Decimal(60), Decimal("18.00"), natura="N6.7",
    building_service=True,
)  # fmt: skip
GARDEN = LineSpec("Manutenzione del verde", Decimal(10), Decimal("25.00"), Decimal(22))


def xml_of(invoice: Invoice) -> bytes:
    with invoice.xml.open("rb") as file:
        xml = file.read()
    assert fpa.validate(xml) == []
    return xml


def issue(invoice: Invoice) -> Invoice:
    return services.invoice_issue(actor=None, invoice=invoice, on=DAY)


@pytest.fixture
def company(org):
    buyer = OrganizationFactory.create(
        slug="impresa", kind=OrganizationKind.COMPANY, partita_iva="02345678909"
    )
    billed(org, buyer)
    return buyer


# --- R-VAT-RC: reverse charge -----------------------------------------------------------


@pytest.mark.django_db
def test_cleaning_for_a_business_is_reverse_charged(org, company):
    # given a type B cooperative cleaning a company's offices, and mowing its garden
    exempt = LineSpec("Trasporto", Decimal(1), Decimal(100), natura="N4")
    invoice = issue(draft(org, company, lines=(CLEANING, GARDEN, exempt), cig=""))
    # then the cleaning goes without VAT as N6.7, the buyer pays the VAT
    root = tree(xml_of(invoice))
    summaries = {
        s.findtext("Natura") or s.findtext("AliquotaIVA"): s for s in root.iter("DatiRiepilogo")
    }
    assert summaries["N6.7"].findtext("Imposta") == "0.00"
    assert summaries["N6.7"].findtext("ImponibileImporto") == "1080.00"
    assert summaries["N6.7"].find("EsigibilitaIVA") is None
    assert [line.vat_rule for line in invoice.lines.all()] == [
        "R-VAT-RC N6.7",
        "R-VAT-1 22%",
        "R-VAT-1 N4",
    ]
    # the stamp duty counts the exempt line only: reverse charge is a taxable operation
    assert invoice.stamp_duty == Decimal("2.00")
    assert invoice.total == Decimal("1080") + Decimal("305") + Decimal("100")
    assert not invoice.split_payment


@pytest.mark.django_db
def test_reverse_charge_alone_makes_no_stamp_duty(org, company):
    invoice = issue(draft(org, company, lines=(CLEANING,), cig=""))
    assert invoice.stamp_duty is None
    assert b"DatiBollo" not in xml_of(invoice)


@pytest.mark.django_db
def test_cleaning_taxed_for_a_business_is_refused_and_consumes_no_number(org, company):
    wrong = LineSpec("Pulizia", Decimal(1), Decimal(10), Decimal(22), building_service=True)
    with pytest.raises(ValidationError) as error:
        draft(org, company, lines=(wrong,), cig="")
    assert "N6.7" in error.value.message_dict["lines"][0]
    # a draft written before the buyer got a partita IVA is refused at the issue
    person = OrganizationFactory.create(
        slug="privato", kind=OrganizationKind.ASSOCIATION, codice_fiscale="97012345678"
    )
    billed(org, person)
    taxed = draft(org, person, lines=(wrong,), cig="")
    type(person).objects.filter(pk=person.pk).update(partita_iva="02345678908")
    with pytest.raises(ValidationError) as error:
        issue(Invoice.objects.get(pk=taxed.pk))
    assert "R-VAT-RC" in error.value.message_dict["lines"][0]
    assert Invoice.objects.get(pk=taxed.pk).number is None


@pytest.mark.django_db
def test_a_public_body_is_never_reverse_charged_and_split_payment_keeps_to_taxed_lines(org, comune):
    billed(org, comune)
    cleaning = LineSpec(
        "Pulizia scuole", Decimal(10), Decimal(20), Decimal(22), building_service=True
    )
    invoice = issue(draft(org, comune, lines=(cleaning,)))
    assert invoice.split_payment
    assert [line.vat_rule for line in invoice.lines.all()] == ["R-VAT-1 22%"]
    with pytest.raises(ValidationError) as error:
        draft(org, comune, lines=(CLEANING,))
    assert "N6.7" in error.value.message_dict["lines"][0]


# --- multi-lot contracts: each line its lot's CIG ---------------------------------------


@pytest.mark.django_db
def test_each_line_carries_the_cig_of_its_lot(org, comune, tender):
    # given a contract on two lots (CIG 000000000A and 000000000B)
    billed(org, comune)
    signed = contract(awarded(tender))
    lot_a, lot_b = signed.lots.order_by("number")
    lines = (
        LineSpec("Assistenza, lotto 1", Decimal(40), Decimal("21.50"), Decimal(5), cig=lot_a.cig),
        LineSpec("Trasporto, lotto 2", Decimal(2), Decimal(10), natura="N4", cig=lot_b.cig),
        LineSpec("Assistenza, lotto 1", Decimal(1), Decimal(20), Decimal(5), cig=lot_a.cig),
    )
    invoice = issue(draft(org, comune, lines=lines, contract=signed, cig=""))
    # then the file has one DatiContratto per lot, naming its lines
    root = tree(xml_of(invoice))
    refs = [
        (d.findtext("CodiceCIG"), [int(n.text or 0) for n in d.findall("RiferimentoNumeroLinea")])
        for d in root.iter("DatiContratto")
    ]
    assert refs == [(lot_a.cig, [1, 3]), (lot_b.cig, [2])]
    # and a payment names one of its lots' CIGs
    with pytest.raises(ValidationError) as error:
        pay(invoice, "10", cig="000000000C")
    assert "000000000A, 000000000B" in error.value.message_dict["cig"][0]
    with pytest.raises(ValidationError) as error:
        pay(invoice, "10")  # two lots: which one is not guessed
    assert "cig" in error.value.message_dict
    assert pay(invoice, "10", cig=lot_b.cig).cig == lot_b.cig


@pytest.mark.django_db
def test_a_single_lot_invoice_names_no_lines(org, comune):
    billed(org, comune)
    line = LineSpec("Assistenza", Decimal(1), Decimal(20), Decimal(5), cig="000000000A")
    root = tree(xml_of(issue(draft(org, comune, lines=(line, CARE)))))
    [reference] = list(root.iter("DatiContratto"))
    assert reference.findtext("CodiceCIG") == "000000000A"
    assert reference.find("RiferimentoNumeroLinea") is None


@pytest.mark.django_db
def test_a_public_body_line_without_any_cig_is_refused(org, comune):
    billed(org, comune)
    with pytest.raises(ValidationError) as error:
        draft(org, comune, lines=(CARE, replace(CARE, cig="000000000B")), cig="")
    assert "R-VAT-4" in error.value.message_dict["cig"][0]


# --- credit notes against an invoice and its payments -----------------------------------


def half(invoice: Invoice) -> Invoice:
    """A credit note of half the invoice's single line."""
    note = services.invoice_credit_note(actor=None, invoice=invoice)
    line = note.lines.get()
    services.invoice_draft_update(
        actor=None,
        invoice=note,
        header=services.Header(note.customer, cig=note.cig),
        lines=[LineSpec(line.description, line.quantity / 2, line.unit_price, line.vat_rate)],
    )
    return issue(note)


@pytest.mark.django_db
def test_credit_notes_never_exceed_what_is_left_of_the_invoice(org, comune):
    billed(org, comune)
    invoice = issue(draft(org, comune))  # 40 h x 21.50 + 5% = 903.00
    first = half(invoice)
    assert first.total == Decimal("451.50")
    # a full copy now exceeds what is left (451.50): refused, no number consumed
    full = services.invoice_credit_note(actor=None, invoice=invoice)
    with pytest.raises(ValidationError) as error:
        issue(full)
    assert "451,50" in error.value.message_dict["credited"][0]
    assert Invoice.objects.get(pk=full.pk).state == InvoiceState.DRAFT
    Invoice.objects.filter(pk=full.pk).delete()
    # the second half is fine; then nothing is left to credit
    half(invoice)
    with pytest.raises(ValidationError) as error:
        services.invoice_credit_note(actor=None, invoice=invoice)
    assert "per intero" in error.value.message_dict["credited"][0]


@pytest.mark.django_db
def test_payments_count_the_credit_notes(org, comune):
    billed(org, comune)
    invoice = issue(draft(org, comune))  # amount due 860.00 (split payment: no VAT)
    half(invoice)  # 430.00 credited
    with pytest.raises(ValidationError) as error:
        pay(invoice, "430.01")
    message = error.value.message_dict["amount"][0]
    assert "430,00" in message
    assert "note di credito 430,00" in message
    pay(invoice, "430.00")
    # a fully settled invoice, past due, is not overdue
    assert selectors.overdue(org, LATE) == []


@pytest.mark.django_db
def test_a_fully_credited_invoice_is_not_overdue(org, comune):
    billed(org, comune)
    invoice = issue(draft(org, comune))
    issue(services.invoice_credit_note(actor=None, invoice=invoice))
    assert selectors.overdue(org, LATE) == []
    with pytest.raises(ValidationError) as error:
        pay(invoice, "1", date=PAID_ON)
    assert "amount" in error.value.message_dict


# --- the parameters are read once per issue ---------------------------------------------


def parameter_queries(org, customer, lines) -> tuple[int, int]:
    invoice = draft(org, customer, lines=lines)
    with CaptureQueriesContext(connection) as queries:
        issue(invoice)
    reads = [q["sql"] for q in queries.captured_queries if "core_parameter" in q["sql"]]
    return len(reads), len(queries.captured_queries)


@pytest.mark.django_db
def test_an_issue_reads_the_parameters_once_whatever_its_lines(org, comune):
    billed(org, comune)
    exempt = LineSpec("Trasporto", Decimal(4), Decimal(20), natura="N4")
    issue(draft(org, comune))  # the year's counters exist from now on
    one = parameter_queries(org, comune, (CARE,))
    many = parameter_queries(org, comune, (CARE, GARDEN, exempt, CARE, exempt, GARDEN))
    assert one[0] == many[0] == 1
    assert one[1] == many[1]  # and the same number of queries in all
