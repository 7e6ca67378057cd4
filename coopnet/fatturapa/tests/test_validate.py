"""validate(): the shared samples, their round trip, and each SdI arithmetic check."""

from decimal import Decimal

import pytest

from coopnet.fatturapa import Line, build_xml, validate
from coopnet.fatturapa.build import parse_xml, serialize

from .conftest import CARE, SAMPLES, invoice

BODY = "FatturaElettronica/FatturaElettronicaBody"
EXEMPT = Line(description="Trasporto", quantity=Decimal(2), unit_price=Decimal(50), nature="N4")


def test_there_are_five_samples():
    assert len(SAMPLES) == 5


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_sample_validates_and_round_trips_through_the_bindings(sample):
    xml = sample.read_bytes()
    assert validate(xml) == []
    document = parse_xml(xml)
    again = serialize(document)
    assert validate(again) == []
    assert parse_xml(again) == document
    assert document.fattura_elettronica_header.dati_trasmissione.progressivo_invio in sample.name


def problems_of(xml: bytes, old: bytes, new: bytes) -> list[tuple[str, str]]:
    assert old in xml
    return [(p.element, p.message) for p in validate(xml.replace(old, new, 1))]


def test_line_total_not_price_times_quantity_names_the_line():
    xml = build_xml(invoice(lines=(EXEMPT, CARE)))
    [(element, message)] = problems_of(
        xml, b"<PrezzoTotale>2831.53</PrezzoTotale>", b"<PrezzoTotale>2831.55</PrezzoTotale>"
    )
    assert element == f"{BODY}/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale"
    assert message == "PrezzoTotale 2831.55 diverso da prezzo unitario per quantità (2831.53)"


def test_line_total_within_a_cent_is_accepted():
    xml = build_xml(invoice())
    assert problems_of(xml, b"<PrezzoTotale>2831.53", b"<PrezzoTotale>2831.52") == []


def test_line_total_ignoring_its_discount_is_refused():
    xml = SAMPLES[1].read_bytes()  # 10.00 with a 10 % discount: 9.00
    problems = problems_of(xml, b"<PrezzoTotale>9.00", b"<PrezzoTotale>10.00")
    assert problems[0][0] == f"{BODY}/DatiBeniServizi/DettaglioLinee[1]/PrezzoTotale"


def test_summary_taxable_not_the_sum_of_its_lines():
    xml = build_xml(invoice(lines=(EXEMPT, CARE), stamp_duty=Decimal(2)))
    problems = problems_of(xml, b"<ImponibileImporto>100.00", b"<ImponibileImporto>110.00")
    assert problems[0] == (
        f"{BODY}/DatiBeniServizi/DatiRiepilogo[1]/ImponibileImporto",
        "imponibile 110.00 diverso dalla somma delle righe per aliquota 0.00% natura N4 (100.00)",
    )


def test_summary_tax_not_rate_times_taxable():
    xml = build_xml(invoice())
    problems = problems_of(xml, b"<Imposta>141.58", b"<Imposta>141.60")
    assert problems[0] == (
        f"{BODY}/DatiBeniServizi/DatiRiepilogo[1]/Imposta",
        "imposta 141.60 diversa da imponibile per aliquota (141.58)",
    )


def test_rate_without_summary_and_summary_without_lines():
    xml = build_xml(invoice())
    problems = problems_of(
        xml, b"<AliquotaIVA>5.00</AliquotaIVA><Imp", b"<AliquotaIVA>4.00</AliquotaIVA><Imp"
    )
    assert (
        f"{BODY}/DatiBeniServizi",
        "manca il riepilogo per aliquota 5.00% usato nelle righe",
    ) in problems
    assert (
        f"{BODY}/DatiBeniServizi/DatiRiepilogo[1]/AliquotaIVA",
        "riepilogo per aliquota 4.00% senza righe corrispondenti",
    ) in problems


def test_document_total_not_taxable_plus_tax():
    xml = build_xml(invoice())
    problems = problems_of(
        xml, b"<ImportoTotaleDocumento>2973.11", b"<ImportoTotaleDocumento>2831.53"
    )
    assert problems == [
        (
            f"{BODY}/DatiGenerali/DatiGeneraliDocumento/ImportoTotaleDocumento",
            "totale documento 2831.53 diverso da imponibili più imposte (2973.11)",
        )
    ]


def test_document_total_may_include_the_stamp_duty():
    xml = build_xml(invoice(lines=(CARE, EXEMPT), stamp_duty=Decimal(2)))
    assert (
        problems_of(xml, b"<ImportoTotaleDocumento>3073.11", b"<ImportoTotaleDocumento>3075.11")
        == []
    )


HEADER = "FatturaElettronica/FatturaElettronicaHeader/DatiTrasmissione"


def test_format_must_match_the_version_attribute():
    xml = build_xml(invoice())
    assert problems_of(xml, b'versione="FPA12"', b'versione="FPR12"') == [
        (
            f"{HEADER}/FormatoTrasmissione",
            "FormatoTrasmissione FPA12 diverso dall'attributo versione (FPR12)",
        )
    ]


def test_recipient_code_length_follows_the_format():
    xml = build_xml(invoice())
    assert problems_of(xml, b"UFK2QX<", b"UFK2QX1<") == [
        (
            f"{HEADER}/CodiceDestinatario",
            "con FormatoTrasmissione FPA12 il codice destinatario ha 6 caratteri",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "element", "message"),
    [
        (
            b"<AliquotaIVA>5.00</AliquotaIVA></D",
            b"<AliquotaIVA>5,00</AliquotaIVA></D",
            "DettaglioLinee/AliquotaIVA",
            "valore non conforme al formato richiesto: 5,00",
        ),
        (
            b"<Divisa>EUR</Divisa>",
            b"",
            "DatiGeneraliDocumento",
            "elemento Data non previsto in questa posizione; atteso: Divisa",
        ),
        (
            b"<TipoDocumento>TD01",
            b"<TipoDocumento>TD99",
            "TipoDocumento",
            "valore non ammesso: TD99",
        ),
        (
            b"<CodiceDestinatario>UFK2QX",
            b"<CodiceDestinatario>UFK2QXXX",
            "CodiceDestinatario",
            "valore non conforme al formato richiesto: UFK2QXXX",
        ),
        (
            b"<AliquotaIVA>5.00</AliquotaIVA></D",
            b"<AliquotaIVA>105.00</AliquotaIVA></D",
            "DettaglioLinee/AliquotaIVA",
            "valore fuori dall'intervallo ammesso: 105.00",
        ),
    ],
)
def test_schema_problems_name_the_element_in_italian(old, new, element, message):
    problems = problems_of(build_xml(invoice()), old, new)
    assert problems[0][0].startswith("FatturaElettronica/")
    assert problems[0][0].endswith(element)
    assert problems[0][1] == message


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"", "il file non è un XML leggibile"),
        (b"<p:FatturaElettronica", "il file non è un XML leggibile"),
        (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaa">]><a>&a;</a>',
            "il file contiene una dichiarazione DOCTYPE, non ammessa",
        ),
        (
            "<!DOCTYPE a><a/>".encode("utf-16"),
            "il file contiene una dichiarazione DOCTYPE, non ammessa",
        ),
        (b"<a/>", "documento non conforme allo schema FatturaPA"),
        (
            b'<ds:KeyName xmlns:ds="http://www.w3.org/2000/09/xmldsig#">k</ds:KeyName>',
            "il documento non è una FatturaElettronica: elemento radice "
            "{http://www.w3.org/2000/09/xmldsig#}KeyName",
        ),
    ],
)
def test_unreadable_or_foreign_files_are_refused(xml, message):
    [problem] = validate(xml)
    assert problem.message == message
