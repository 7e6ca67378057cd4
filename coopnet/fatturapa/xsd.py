"""The vendored FatturaPA 1.2.3 schema, loaded from the package's own files only."""

import hashlib
from functools import cache
from pathlib import Path

import xmlschema

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
FATTURAPA_XSD = SCHEMA_DIR / "Schema_VFPR12_v1.2.3.xsd"
XMLDSIG_XSD = SCHEMA_DIR / "xmldsig-core-schema.xsd"
NAMESPACE = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"
XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#"


@cache
def fatturapa_schema() -> xmlschema.XMLSchema10:
    """The schema, built once per process (about 0.5 s).

    The signature schema's namespace is mapped to the local copy and ``allow="sandbox"``
    forbids reading anything outside the schema folder: nothing is ever fetched.
    """
    return xmlschema.XMLSchema10(
        str(FATTURAPA_XSD), locations={XMLDSIG_NS: str(XMLDSIG_XSD)}, allow="sandbox"
    )


def checksums() -> dict[str, tuple[str, str]]:
    """File name -> (SHA-256 recorded in SHA256SUMS, SHA-256 of the file on disk)."""
    result = {}
    for row in (SCHEMA_DIR / "SHA256SUMS").read_text().splitlines():
        recorded, name = row.split()
        actual = hashlib.sha256((SCHEMA_DIR / name).read_bytes()).hexdigest()
        result[name] = (recorded, actual)
    return result


def has_doctype(xml: bytes) -> bool:
    """Whether the file declares a DTD: refused, so no entity can ever be expanded.

    Cheaper than a defusing parser, which would double the time of a validation.
    """
    return any("<!DOCTYPE".encode(codec) in xml for codec in ("utf-8", "utf-16-le", "utf-16-be"))
