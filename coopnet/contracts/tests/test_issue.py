"""Issue and the SdI cycle: every file issued validates, a refusal names the field and
consumes no number, receipts move the state, a rejected invoice is corrected and reissued."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet import fatturapa as fpa
from coopnet.contracts import services
from coopnet.contracts.models import (
    BillingProfile,
    FileCounter,
    Invoice,
    InvoiceCounter,
    InvoiceState,
    SdiState,
)
from coopnet.contracts.services import Header, LineSpec

from .conftest import CARE, awarded, billed, contract, draft, make_tender

DAY = dt.date(2026, 5, 4)
EXEMPT = LineSpec("Trasporto sociale", Decimal(4), Decimal("20"), natura="N4")


def xml_of(invoice: Invoice) -> bytes:
    with invoice.xml.open("rb") as file:
        return file.read()


def issued(org, customer, lines=(CARE,), on=DAY, **header):
    invoice = services.invoice_issue(
        actor=None, invoice=draft(org, customer, lines, **header), on=on
    )
    assert fpa.validate(xml_of(invoice)) == []
    return invoice


def receipt(root: str, body: str, file_name: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<ns2:{root} xmlns:ns2="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0">'
        f"<IdentificativoSdI>4217356</IdentificativoSdI><NomeFile>{file_name}</NomeFile>"
        f"{body}</ns2:{root}>"
    ).encode()


def outcome(code: str) -> str:
    return (
        "<EsitoCommittente><IdentificativoSdI>4217356</IdentificativoSdI>"
        f"<Esito>{code}</Esito></EsitoCommittente>"
    )


NS_BODY = (
    "<ListaErrori><Errore><Codice>00311</Codice>"
    "<Descrizione>CodiceDestinatario non valido</Descrizione></Errore></ListaErrori>"
)


@pytest.fixture
def public(org, comune):
    billed(org, comune)
    return comune


@pytest.mark.django_db
def test_a_public_body_invoice_is_fpa12_with_split_payment_and_references(org, public):
    invoice = issued(org, public, lines=(CARE, EXEMPT), cup="J11B22000000001")
    xml = xml_of(invoice)
    assert invoice.file_name == f"IT{org.partita_iva}_00001.xml"
    assert b'versione="FPA12"' in xml
    assert b"<CodiceDestinatario>UFK2QX</CodiceDestinatario>" in xml
    assert b"<EsigibilitaIVA>S</EsigibilitaIVA>" in xml
    assert invoice.split_payment
    assert b"<CodiceCIG>000000000A</CodiceCIG>" in xml
    assert invoice.stamp_duty == Decimal("2.00")  # exempt 4 x 20 = 80.00 > 77.47
    assert b"<BolloVirtuale>SI</BolloVirtuale>" in xml
    assert [line.vat_rule for line in invoice.lines.all()] == ["R-VAT-1 5%", "R-VAT-1 N4"]


@pytest.mark.django_db
def test_a_private_customer_is_fpr12_without_split_payment_or_stamp(org, client_coop):
    billed(org, client_coop)
    small = LineSpec("Trasporto", Decimal(1), Decimal("77.47"), natura="N4")
    invoice = issued(org, client_coop, lines=(small, CARE), cig="")
    xml = xml_of(invoice)
    assert b'versione="FPR12"' in xml
    assert b"<CodiceDestinatario>ABC1234" in xml
    assert not invoice.split_payment
    assert invoice.stamp_duty is None
    assert b"EsigibilitaIVA>S" not in xml
    assert b"DatiBollo" not in xml


def counters(org):
    return (
        list(InvoiceCounter.objects.filter(organization=org).values_list("last", flat=True)),
        list(FileCounter.objects.filter(organization=org).values_list("last", flat=True)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "field"),
    [
        (
            lambda org, body: BillingProfile.objects.filter(party=body).update(
                recipient_code="ABC1234"
            ),
            "recipient_code",
        ),
        (lambda org, body: BillingProfile.objects.filter(party=org).delete(), "billing"),
        (
            lambda org, body: BillingProfile.objects.filter(party=org).update(postcode="2010"),
            "postcode",
        ),
        (
            lambda org, body: type(org).objects.filter(pk=org.pk).update(partita_iva="123"),
            "vat_number",
        ),
    ],
)
def test_a_refused_issue_names_the_field_and_consumes_no_number(org, public, spoil, field):
    issued(org, public)
    before = counters(org)
    invoice = draft(org, public)
    spoil(org, public)
    invoice.refresh_from_db()
    invoice.organization.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.invoice_issue(actor=None, invoice=invoice, on=DAY)
    assert field in error.value.message_dict
    invoice.refresh_from_db()
    assert (invoice.state, invoice.number, invoice.file_name) == (InvoiceState.DRAFT, None, "")
    assert counters(org) == before == ([1], [1])


@pytest.mark.django_db
def test_after_the_split_payment_authorisation_the_issue_says_it(org, public):
    with pytest.raises(ValidationError) as error:
        services.invoice_issue(actor=None, invoice=draft(org, public), on=dt.date(2026, 7, 1))
    assert "vat.split_payment" in error.value.message_dict["split_payment"][0]
    assert counters(org) == ([], [])


@pytest.mark.django_db
def test_a_health_body_needs_its_nso_order(org, comune):
    tender = make_tender(org, comune, health_body=True)
    signed = contract(awarded(tender))
    billed(org, comune)
    with pytest.raises(ValidationError) as error:
        services.invoice_issue(actor=None, invoice=draft(org, comune, contract=signed), on=DAY)
    assert "order_id" in error.value.message_dict
    invoice = issued(
        org,
        comune,
        contract=signed,
        order_id="ORD-77",
        order_date=dt.date(2026, 4, 1),
        nso_endpoint="0201:IT123",
    )
    assert b"ORD-77#2026-04-01#0201:IT123" in xml_of(invoice)


@pytest.mark.django_db
def test_the_customer_of_a_contract_is_its_authority(org, comune, client_coop):
    signed = contract(awarded(make_tender(org, comune)))
    with pytest.raises(ValidationError) as error:
        draft(org, client_coop, contract=signed)
    assert "customer" in error.value.message_dict


@pytest.mark.django_db
def test_a_credit_note_reverses_an_issued_invoice(org, public):
    with pytest.raises(ValidationError):
        services.invoice_credit_note(actor=None, invoice=draft(org, public))
    original = issued(org, public)
    note = services.invoice_credit_note(actor=None, invoice=original)
    note = services.invoice_issue(actor=None, invoice=note, on=DAY)
    xml = xml_of(note)
    assert fpa.validate(xml) == []
    assert b"<TipoDocumento>TD04</TipoDocumento>" in xml
    assert b"<DatiFattureCollegate><IdDocumento>1/2026</IdDocumento>" in xml
    assert (note.number, note.credited) == (2, original)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("root", "body", "state"),
    [
        ("RicevutaConsegna", "", SdiState.DELIVERED),
        ("NotificaMancataConsegna", "", SdiState.NOT_DELIVERED),
        ("NotificaEsito", outcome("EC01"), SdiState.ACCEPTED),
        ("NotificaEsito", outcome("EC02"), SdiState.REFUSED),
        ("NotificaDecorrenzaTermini", "", SdiState.TERMS_ELAPSED),
    ],
)
def test_receipts_move_the_state(org, public, root, body, state):
    invoice = issued(org, public)
    moved = services.receipt_import(
        actor=None, organization=org, xml=receipt(root, body, invoice.file_name)
    )
    assert (moved.pk, moved.state, moved.sdi_state, moved.sdi_id) == (
        invoice.pk,
        InvoiceState.ISSUED,
        state,
        "4217356",
    )


@pytest.mark.django_db
def test_a_rejected_invoice_is_corrected_and_reissued_keeping_the_rejection(org, public):
    invoice = issued(org, public)
    first_file, first_xml = invoice.file_name, xml_of(invoice)
    rejected = services.receipt_import(
        actor=None, organization=org, xml=receipt("NotificaScarto", NS_BODY, first_file)
    )
    assert (rejected.state, rejected.number) == (InvoiceState.REJECTED, 1)
    services.invoice_draft_update(
        actor=None,
        invoice=rejected,
        header=Header(public, cig="000000000B"),
        lines=[CARE],
    )
    reissued = services.invoice_issue(actor=None, invoice=rejected, on=DAY + dt.timedelta(days=2))
    assert (reissued.state, reissued.number, reissued.issue_date) == (InvoiceState.ISSUED, 1, DAY)
    assert reissued.file_name != first_file
    assert b"000000000B" in xml_of(reissued)
    kept = reissued.rejections.get()
    assert kept.file_name == first_file
    assert kept.reasons[0]["code"] == "00311"
    with kept.xml.open("rb") as file:
        assert file.read() == first_xml
    assert counters(org) == ([1], [2])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "xml",
    [
        b"not xml",
        b"<FatturaElettronica/>",
        receipt("RicevutaConsegna", "", "IT99999999999_00001.xml"),  # not one of ours
    ],
)
def test_a_malformed_or_foreign_receipt_changes_nothing(org, public, other_org, xml):
    invoice = issued(org, public)
    with pytest.raises(ValidationError) as error:
        services.receipt_import(actor=None, organization=org, xml=xml)
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError):  # another organization's file is foreign too
        services.receipt_import(
            actor=None,
            organization=other_org,
            xml=receipt("RicevutaConsegna", "", invoice.file_name),
        )
    invoice.refresh_from_db()
    assert (invoice.state, invoice.sdi_state, invoice.sdi_id) == (InvoiceState.ISSUED, "", "")


class FakeTransport:
    def __init__(self, inbox):
        self.sent: list[str] = []
        self.inbox = inbox

    def send(self, file_name, xml):
        assert fpa.validate(xml) == []
        self.sent.append(file_name)

    def receive(self):
        return self.inbox


@pytest.mark.django_db
def test_export_zip_and_a_transport(org, public):
    first, second = issued(org, public), issued(org, public)
    draft(org, public)
    with zipfile.ZipFile(io.BytesIO(services.export_zip(Invoice.objects.all()))) as archive:
        assert sorted(archive.namelist()) == sorted([first.file_name, second.file_name])
        assert archive.read(first.file_name) == xml_of(first)
    transport = FakeTransport([receipt("RicevutaConsegna", "", first.file_name), b"junk"])
    assert services.send_issued(transport, Invoice.objects.all()) == 2
    assert services.receive_all(actor=None, organization=org, transport=transport) == 1
    assert services.send_issued(transport, Invoice.objects.all()) == 1  # only the unanswered
