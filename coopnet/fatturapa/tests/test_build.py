"""Invoices built from the typed model: FPA12/FPR12 XML that the schema and the SdI accept."""

from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element

import pytest

from coopnet.fatturapa import (
    CreditedInvoice,
    DocumentType,
    InvoiceError,
    Line,
    Reference,
    ReferenceKind,
    build_xml,
    nso_order,
    progressive,
    validate,
)
from coopnet.fatturapa.build import parse_xml, serialize

from .conftest import CARE, PRIVATE, invoice, tree

TRANSPORT = Line(
    description="Trasporto sociale disabili (art. 10 n. 27-ter)",
    quantity=Decimal(3),
    unit_price=Decimal("95.5"),
    nature="N4",
)
WORKSHOP = Line(
    description="Manutenzione del verde, lotto 2",
    quantity=Decimal("1"),
    unit_price=Decimal("1234.5678"),
    vat_rate=Decimal(22),
)


def built(**changes) -> Element:
    xml = build_xml(invoice(**changes))
    assert validate(xml) == []
    return tree(xml)


def test_invoice_to_a_public_body_is_fpa12_with_office_code_and_cig():
    root = built()
    assert root.get("versione") == "FPA12"
    assert root.findtext(".//FormatoTrasmissione") == "FPA12"
    assert root.findtext(".//CodiceDestinatario") == "UFK2QX"
    assert root.findtext(".//DatiContratto/CodiceCIG") == "B1234567AB"
    # 132.5 h x 21.37 = 2831.525 -> 2831.53; VAT 5 % of it = 141.5765 -> 141.58
    assert root.findtext(".//PrezzoTotale") == "2831.53"
    assert root.findtext(".//DatiRiepilogo/ImponibileImporto") == "2831.53"
    assert root.findtext(".//DatiRiepilogo/Imposta") == "141.58"
    assert root.findtext(".//DatiRiepilogo/EsigibilitaIVA") == "I"
    assert root.findtext(".//ImportoTotaleDocumento") == "2973.11"


def test_invoice_to_a_private_customer_is_fpr12_at_its_pec():
    root = built(customer=PRIVATE, references=())
    assert root.get("versione") == "FPR12"
    assert root.findtext(".//CodiceDestinatario") == "0000000"
    assert root.findtext(".//PECDestinatario") == "amici@pec.example.it"
    assert root.findtext(".//CessionarioCommittente//IdCodice") == "03456789012"


def test_credit_note_names_the_invoice_it_reverses():
    credited = CreditedInvoice(number="2026/9", issued=date(2026, 3, 3))
    root = built(document_type=DocumentType.CREDIT_NOTE, credited=credited)
    assert root.findtext(".//TipoDocumento") == "TD04"
    assert root.findtext(".//DatiFattureCollegate/IdDocumento") == "2026/9"
    assert root.findtext(".//DatiFattureCollegate/Data") == "2026-03-03"


def test_split_payment_marks_vat_as_paid_by_the_body():
    root = built(split_payment=True, lines=(CARE, WORKSHOP))
    assert [s.findtext("EsigibilitaIVA") for s in root.iter("DatiRiepilogo")] == ["S", "S"]


def test_exempt_line_with_stamp_duty_has_its_own_summary():
    root = built(lines=(CARE, TRANSPORT), stamp_duty=Decimal(2))
    assert root.findtext(".//DatiBollo/BolloVirtuale") == "SI"
    assert root.findtext(".//DatiBollo/ImportoBollo") == "2.00"
    exempt = [s for s in root.iter("DatiRiepilogo") if s.findtext("Natura") == "N4"]
    assert [(s.findtext("ImponibileImporto"), s.findtext("Imposta")) for s in exempt] == [
        ("286.50", "0.00")
    ]
    assert exempt[0].find("EsigibilitaIVA") is None


def test_health_body_order_carries_the_nso_triplet_and_cup():
    order = nso_order("ORD-44", date(2026, 2, 1), "0201:UFABCD", cig="Z0A1B2C3D4")
    convention = Reference(
        document_id="CONV-3", kind=ReferenceKind.CONVENTION, cup="J31B21000000001"
    )
    root = built(references=(order, convention))
    assert root.findtext(".//DatiOrdineAcquisto/IdDocumento") == "ORD-44"
    assert root.findtext(".//DatiOrdineAcquisto/CodiceCommessaConvenzione") == (
        "ORD-44#2026-02-01#0201:UFABCD"
    )
    assert root.findtext(".//DatiConvenzione/CodiceCUP") == "J31B21000000001"


def test_quantities_and_prices_keep_up_to_eight_decimals():
    root = built(lines=(WORKSHOP,))
    assert root.findtext(".//Quantita") == "1.00"
    assert root.findtext(".//PrezzoUnitario") == "1234.5678"
    assert root.findtext(".//PrezzoTotale") == "1234.57"


def test_file_name_is_country_vat_number_and_progressive():
    assert invoice(progressive="00A1z").file_name == "IT02345678901_00A1z.xml"
    assert tree(build_xml(invoice())).findtext(".//ProgressivoInvio") == "0000A"


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "00001"), (35, "0000Z"), (36, "00010"), (36**5 - 1, "ZZZZZ")]
)
def test_progressive_counts_in_base_36(n, expected):
    assert progressive(n) == expected


@pytest.mark.parametrize("n", [0, 36**5])
def test_progressive_out_of_range_is_refused(n):
    with pytest.raises(InvoiceError) as error:
        progressive(n)
    assert error.value.field == "progressive"


def test_mixed_rates_number_the_lines_and_summarise_each_rate():
    root = built(lines=(CARE, TRANSPORT, WORKSHOP), stamp_duty=Decimal(2))
    assert [n.text for n in root.iter("NumeroLinea")] == ["1", "2", "3"]
    assert {r.findtext("AliquotaIVA") for r in root.iter("DatiRiepilogo")} == {
        "5.00",
        "0.00",
        "22.00",
    }


def test_built_xml_round_trips_byte_for_byte():
    xml = build_xml(invoice(lines=(CARE, TRANSPORT, WORKSHOP), stamp_duty=Decimal(2)))
    assert serialize(parse_xml(xml)) == xml


def test_references_per_lot_name_their_lines():
    lot_1 = Reference(
        document_id="C-1", kind=ReferenceKind.CONTRACT, cig="Z0A1B2C3D4", lines=(1, 3)
    )
    lot_2 = Reference(document_id="C-1", kind=ReferenceKind.CONTRACT, cig="Z0A1B2C3D5", lines=(2,))
    root = built(lines=(CARE, WORKSHOP, CARE), references=(lot_1, lot_2))
    assert [
        (d.findtext("CodiceCIG"), [n.text for n in d.findall("RiferimentoNumeroLinea")])
        for d in root.iter("DatiContratto")
    ] == [("Z0A1B2C3D4", ["1", "3"]), ("Z0A1B2C3D5", ["2"])]
    with pytest.raises(InvoiceError) as error:
        invoice(lines=(CARE,), references=(lot_1,))  # there is no line 3
    assert error.value.field == "references"
