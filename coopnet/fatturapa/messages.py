"""Every Italian message of the package, in one place.

The package is free of Django, so its messages are plain Italian strings (no gettext msgids);
placeholders are filled with ``str.format``.
"""

# Input model (builder)
VAT_NUMBER = "partita IVA non valida: servono 11 cifre"
TAX_CODE = "codice fiscale non valido: servono 11 o 16 caratteri alfanumerici"
CUSTOMER_ID = "il cliente deve avere partita IVA o codice fiscale"
OFFICE_CODE = (
    "il codice ufficio (CodiceDestinatario) di una pubblica amministrazione ha 6 caratteri"
)
RECIPIENT_CODE = "il codice destinatario di un privato ha 7 caratteri"
PEC_NEEDS_ZEROS = "con la PEC il codice destinatario è 0000000"
PEC_PUBLIC_BODY = "a una pubblica amministrazione si fattura con il codice ufficio, non con la PEC"
POSTCODE = "CAP non valido: servono 5 cifre"
PROVINCE = "sigla della provincia non valida: servono 2 lettere maiuscole"
EMPTY_TEXT = "campo obbligatorio vuoto"
TEXT_TOO_LONG = "testo troppo lungo: al massimo {max} caratteri"
QUANTITY = "la quantità deve essere maggiore di zero"
UNIT_PRICE = "il prezzo unitario non può essere negativo"
VAT_RATE = "aliquota IVA non valida (tra 0 e 100)"
NATURE_REQUIRED = "con aliquota zero serve il codice Natura (N1 ... N7)"
NATURE_WITH_RATE = "il codice Natura si indica solo con aliquota zero"
NATURE_UNKNOWN = "codice Natura sconosciuto: {value}"
NO_LINES = "la fattura non ha righe"
PROGRESSIVE = "progressivo di invio non valido: servono 5 caratteri alfanumerici"
PROGRESSIVE_RANGE = "numero progressivo fuori intervallo (da 1 a {max})"
CREDITED_REQUIRED = "una nota di credito (TD04) indica la fattura che storna"
CREDITED_ONLY_TD04 = "solo una nota di credito (TD04) indica una fattura stornata"
CIG_REQUIRED = "fattura a una pubblica amministrazione senza CIG (R-VAT-4)"
CIG_FORMAT = "CIG non valido: servono 10 caratteri alfanumerici"
CUP_FORMAT = "CUP non valido: servono 15 caratteri alfanumerici"
LINE_NUMBER = "RiferimentoNumeroLinea va da 1 a 9999"
LINE_REFERENCE = "un riferimento indica una riga che la fattura non ha"
SPLIT_PRIVATE = "la scissione dei pagamenti vale solo verso una pubblica amministrazione (R-VAT-2)"
SPLIT_NO_VAT = "la scissione dei pagamenti richiede almeno una riga con IVA (R-VAT-2)"
STAMP_NO_EXEMPT = "il bollo si applica solo a importi esenti o non imponibili (R-VAT-3)"
STAMP_AMOUNT = "importo del bollo non valido"
NUMBER = "numero di fattura non valido: da 1 a 20 caratteri, con almeno una cifra"

# Schema validation
SCHEMA_PATTERN = "valore non conforme al formato richiesto: {value}"
SCHEMA_ENUMERATION = "valore non ammesso: {value}"
SCHEMA_LENGTH = "lunghezza non ammessa: {value}"
SCHEMA_RANGE = "valore fuori dall'intervallo ammesso: {value}"
SCHEMA_TYPE = "valore del tipo sbagliato: {value}"
SCHEMA_UNEXPECTED = "elemento {value} non previsto in questa posizione"
SCHEMA_EXPECTED = "; atteso: {expected}"
SCHEMA_MISSING = "contenuto incompleto: manca un elemento obbligatorio"
SCHEMA_OTHER = "documento non conforme allo schema FatturaPA"
NOT_AN_INVOICE = "il documento non è una FatturaElettronica: elemento radice {root}"
NOT_XML = "il file non è un XML leggibile"
DTD_REFUSED = "il file contiene una dichiarazione DOCTYPE, non ammessa"

# SdI checks on the header
FORMAT_VERSION = "FormatoTrasmissione {format} diverso dall'attributo versione ({version})"
RECIPIENT_LENGTH = "con FormatoTrasmissione {format} il codice destinatario ha {length} caratteri"

# SdI arithmetic checks
LINE_TOTAL = "PrezzoTotale {total} diverso da prezzo unitario per quantità ({expected})"
SUMMARY_MISSING = "manca il riepilogo per {key} usato nelle righe"
SUMMARY_UNUSED = "riepilogo per {key} senza righe corrispondenti"
SUMMARY_TAXABLE = "imponibile {taxable} diverso dalla somma delle righe per {key} ({expected})"
SUMMARY_TAX = "imposta {tax} diversa da imponibile per aliquota ({expected})"
DOCUMENT_TOTAL = "totale documento {total} diverso da imponibili più imposte ({expected})"

# SdI receipts
RECEIPT_NOT_XML = "ricevuta SdI illeggibile: il file non è un XML ben formato"
RECEIPT_FOREIGN = "il file non è una ricevuta SdI: elemento radice {root}"
RECEIPT_KIND = "tipo di messaggio SdI non gestito: {root}"
RECEIPT_FIELD = "ricevuta SdI senza {field}"
RECEIPT_DATE = "data e ora non valide in {field}: {value}"
RECEIPT_SDI_ID = "IdentificativoSdI non numerico: {value}"
RECEIPT_OUTCOME = "esito del committente sconosciuto: {value} (attesi EC01 o EC02)"
RECEIPT_NO_ERRORS = "notifica di scarto senza elenco degli errori"
