"""The vendored schema: its recorded SHA-256s, the 1.2.3 values, and no remote location."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from lxml import etree

from coopnet.fatturapa import validate
from coopnet.fatturapa.xsd import (
    SCHEMA_DIR,
    XMLDSIG_NS,
    _SchemaFolderOnly,
    checksums,
    fatturapa_schema,
    libxml2_schema,
    xml_parser,
)

from .conftest import SAMPLES

checks = import_module("coopnet.fatturapa.validate")  # the module, not its function


def test_every_vendored_file_matches_its_recorded_sha256():
    sums = checksums()
    assert set(sums) == {path.name for path in SCHEMA_DIR.glob("*.xsd")}
    for name, (recorded, actual) in sums.items():
        assert recorded == actual, name


def test_the_signature_schema_is_the_local_copy():
    (signature,) = fatturapa_schema().maps.namespaces[XMLDSIG_NS]
    assert signature.url is not None
    assert Path(signature.url.removeprefix("file://")) == SCHEMA_DIR / "xmldsig-core-schema.xsd"


@pytest.mark.parametrize(
    ("element", "value", "accepted"),
    [
        ("TipoDocumento", "TD29", True),
        ("TipoDocumento", "TD30", False),
        ("RegimeFiscale", "RF20", True),
        ("RegimeFiscale", "RF21", False),
    ],
)
def test_version_1_2_3_adds_td29_and_rf20(element, value, accepted):
    sample = SAMPLES[1].read_bytes()
    old = {"TipoDocumento": b"TD01", "RegimeFiscale": b"RF01"}[element]
    changed = sample.replace(f"<{element}>".encode() + old, f"<{element}>{value}".encode())
    assert changed != sample
    problems = validate(changed)
    assert (problems == []) is accepted, problems
    if not accepted:
        assert problems[0].element.endswith(element)
        assert value in problems[0].message


def test_the_libxml2_schema_reads_nothing_outside_the_schema_folder():
    resolver = _SchemaFolderOnly()
    resolver.resolve(str(SCHEMA_DIR / "xmldsig-core-schema.xsd"), None, None)  # let through
    for url in ("/etc/hosts", "http://www.w3.org/2001/XMLSchema.dtd", f"{SCHEMA_DIR}/../x.xsd"):
        with pytest.raises(ValueError, match="schema outside"):
            resolver.resolve(url, None, None)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_libxml2_and_xmlschema_agree_on_every_value_of_a_sample(sample):
    """The fast check refuses what xmlschema refuses, element by element (base64 aside:
    files with it go through xmlschema)."""
    root = etree.fromstring(sample.read_bytes(), xml_parser())
    for leaf in root.iter(tag=etree.Element):
        if len(leaf) or leaf.tag == "Attachment":
            continue
        old = leaf.text
        for value in ("\U0001f600", ""):
            leaf.text = value
            xml = etree.tostring(root)
            fast = libxml2_schema().validate(etree.fromstring(xml, xml_parser()))
            assert fast == (checks._schema_problems(xml) == []), (leaf.tag, value)
        leaf.text = old


def test_attachments_take_xmlschema_which_checks_base64_strictly():
    sample = next(path for path in SAMPLES if b"<Attachment>" in path.read_bytes())
    changed = re.sub(rb"<Attachment>[^<]*", b"<Attachment>12,00", sample.read_bytes(), count=1)
    [problem] = validate(changed)
    assert problem.element.endswith("Allegati[1]/Attachment")


def test_a_file_libxml2_refuses_is_refused_even_if_xmlschema_accepts_it(monkeypatch):
    class Refusing:
        def validate(self, document):
            return False

    monkeypatch.setattr(checks, "libxml2_schema", Refusing)
    assert validate(SAMPLES[0].read_bytes()) == [
        checks.Problem("FatturaElettronica", "documento non conforme allo schema FatturaPA")
    ]
