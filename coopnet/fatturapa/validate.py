"""Validation of a FatturaPA file: the vendored schema first, then the SdI's arithmetic."""

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import ParseError

import xmlschema
from lxml import etree
from xmlschema import validators as v

from coopnet.fatturapa import messages as msg
from coopnet.fatturapa.model import CENT, to_cent, vat
from coopnet.fatturapa.xsd import (
    NAMESPACE,
    XMLDSIG_NS,
    fatturapa_schema,
    has_doctype,
    libxml2_schema,
    xml_parser,
)

LINE_TOLERANCE = CENT
"""PrezzoTotale against unit price x quantity (SdI check 00423)."""
TAXABLE_TOLERANCE = Decimal(1)
"""ImponibileImporto against the sum of its lines: the SdI accepts 1 euro (check 00422)."""
TAX_TOLERANCE = CENT
"""Imposta against ImponibileImporto x AliquotaIVA, rounded (SdI check 00421)."""

ROOT = "FatturaElettronica"
_PARSER = xml_parser()
_BASE64_PARENTS = ("FatturaElettronicaBody/Allegati", f"{{{XMLDSIG_NS}}}Signature")
_RANGE_FACETS = (
    v.XsdMinInclusiveFacet,
    v.XsdMaxInclusiveFacet,
    v.XsdMinExclusiveFacet,
    v.XsdMaxExclusiveFacet,
)
_FACET_MESSAGES: tuple[tuple[tuple[type, ...], str], ...] = (
    ((v.XsdPatternFacets,), msg.SCHEMA_PATTERN),
    ((v.XsdEnumerationFacets,), msg.SCHEMA_ENUMERATION),
    ((v.XsdLengthFacet, v.XsdMinLengthFacet, v.XsdMaxLengthFacet), msg.SCHEMA_LENGTH),
    (_RANGE_FACETS, msg.SCHEMA_RANGE),
)


@dataclass(frozen=True)
class Problem:
    """Why a file is refused: the element (a path from the root) and the reason in Italian."""

    element: str
    message: str


def validate(xml: bytes) -> list[Problem]:
    """Every problem of a FatturaPA file; an empty list means it can be sent.

    The schema is checked by libxml2 (fast); a file it refuses goes through xmlschema, which
    names each problem, and so does one with base64 content, which libxml2 checks more loosely.
    The arithmetic checks run only on a file the schema accepts.
    """
    if has_doctype(xml):
        return [Problem(ROOT, msg.DTD_REFUSED)]
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return [Problem(ROOT, msg.NOT_XML)]
    valid = libxml2_schema().validate(root)
    if not valid or _has_base64(root):
        problems = _schema_problems(xml)
        if problems or not valid:  # should the two ever disagree, the file is refused
            return problems or [Problem(ROOT, msg.SCHEMA_OTHER)]
    if root.tag != f"{{{NAMESPACE}}}{ROOT}":  # valid, but another element of the schemas
        return [Problem(ROOT, msg.NOT_AN_INVOICE.format(root=root.tag))]
    problems = _header_problems(root)
    bodies = root.findall("FatturaElettronicaBody")
    for index, body in enumerate(bodies, start=1):
        path = f"{ROOT}/FatturaElettronicaBody" + (f"[{index}]" if len(bodies) > 1 else "")
        problems += _body_problems(body, path)
    return problems


def _header_problems(root: etree._Element) -> list[Problem]:
    """The transmission format agrees with the root's version and the recipient code."""
    path = f"{ROOT}/FatturaElettronicaHeader/DatiTrasmissione"
    fmt = root.findtext("FatturaElettronicaHeader/DatiTrasmissione/FormatoTrasmissione")
    code = root.findtext("FatturaElettronicaHeader/DatiTrasmissione/CodiceDestinatario", "")
    problems = []
    if root.get("versione") != fmt:
        problems.append(
            Problem(
                f"{path}/FormatoTrasmissione",
                msg.FORMAT_VERSION.format(format=fmt, version=root.get("versione")),
            )
        )
    length = 6 if fmt == "FPA12" else 7
    if len(code) != length:
        problems.append(
            Problem(
                f"{path}/CodiceDestinatario",
                msg.RECIPIENT_LENGTH.format(format=fmt, length=length),
            )
        )
    return problems


def _has_base64(root: etree._Element) -> bool:
    """Attachments or a signature: base64 that libxml2 accepts unchecked (``12,00``)."""
    return any(root.find(path) is not None for path in _BASE64_PARENTS)


def _schema_problems(xml: bytes) -> list[Problem]:
    """xmlschema's reasons, one per element."""
    try:
        resource = xmlschema.XMLResource(xml, allow="none")
    except (ParseError, xmlschema.XMLResourceError):
        return [Problem(ROOT, msg.NOT_XML)]
    problems: dict[str, Problem] = {}
    for error in fatturapa_schema().iter_errors(resource):
        element = re.sub(r"^/?(\w+:)?", "", error.path or ROOT)
        # A wrong decimal fails both its pattern and its type: report the element once.
        problems.setdefault(element, Problem(element, _schema_message(error)))
    return list(problems.values())


def _schema_message(error: xmlschema.XMLSchemaValidationError) -> str:
    if isinstance(error, xmlschema.XMLSchemaChildrenValidationError):
        message = msg.SCHEMA_MISSING
        if error.invalid_tag:
            message = msg.SCHEMA_UNEXPECTED.format(value=error.invalid_tag)
        if error.expected_tags:
            message += msg.SCHEMA_EXPECTED.format(expected=", ".join(error.expected_tags))
        return message
    for facets, message in _FACET_MESSAGES:
        if isinstance(error.validator, facets):
            return message.format(value=error.obj)
    if isinstance(error, xmlschema.XMLSchemaDecodeError):
        return msg.SCHEMA_TYPE.format(value=error.obj)
    return msg.SCHEMA_OTHER


def _amount(element: etree._Element, tag: str, default: Decimal = Decimal(0)) -> Decimal:
    text = element.findtext(tag)
    return Decimal(text) if text else default


Key = tuple[Decimal, str | None]


def _key(element: etree._Element) -> Key:
    return (_amount(element, "AliquotaIVA"), element.findtext("Natura"))


def _describe(key: Key) -> str:
    rate, nature = key
    return f"aliquota {rate}%" + (f" natura {nature}" if nature else "")


def _expected_line_total(line: etree._Element) -> Decimal:
    """Unit price with its discounts/surcharges in order, times quantity (1 if absent)."""
    price = _amount(line, "PrezzoUnitario")
    for change in line.findall("ScontoMaggiorazione"):
        sign = -1 if change.findtext("Tipo") == "SC" else 1
        if change.findtext("Percentuale"):
            price += sign * price * _amount(change, "Percentuale") / 100
        else:
            price += sign * _amount(change, "Importo")
    return price * _amount(line, "Quantita", Decimal(1))


def _body_problems(body: etree._Element, path: str) -> list[Problem]:
    problems = []
    goods = f"{path}/DatiBeniServizi"
    taxable_by_key: dict[Key, Decimal] = defaultdict(Decimal)
    for index, line in enumerate(body.findall("DatiBeniServizi/DettaglioLinee"), start=1):
        total = _amount(line, "PrezzoTotale")
        expected = _expected_line_total(line)
        if abs(total - expected) > LINE_TOLERANCE:
            problems.append(
                Problem(
                    f"{goods}/DettaglioLinee[{index}]/PrezzoTotale",
                    msg.LINE_TOTAL.format(total=total, expected=to_cent(expected)),
                )
            )
        taxable_by_key[_key(line)] += total
    document = body.find("DatiGenerali/DatiGeneraliDocumento")
    assert document is not None  # the schema requires it
    for fund in document.findall("DatiCassaPrevidenziale"):
        taxable_by_key[_key(fund)] += _amount(fund, "ImportoContributoCassa")

    expected_total = _amount(document, "Arrotondamento")
    summarised = set()
    for index, summary in enumerate(body.findall("DatiBeniServizi/DatiRiepilogo"), start=1):
        key = _key(summary)
        summarised.add(key)
        element = f"{goods}/DatiRiepilogo[{index}]"
        taxable = _amount(summary, "ImponibileImporto")
        tax = _amount(summary, "Imposta")
        expected_total += taxable + tax
        extras = _amount(summary, "SpeseAccessorie") + _amount(summary, "Arrotondamento")
        if key not in taxable_by_key and not extras:
            problems.append(
                Problem(f"{element}/AliquotaIVA", msg.SUMMARY_UNUSED.format(key=_describe(key)))
            )
            continue
        expected = taxable_by_key.get(key, Decimal(0)) + extras
        if abs(taxable - expected) > TAXABLE_TOLERANCE:
            problems.append(
                Problem(
                    f"{element}/ImponibileImporto",
                    msg.SUMMARY_TAXABLE.format(
                        taxable=taxable, key=_describe(key), expected=expected
                    ),
                )
            )
        expected_tax = vat(taxable, key[0])
        if abs(tax - expected_tax) > TAX_TOLERANCE:
            problems.append(
                Problem(
                    f"{element}/Imposta", msg.SUMMARY_TAX.format(tax=tax, expected=expected_tax)
                )
            )
    problems += [
        Problem(goods, msg.SUMMARY_MISSING.format(key=_describe(key)))
        for key in taxable_by_key.keys() - summarised
    ]
    problems += _total_problems(document, path, expected_total)
    return problems


def _total_problems(document: etree._Element, path: str, expected: Decimal) -> list[Problem]:
    """ImportoTotaleDocumento, when given: taxable amounts plus taxes, stamp duty or not."""
    text = document.findtext("ImportoTotaleDocumento")
    if text is None:
        return []
    total = Decimal(text)
    stamp = _amount(document, "DatiBollo/ImportoBollo")
    if min(abs(total - expected), abs(total - expected - stamp)) <= CENT:
        return []
    return [
        Problem(
            f"{path}/DatiGenerali/DatiGeneraliDocumento/ImportoTotaleDocumento",
            msg.DOCUMENT_TOTAL.format(total=total, expected=expected),
        )
    ]
