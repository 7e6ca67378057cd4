"""SdI receipts: the five kinds that move an invoice, and files refused as not receipts.

The samples follow the shapes of the SdI's MessaggiTypes schema (namespace
``http://www.fatturapa.gov.it/sdi/messaggi/v1.0``), reduced to the elements read here plus a
few that are not, so that unknown elements are shown to be harmless.
"""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coopnet.fatturapa import Outcome, ReceiptError, ReceiptKind, SdiError, parse_receipt

FILE = "IT02345678901_0000A.xml"


def message(root: str, body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<ns2:{root} xmlns:ns2="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0">'
        f"<IdentificativoSdI>4217356</IdentificativoSdI>{body}</ns2:{root}>"
    ).encode()


RC = message(
    "RicevutaConsegna",
    f"<NomeFile>{FILE}</NomeFile><Hash>ab12</Hash>"
    "<DataOraRicezione>2026-04-02T10:15:00.000+02:00</DataOraRicezione>"
    "<DataOraConsegna>2026-04-02T10:20:00.000+02:00</DataOraConsegna>"
    "<Destinatario><Codice>UFK2QX</Codice><Descrizione>Comune</Descrizione></Destinatario>"
    "<MessageId>901</MessageId>",
)
NS = message(
    "NotificaScarto",
    f"<NomeFile>{FILE}</NomeFile><Hash>ab12</Hash>"
    "<DataOraRicezione>2026-04-02T10:15:00Z</DataOraRicezione>"
    "<ListaErrori>"
    "<Errore><Codice>00404</Codice><Descrizione>Fattura duplicata</Descrizione></Errore>"
    "<Errore><Codice>00423</Codice><Descrizione>PrezzoTotale errato</Descrizione>"
    "<Suggerimento>Ricalcolare la riga 2</Suggerimento></Errore>"
    "</ListaErrori><MessageId>902</MessageId>",
)
MC = message(
    "NotificaMancataConsegna",
    f"<NomeFile>{FILE}</NomeFile><DataOraRicezione>2026-04-02T10:15:00</DataOraRicezione>"
    "<Descrizione>Casella PEC piena</Descrizione><MessageId>903</MessageId>",
)


def outcome(code: str, reason: str = "") -> bytes:
    return message(
        "NotificaEsito",
        f"<NomeFile>{FILE}</NomeFile><EsitoCommittente>"
        "<IdentificativoSdI>4217356</IdentificativoSdI>"
        "<RiferimentoFattura><NumeroFattura>2026/17</NumeroFattura>"
        "<AnnoFattura>2026</AnnoFattura></RiferimentoFattura>"
        f"<Esito>{code}</Esito>{reason}</EsitoCommittente><MessageId>904</MessageId>",
    )


DT = message(
    "NotificaDecorrenzaTermini",
    f"<NomeFile>{FILE}</NomeFile><Descrizione>Decorsi 15 giorni</Descrizione>"
    "<MessageId>905</MessageId>",
)


def test_delivered():
    receipt = parse_receipt(RC)
    assert (receipt.kind, receipt.outcome) == (ReceiptKind.DELIVERED, Outcome.DELIVERED)
    assert (receipt.sdi_id, receipt.file_name, receipt.message_id) == ("4217356", FILE, "901")
    assert receipt.received_at == datetime(2026, 4, 2, 10, 15, tzinfo=timezone(timedelta(hours=2)))
    assert receipt.errors == ()


def test_rejected_with_its_errors():
    receipt = parse_receipt(NS)
    assert (receipt.kind, receipt.outcome) == (ReceiptKind.REJECTED, Outcome.REJECTED)
    assert receipt.received_at == datetime(2026, 4, 2, 10, 15, tzinfo=UTC)
    assert receipt.errors == (
        SdiError("00404", "Fattura duplicata"),
        SdiError("00423", "PrezzoTotale errato", "Ricalcolare la riga 2"),
    )


def test_not_delivered():
    receipt = parse_receipt(MC)
    assert (receipt.kind, receipt.outcome) == (ReceiptKind.NOT_DELIVERED, Outcome.NOT_DELIVERED)
    assert receipt.description == "Casella PEC piena"
    # No offset: the SdI's local time.
    assert receipt.received_at == datetime(2026, 4, 2, 10, 15, tzinfo=ZoneInfo("Europe/Rome"))


@pytest.mark.parametrize(
    ("code", "expected"), [("EC01", Outcome.ACCEPTED), ("EC02", Outcome.REFUSED)]
)
def test_public_body_outcome(code, expected):
    receipt = parse_receipt(outcome(code, "<Descrizione>CIG errato</Descrizione>"))
    assert (receipt.kind, receipt.outcome) == (ReceiptKind.OUTCOME, expected)
    assert (receipt.sdi_id, receipt.file_name, receipt.message_id) == ("4217356", FILE, "904")
    assert receipt.description == "CIG errato"


def test_terms_elapsed():
    receipt = parse_receipt(DT)
    assert (receipt.kind, receipt.outcome) == (ReceiptKind.TERMS_ELAPSED, Outcome.TERMS_ELAPSED)
    assert (receipt.file_name, receipt.description) == (FILE, "Decorsi 15 giorni")


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b"", "non è un XML ben formato"),
        (RC[:-20], "non è un XML ben formato"),
        (b"%PDF-1.4 binary", "non è un XML ben formato"),
        (
            b'<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/'
            b'fatture/v1.2" versione="FPA12"/>',
            "non è una ricevuta SdI: elemento radice FatturaElettronica",
        ),
        (b"<RicevutaConsegna/>", "non è una ricevuta SdI"),
        (message("AttestazioneTrasmissioneFattura", ""), "non gestito"),
        (RC.replace(b"<IdentificativoSdI>4217356</IdentificativoSdI>", b""), "IdentificativoSdI"),
        (RC.replace(b"4217356", b"42-17"), "IdentificativoSdI non numerico"),
        (RC.replace(f"<NomeFile>{FILE}</NomeFile>".encode(), b""), "senza NomeFile"),
        (RC.replace(b"2026-04-02T10:15:00.000", b"ieri"), "DataOraRicezione"),
        (NS.replace(b"<Codice>00404</Codice>", b""), "senza Codice"),
        (
            NS.split(b"<ListaErrori>")[0] + b"<MessageId>1</MessageId></ns2:NotificaScarto>",
            "senza elenco degli errori",
        ),
        (outcome("EC03"), "EC03"),
        (outcome(""), "EsitoCommittente/Esito"),
        (b'<!DOCTYPE r [<!ENTITY e "x">]>' + RC[38:], "DOCTYPE"),
    ],
)
def test_malformed_or_foreign_file_is_refused(xml, reason):
    with pytest.raises(ReceiptError, match=reason):
        parse_receipt(xml)
