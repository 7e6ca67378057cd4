"""The typed input of an invoice: what the contracts app hands to :func:`build_xml`.

Each dataclass checks its own fields when created and raises :class:`InvoiceError` naming the
field and the reason (in Italian), so that a wrong invoice never reaches the XML.
"""

import re
import string
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from coopnet.fatturapa import messages as msg

NATURE_CODES = frozenset(
    {"N1", "N2.1", "N2.2", "N3.1", "N3.2", "N3.3", "N3.4", "N3.5", "N3.6", "N4", "N5"}
    | {"N6.1", "N6.2", "N6.3", "N6.4", "N6.5", "N6.6", "N6.7", "N6.8", "N6.9", "N7"}
)
"""Natura codes in force (the schema still accepts N2, N3, N6, dropped since 2021)."""

_VAT_NUMBER = re.compile(r"\d{11}")
_TAX_CODE = re.compile(r"[A-Z0-9]{11}|[A-Z0-9]{16}")
_CIG = re.compile(r"[A-Z0-9]{10}")
_CUP = re.compile(r"[A-Z0-9]{15}")
_OFFICE_CODE = re.compile(r"[A-Z0-9]{6}")
_RECIPIENT_CODE = re.compile(r"[A-Z0-9]{7}")
_CAP = re.compile(r"\d{5}")
_PROVINCE = re.compile(r"[A-Z]{2}")
_PROGRESSIVE = re.compile(r"[A-Za-z0-9]{5}")
_BASE36 = string.digits + string.ascii_uppercase
_INVOICE_NUMBER = re.compile(r"(?=.*\d)[ -~]{1,20}")


CENT = Decimal("0.01")


def to_cent(value: Decimal) -> Decimal:
    """An amount rounded half up to the cent, as the SdI rounds."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def vat(taxable: Decimal, rate: Decimal) -> Decimal:
    """The tax on a taxable amount at ``rate`` percent, to the cent."""
    return to_cent(taxable * rate / 100)


class InvoiceError(ValueError):
    """An invoice input refused: ``field`` names the input field, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _require(ok: bool, field_name: str, message: str) -> None:
    if not ok:
        raise InvoiceError(field_name, message)


def _match(pattern: re.Pattern[str], value: str | None, field_name: str, message: str) -> None:
    """``value`` matches ``pattern``, or is None (an optional field left out)."""
    _require(value is None or bool(pattern.fullmatch(value)), field_name, message)


def _text(value: str, field_name: str, max_length: int) -> None:
    _require(bool(value.strip()), field_name, msg.EMPTY_TEXT)
    _require(len(value) <= max_length, field_name, msg.TEXT_TOO_LONG.format(max=max_length))


def progressive(n: int) -> str:
    """The n-th file progressive (from 1): 5 alphanumeric characters in base 36, e.g. ``0000A``.

    The SdI wants the progressive in a file name to be 5 alphanumeric characters, unique for
    the transmitter: base 36 gives 60,466,175 files before it runs out.
    """
    top = len(_BASE36) ** 5 - 1
    _require(1 <= n <= top, "progressive", msg.PROGRESSIVE_RANGE.format(max=top))
    digits = []
    for _ in range(5):
        n, rest = divmod(n, len(_BASE36))
        digits.append(_BASE36[rest])
    return "".join(reversed(digits))


class DocumentType(StrEnum):
    INVOICE = "TD01"
    CREDIT_NOTE = "TD04"


class ReferenceKind(StrEnum):
    """Which block of DatiGenerali carries the reference."""

    ORDER = "DatiOrdineAcquisto"
    CONTRACT = "DatiContratto"
    CONVENTION = "DatiConvenzione"


@dataclass(frozen=True, kw_only=True)
class Address:
    street: str
    postcode: str
    city: str
    province: str | None = None
    country: str = "IT"

    def __post_init__(self) -> None:
        _text(self.street, "street", 60)
        _text(self.city, "city", 60)
        _require(
            self.country != "IT" or bool(_CAP.fullmatch(self.postcode)), "postcode", msg.POSTCODE
        )
        _match(_PROVINCE, self.province, "province", msg.PROVINCE)


@dataclass(frozen=True, kw_only=True)
class Seller:
    """The cedente/prestatore: an Italian VAT-registered organisation."""

    vat_number: str
    name: str
    address: Address
    tax_code: str | None = None
    tax_regime: str = "RF01"

    def __post_init__(self) -> None:
        _match(_VAT_NUMBER, self.vat_number, "vat_number", msg.VAT_NUMBER)
        _match(_TAX_CODE, self.tax_code, "tax_code", msg.TAX_CODE)
        _text(self.name, "name", 80)


@dataclass(frozen=True, kw_only=True)
class Customer:
    """The cessionario/committente.

    A public body is invoiced (FPA12) at its 6-character IPA office code; anyone else (FPR12)
    at a 7-character recipient code or, with code ``0000000``, at a PEC address.
    """

    name: str
    address: Address
    recipient_code: str
    public_body: bool = False
    vat_number: str | None = None
    tax_code: str | None = None
    pec: str | None = None

    def __post_init__(self) -> None:
        _text(self.name, "name", 80)
        _require(bool(self.vat_number or self.tax_code), "vat_number", msg.CUSTOMER_ID)
        _match(_VAT_NUMBER, self.vat_number, "vat_number", msg.VAT_NUMBER)
        _match(_TAX_CODE, self.tax_code, "tax_code", msg.TAX_CODE)
        if self.public_body:
            _match(_OFFICE_CODE, self.recipient_code, "recipient_code", msg.OFFICE_CODE)
            _require(self.pec is None, "pec", msg.PEC_PUBLIC_BODY)
        else:
            _match(_RECIPIENT_CODE, self.recipient_code, "recipient_code", msg.RECIPIENT_CODE)
            _require(
                self.pec is None or self.recipient_code == "0000000",
                "recipient_code",
                msg.PEC_NEEDS_ZEROS,
            )


@dataclass(frozen=True, kw_only=True)
class Line:
    """One DettaglioLinee: a positive VAT rate, or rate zero with its Natura code."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal = Decimal(0)
    nature: str | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        _text(self.description, "description", 1000)
        _require(self.quantity > 0, "quantity", msg.QUANTITY)
        _require(self.unit_price >= 0, "unit_price", msg.UNIT_PRICE)
        _require(Decimal(0) <= self.vat_rate <= Decimal(100), "vat_rate", msg.VAT_RATE)
        if self.vat_rate == 0:
            _require(self.nature is not None, "nature", msg.NATURE_REQUIRED)
            _require(
                self.nature in NATURE_CODES, "nature", msg.NATURE_UNKNOWN.format(value=self.nature)
            )
        else:
            _require(self.nature is None, "nature", msg.NATURE_WITH_RATE)


@dataclass(frozen=True, kw_only=True)
class Reference:
    """A purchase order, contract or convention with its CIG/CUP.

    ``project_code`` is CodiceCommessaConvenzione; for a health body's NSO order use
    :func:`nso_order`, which writes the NSO triplet there. ``lines`` are the numbers (from 1)
    of the lines it is for (RiferimentoNumeroLinea); empty: the whole invoice.
    """

    document_id: str
    kind: ReferenceKind = ReferenceKind.ORDER
    issued: date | None = None
    cig: str | None = None
    cup: str | None = None
    project_code: str | None = None
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        _text(self.document_id, "document_id", 20)
        _require(all(1 <= n <= 9999 for n in self.lines), "lines", msg.LINE_NUMBER)
        if self.project_code is not None:
            _text(self.project_code, "project_code", 100)
        _match(_CIG, self.cig, "cig", msg.CIG_FORMAT)
        _match(_CUP, self.cup, "cup", msg.CUP_FORMAT)


def nso_order(
    order_id: str,
    issued: date,
    endpoint: str,
    *,
    cig: str | None = None,
    cup: str | None = None,
) -> Reference:
    """An NSO order: its id and date, and the triplet ``id#issue-date#endpoint`` in
    CodiceCommessaConvenzione, as the NSO rules ask of the invoice."""
    return Reference(
        document_id=order_id,
        kind=ReferenceKind.ORDER,
        issued=issued,
        cig=cig,
        cup=cup,
        project_code=f"{order_id}#{issued.isoformat()}#{endpoint}",
    )


@dataclass(frozen=True, kw_only=True)
class CreditedInvoice:
    """The invoice a credit note reverses (DatiFattureCollegate)."""

    number: str
    issued: date


@dataclass(frozen=True, kw_only=True)
class Invoice:
    """One invoice, sent as file ``progressive`` (see :func:`progressive`)."""

    seller: Seller
    customer: Customer
    progressive: str
    number: str
    issue_date: date
    lines: tuple[Line, ...]
    document_type: DocumentType = DocumentType.INVOICE
    credited: CreditedInvoice | None = None
    references: tuple[Reference, ...] = ()
    split_payment: bool = False
    stamp_duty: Decimal | None = None
    reason: str | None = None
    currency: str = "EUR"

    @property
    def file_name(self) -> str:
        """``IT<partita IVA>_<progressive>.xml``, the name the SdI expects."""
        return f"IT{self.seller.vat_number}_{self.progressive}.xml"

    def __post_init__(self) -> None:
        _match(_PROGRESSIVE, self.progressive, "progressive", msg.PROGRESSIVE)
        _match(_INVOICE_NUMBER, self.number, "number", msg.NUMBER)
        _require(bool(self.lines), "lines", msg.NO_LINES)
        if self.document_type is DocumentType.CREDIT_NOTE:
            _require(self.credited is not None, "credited", msg.CREDITED_REQUIRED)
        else:
            _require(self.credited is None, "credited", msg.CREDITED_ONLY_TD04)
        if self.customer.public_body:
            _require(any(ref.cig for ref in self.references), "references", msg.CIG_REQUIRED)
        _require(
            all(n <= len(self.lines) for ref in self.references for n in ref.lines),
            "references",
            msg.LINE_REFERENCE,
        )
        if self.split_payment:
            _require(self.customer.public_body, "split_payment", msg.SPLIT_PRIVATE)
            _require(
                any(line.vat_rate > 0 for line in self.lines), "split_payment", msg.SPLIT_NO_VAT
            )
        if self.stamp_duty is not None:
            _require(self.stamp_duty > 0, "stamp_duty", msg.STAMP_AMOUNT)
            _require(any(line.nature for line in self.lines), "stamp_duty", msg.STAMP_NO_EXEMPT)
