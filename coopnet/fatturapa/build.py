"""From an :class:`~coopnet.fatturapa.model.Invoice` to FPA12/FPR12 XML, through the bindings."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.serializers import XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig
from xsdata.models.datatype import XmlDate

from coopnet.fatturapa import bindings as b
from coopnet.fatturapa import messages as msg
from coopnet.fatturapa.model import (
    Address,
    Customer,
    Invoice,
    Line,
    Reference,
    ReferenceKind,
    Seller,
    to_cent,
    vat,
)
from coopnet.fatturapa.xsd import NAMESPACE, has_doctype

_PARSER = XmlParser()
_SERIALIZER = XmlSerializer(config=SerializerConfig(xml_declaration=True, encoding="UTF-8"))


def money(value: Decimal) -> str:
    """An amount with two decimals, rounded half up (the SdI's rounding)."""
    return str(to_cent(value))


def _decimal(value: Decimal) -> str:
    """Quantity or unit price: at least 2 and at most 8 decimals, as the schema wants."""
    text = format(value.quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP).normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def line_total(line: Line) -> Decimal:
    """PrezzoTotale: quantity x unit price, to the cent."""
    return to_cent(line.quantity * line.unit_price)


def _address(address: Address) -> b.IndirizzoType:
    return b.IndirizzoType(
        indirizzo=address.street,
        cap=address.postcode if address.country == "IT" else "00000",
        comune=address.city,
        provincia=address.province,
        nazione=address.country,
    )


def _seller(seller: Seller) -> b.CedentePrestatoreType:
    return b.CedentePrestatoreType(
        dati_anagrafici=b.DatiAnagraficiCedenteType(
            id_fiscale_iva=b.IdFiscaleType(id_paese="IT", id_codice=seller.vat_number),
            codice_fiscale=seller.tax_code,
            anagrafica=b.AnagraficaType(denominazione=seller.name),
            regime_fiscale=b.RegimeFiscaleType(seller.tax_regime),
        ),
        sede=_address(seller.address),
    )


def _customer(customer: Customer) -> b.CessionarioCommittenteType:
    vat_id = None
    if customer.vat_number:
        vat_id = b.IdFiscaleType(id_paese="IT", id_codice=customer.vat_number)
    return b.CessionarioCommittenteType(
        dati_anagrafici=b.DatiAnagraficiCessionarioType(
            id_fiscale_iva=vat_id,
            codice_fiscale=customer.tax_code,
            anagrafica=b.AnagraficaType(denominazione=customer.name),
        ),
        sede=_address(customer.address),
    )


def _reference(reference: Reference) -> b.DatiDocumentiCorrelatiType:
    return b.DatiDocumentiCorrelatiType(
        riferimento_numero_linea=list(reference.lines),
        id_documento=reference.document_id,
        data=XmlDate.from_date(reference.issued) if reference.issued else None,
        codice_commessa_convenzione=reference.project_code,
        codice_cup=reference.cup,
        codice_cig=reference.cig,
    )


def _general(invoice: Invoice, total: Decimal) -> b.DatiGeneraliType:
    by_kind: dict[ReferenceKind, list[b.DatiDocumentiCorrelatiType]] = defaultdict(list)
    for reference in invoice.references:
        by_kind[reference.kind].append(_reference(reference))
    credited = []
    if invoice.credited is not None:
        credited.append(
            b.DatiDocumentiCorrelatiType(
                id_documento=invoice.credited.number,
                data=XmlDate.from_date(invoice.credited.issued),
            )
        )
    stamp = None
    if invoice.stamp_duty is not None:
        stamp = b.DatiBolloType(
            bollo_virtuale=b.BolloVirtualeType.SI, importo_bollo=money(invoice.stamp_duty)
        )
    return b.DatiGeneraliType(
        dati_generali_documento=b.DatiGeneraliDocumentoType(
            tipo_documento=b.TipoDocumentoType(invoice.document_type.value),
            divisa=invoice.currency,
            data=XmlDate.from_date(invoice.issue_date),
            numero=invoice.number,
            dati_bollo=stamp,
            importo_totale_documento=money(total),
            causale=[invoice.reason] if invoice.reason else [],
        ),
        dati_ordine_acquisto=by_kind[ReferenceKind.ORDER],
        dati_contratto=by_kind[ReferenceKind.CONTRACT],
        dati_convenzione=by_kind[ReferenceKind.CONVENTION],
        dati_fatture_collegate=credited,
    )


def _goods_and_services(invoice: Invoice) -> tuple[b.DatiBeniServiziType, Decimal]:
    lines = []
    taxable: dict[tuple[Decimal, str | None], Decimal] = defaultdict(Decimal)
    for number, line in enumerate(invoice.lines, start=1):
        total = line_total(line)
        taxable[(line.vat_rate, line.nature)] += total
        lines.append(
            b.DettaglioLineeType(
                numero_linea=number,
                descrizione=line.description,
                quantita=_decimal(line.quantity),
                unita_misura=line.unit,
                prezzo_unitario=_decimal(line.unit_price),
                prezzo_totale=money(total),
                aliquota_iva=money(line.vat_rate),
                natura=b.NaturaType(line.nature) if line.nature else None,
            )
        )
    summaries = []
    document_total = Decimal(0)
    for (rate, nature), amount in taxable.items():
        tax = vat(amount, rate)
        document_total += amount + tax
        due = b.EsigibilitaIvatype.S if invoice.split_payment else b.EsigibilitaIvatype.I
        summaries.append(
            b.DatiRiepilogoType(
                aliquota_iva=money(rate),
                natura=b.NaturaType(nature) if nature else None,
                imponibile_importo=money(amount),
                imposta=money(tax),
                esigibilita_iva=None if nature else due,
            )
        )
    return b.DatiBeniServiziType(dettaglio_linee=lines, dati_riepilogo=summaries), document_total


def to_binding(invoice: Invoice) -> b.FatturaElettronica:
    """The invoice as a bindings object, ready to serialise."""
    customer = invoice.customer
    fmt = (
        b.FormatoTrasmissioneType.FPA12 if customer.public_body else b.FormatoTrasmissioneType.FPR12
    )
    goods, total = _goods_and_services(invoice)
    return b.FatturaElettronica(
        versione=fmt,
        fattura_elettronica_header=b.FatturaElettronicaHeaderType(
            dati_trasmissione=b.DatiTrasmissioneType(
                id_trasmittente=b.IdFiscaleType(id_paese="IT", id_codice=invoice.seller.vat_number),
                progressivo_invio=invoice.progressive,
                formato_trasmissione=fmt,
                codice_destinatario=customer.recipient_code,
                pecdestinatario=customer.pec,
            ),
            cedente_prestatore=_seller(invoice.seller),
            cessionario_committente=_customer(customer),
        ),
        fattura_elettronica_body=[
            b.FatturaElettronicaBodyType(
                dati_generali=_general(invoice, total), dati_beni_servizi=goods
            )
        ],
    )


def parse_xml(xml: bytes) -> b.FatturaElettronica:
    """A FatturaPA file as bindings objects (validate it first: this only reads it)."""
    if has_doctype(xml):
        raise ValueError(msg.DTD_REFUSED)
    return _PARSER.from_bytes(xml, b.FatturaElettronica)


def serialize(document: b.FatturaElettronica) -> bytes:
    """UTF-8 XML bytes of a bindings object (the namespace prefix ``p``, as the SdI's samples)."""
    return _SERIALIZER.render(document, ns_map={"p": NAMESPACE}).encode()


def build_xml(invoice: Invoice) -> bytes:
    """The FPA12 (public body) or FPR12 XML of an invoice, to send as ``invoice.file_name``."""
    return serialize(to_binding(invoice))
