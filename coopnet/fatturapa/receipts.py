"""SdI receipts and notifications (MessaggiTypes, namespace ``.../sdi/messaggi/v1.0``).

:func:`parse_receipt` reads the five messages that move an issued invoice: RC delivered,
NS rejected (with the SdI's errors), MC not delivered, NE with the public body's EC01/EC02,
DT terms elapsed. Anything else is refused with :class:`ReceiptError`, so a malformed or
foreign file changes nothing.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from xml.etree.ElementTree import Element, ParseError, fromstring
from zoneinfo import ZoneInfo

from coopnet.fatturapa import messages as msg
from coopnet.fatturapa.xsd import has_doctype

SDI_NAMESPACE = "http://www.fatturapa.gov.it/sdi/messaggi/v1.0"
SDI_TIME_ZONE = ZoneInfo("Europe/Rome")
"""The zone of a DataOraRicezione written without an offset."""


class ReceiptKind(StrEnum):
    DELIVERED = "RC"
    REJECTED = "NS"
    NOT_DELIVERED = "MC"
    OUTCOME = "NE"
    TERMS_ELAPSED = "DT"


class Outcome(StrEnum):
    DELIVERED = "delivered"
    REJECTED = "rejected"
    NOT_DELIVERED = "not_delivered"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    TERMS_ELAPSED = "terms_elapsed"


_ROOTS = {
    "RicevutaConsegna": (ReceiptKind.DELIVERED, Outcome.DELIVERED),
    "NotificaScarto": (ReceiptKind.REJECTED, Outcome.REJECTED),
    "NotificaMancataConsegna": (ReceiptKind.NOT_DELIVERED, Outcome.NOT_DELIVERED),
    "NotificaEsito": (ReceiptKind.OUTCOME, None),
    "NotificaDecorrenzaTermini": (ReceiptKind.TERMS_ELAPSED, Outcome.TERMS_ELAPSED),
}
_CUSTOMER_OUTCOMES = {"EC01": Outcome.ACCEPTED, "EC02": Outcome.REFUSED}


class ReceiptError(ValueError):
    """A file that is not one of the SdI messages handled here; the message is Italian."""


@dataclass(frozen=True)
class SdiError:
    """One error of a rejection (NS): the SdI's code (e.g. ``00404``) and its text."""

    code: str
    description: str
    hint: str | None = None


@dataclass(frozen=True, kw_only=True)
class Receipt:
    kind: ReceiptKind
    outcome: Outcome
    sdi_id: str
    """IdentificativoSdI, the SdI's number for the file sent."""
    file_name: str
    """NomeFile: the invoice file the message is about."""
    message_id: str | None = None
    received_at: datetime | None = None
    description: str | None = None
    """Descrizione: the public body's reason (NE) or the SdI's note (MC, DT)."""
    errors: tuple[SdiError, ...] = ()


def parse_receipt(xml: bytes) -> Receipt:
    """The typed content of an SdI message, or :class:`ReceiptError` saying why not."""
    if has_doctype(xml):
        raise ReceiptError(msg.DTD_REFUSED)
    try:
        root = fromstring(xml)  # noqa: S314 (no DTD, so no entity to expand)
    except ParseError as error:
        raise ReceiptError(msg.RECEIPT_NOT_XML) from error
    namespace, _, name = root.tag[1:].partition("}") if root.tag[0] == "{" else ("", "", root.tag)
    if namespace != SDI_NAMESPACE:
        raise ReceiptError(msg.RECEIPT_FOREIGN.format(root=name))
    if name not in _ROOTS:
        raise ReceiptError(msg.RECEIPT_KIND.format(root=name))
    kind, outcome = _ROOTS[name]
    sdi_id = _required(root, "IdentificativoSdI")
    if not sdi_id.isdigit():
        raise ReceiptError(msg.RECEIPT_SDI_ID.format(value=sdi_id))
    description = _text(root, "Descrizione")
    if outcome is None:  # NE: the outcome is the public body's
        outcome_code = _required(root, "EsitoCommittente/Esito")
        if outcome_code not in _CUSTOMER_OUTCOMES:
            raise ReceiptError(msg.RECEIPT_OUTCOME.format(value=outcome_code))
        outcome = _CUSTOMER_OUTCOMES[outcome_code]
        description = _text(root, "EsitoCommittente/Descrizione")
    return Receipt(
        kind=kind,
        outcome=outcome,
        sdi_id=sdi_id,
        file_name=_required(root, "NomeFile"),
        message_id=_text(root, "MessageId"),
        received_at=_datetime(root, "DataOraRicezione"),
        description=description,
        errors=_errors(root) if kind is ReceiptKind.REJECTED else (),
    )


def _text(root: Element, path: str) -> str | None:
    text = root.findtext(path)
    return text.strip() if text and text.strip() else None


def _required(root: Element, path: str) -> str:
    text = _text(root, path)
    if text is None:
        raise ReceiptError(msg.RECEIPT_FIELD.format(field=path))
    return text


def _datetime(root: Element, path: str) -> datetime | None:
    text = _text(root, path)
    if text is None:
        return None
    try:
        # Python 3.11 reads offsets and fractions; a trailing Z is spelled +00:00.
        moment = datetime.fromisoformat(re.sub(r"Z$", "+00:00", text))
    except ValueError as error:
        raise ReceiptError(msg.RECEIPT_DATE.format(field=path, value=text)) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=SDI_TIME_ZONE)


def _errors(root: Element) -> tuple[SdiError, ...]:
    errors = tuple(
        SdiError(
            code=_required(error, "Codice"),
            description=_required(error, "Descrizione"),
            hint=_text(error, "Suggerimento"),
        )
        for error in root.findall("ListaErrori/Errore")
    )
    if not errors:
        raise ReceiptError(msg.RECEIPT_NO_ERRORS)
    return errors
