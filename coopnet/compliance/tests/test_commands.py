"""``manage.py compliance``: a readable table, or a JSON list of findings."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coopnet.compliance.rules import RULES

from .conftest import staff

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("compliance", *args, stdout=out)
    return out.getvalue()


def test_json_output_parses(coop_b):
    staff(coop_b, 10, disadvantaged=2)
    data = json.loads(_run("--org", coop_b.slug, "--as-of", "2025-06-30", "--json"))
    assert [f["rule"] for f in data] == [rule.id for rule in RULES]
    finding = next(f for f in data if f["rule"] == "R-381-4b")
    assert finding["status"] == "violation"
    assert finding["value"] == "0.2000"
    assert finding["as_of"] == "2025-06-30"
    assert finding["data"]["window_days"] == 365


def test_table_output(coop_b):
    staff(coop_b, 10, disadvantaged=3)
    out = _run("--org", coop_b.slug, "--as-of", "2025-06-30")
    assert "30/06/2025" in out
    line = next(row for row in out.splitlines() if row.startswith("R-381-4b"))
    assert "ok" in line
    assert "30%" in line


def test_unknown_organization():
    with pytest.raises(CommandError, match="No organization"):
        _run("--org", "nessuna")


def test_bad_date(org):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--org", org.slug, "--as-of", "30/06/2025")
