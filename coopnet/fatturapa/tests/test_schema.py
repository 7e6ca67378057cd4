"""The vendored schema: its recorded SHA-256s, the 1.2.3 values, and no remote location."""

from pathlib import Path

import pytest

from coopnet.fatturapa import validate
from coopnet.fatturapa.xsd import SCHEMA_DIR, XMLDSIG_NS, checksums, fatturapa_schema

from .conftest import SAMPLES


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
