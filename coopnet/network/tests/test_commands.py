"""Operator commands: org_create and demo_logins; the demo network that seed_demo creates
(the command itself is tested in ``coopnet.demo``)."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.it import codicefiscale

from coopnet.core.models import (
    Affiliation,
    AuditEntry,
    Organization,
    OrganizationKind,
    Role,
    RoleAssignment,
    User,
)
from coopnet.network import demo
from coopnet.network.models import Incubation
from coopnet.network.rules import legal_name_notice

pytestmark = pytest.mark.django_db

K = OrganizationKind
VALID_CF = "00743110157"  # a real company's codice fiscale: the check digit is right


def run(*args, **options):
    """Run a command; returns (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    """Run a command that must fail; returns (the CommandError's message, stderr)."""
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def model_counts():
    """Row count of every model of ours, for "nothing changed" checks."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("coopnet.")
    }


# --- org_create -------------------------------------------------------------------------------


def test_org_create_creates_an_audited_affiliated_organization(consortium, bologna):
    # when the operator creates a type B cooperative in the consortium
    out, _err = run(
        "org_create",
        "--slug=la-sorgente",
        "--name=La Sorgente società cooperativa sociale",
        "--short-name=La Sorgente",
        "--kind=social_coop_b",
        f"--consortium={consortium.slug}",
        f"--codice-fiscale={VALID_CF}",
        "--sector=81.21.00",
        f"--comune={bologna.istat_code}",
    )
    # then it exists with its data, joined the consortium today, and the system did it
    org = Organization.objects.get(slug="la-sorgente")
    assert org.kind == K.SOCIAL_COOP_B
    assert org.short_name == "La Sorgente"
    assert org.codice_fiscale == VALID_CF
    assert org.seat_comune == bologna
    assert list(org.sectors.values_list("code", flat=True)) == ["81.21.00"]
    assert Affiliation.objects.filter(organization=org, group=consortium).exists()
    entries = AuditEntry.objects.filter(organization=org)
    assert set(entries.values_list("action", flat=True)) == {
        "network.organization.create",
        "network.affiliation.create",
    }
    assert all(entry.actor_id is None for entry in entries)
    assert "Creata «La Sorgente»" in out
    assert "Aderisce a «Consorzio Aurora» dal " in out


def test_org_create_short_name_defaults_to_the_name(db):
    run("org_create", "--slug=ente", "--name=Comune di Prova", "--kind=public_body")
    assert Organization.objects.get(slug="ente").short_name == "Comune di Prova"


@pytest.mark.parametrize(
    ("args", "option", "message"),
    [
        (["--kind=social_coop_c"], "--kind", "Tipo sconosciuto «social_coop_c»"),
        (["--slug=la-ginestra"], "--slug", "esiste già"),
        (["--codice-fiscale=00743110158"], "--codice-fiscale", "Codice fiscale non valido"),
        (["--partita-iva=123"], "--partita-iva", "Partita IVA non valida"),
        (["--consortium=nessuno"], "--consortium", "Nessun consorzio o federazione"),
        (["--consortium=la-ginestra"], "--consortium", "solo a un consorzio o a una federazione"),
        (["--comune=999999"], "--comune", "Comune sconosciuto"),
        (["--sector=99.99.99"], "--sector", "Codice ATECO sconosciuto"),
    ],
)
def test_org_create_rejects_bad_input_in_italian_and_saves_nothing(org, args, option, message):
    # given an existing cooperative (slug la-ginestra) and the state of the database
    before = model_counts()
    base = {"--slug": "nuova", "--name": "Nuova cooperativa sociale", "--kind": "social_coop_a"}
    base.update(arg.split("=", 1) for arg in args)
    # when the command gets one bad value
    error, stderr = run_failing("org_create", *(f"{key}={value}" for key, value in base.items()))
    # then the field's error is on stderr, in Italian, and nothing at all was saved
    assert error == "Organizzazione non creata: correggi i dati indicati."
    assert re.search(rf"^{option}: .*{message}", stderr, re.MULTILINE)
    assert model_counts() == before


def test_org_create_reports_every_precheck_error_at_once(db):
    _error, stderr = run_failing(
        "org_create", "--slug=x", "--name=X", "--kind=strano", "--consortium=nessuno"
    )
    lines = stderr.splitlines()
    assert [line.split(":")[0] for line in lines] == ["--kind", "--consortium"]


# --- the demo network -------------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    return demo.seed(scale="small")


def test_seed_demo_small_builds_the_demo_network(seeded):
    # then the consortium has eight cooperatives of each social kind and the rest of the network
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    for kind in K.social_cooperatives():
        assert kinds[kind] >= 8, kind
    assert kinds[K.COMMUNITY_COOP] >= 1
    assert kinds[K.FEDERATION] == 1
    assert kinds[K.CONSORTIUM] == 1
    assert kinds[K.PUBLIC_BODY] >= 2
    consortium = Organization.objects.get(kind=K.CONSORTIUM)
    assert Affiliation.objects.filter(organization=consortium, group__kind=K.FEDERATION).exists()
    members = Organization.objects.filter(affiliations__group=consortium)
    assert members.filter(kind__in=K.social_cooperatives()).count() >= 24
    assert seeded.organizations == 32


def test_seed_demo_small_data_is_valid_and_italian(seeded):
    social = Organization.objects.filter(kind__in=K.social_cooperatives())
    # every identifier passes python-stdnum and every organization has a seat in a real comune
    for organization in Organization.objects.select_related("seat_comune__province__region"):
        assert codicefiscale.is_valid(organization.codice_fiscale), organization
        assert organization.seat_comune is not None
    regions = set(
        Organization.objects.values_list("seat_comune__province__region__name", flat=True)
    )
    assert {"Emilia-Romagna", "Toscana"} <= regions
    # exactly one social cooperative lacks "cooperativa sociale" (R-381-1b shows in the demo)
    warned = [o for o in social if legal_name_notice(o.kind, o.legal_name)]
    assert len(warned) == 1
    assert all(o.sectors.exists() for o in social)


def test_seed_demo_small_has_a_three_generation_lineage(seeded):
    parent_of = dict(Incubation.objects.values_list("child_id", "organization_id"))
    depths = []
    for child in parent_of:
        depth, current = 0, child
        while current in parent_of:
            depth, current = depth + 1, parent_of[current]
        depths.append(depth)
    assert max(depths) == 2  # grandparent -> parent -> child


def test_seed_demo_small_has_users_for_every_role(seeded):
    assert User.objects.filter(email="admin@coopnet.example", is_superuser=True).exists()
    held = set(
        RoleAssignment.objects.filter(user__email__endswith="@coopnet.example").values_list(
            "role", flat=True
        )
    )
    assert held == set(Role.values)
    staff = User.objects.get(email="consorzio@coopnet.example")
    assert staff.role_assignments.get().organization.kind == K.CONSORTIUM
    assert staff.check_password("coopnet-demo")
    # and every cooperative has its members
    coop = Organization.objects.get(slug="la-quercia")
    assert coop.role_assignments.filter(role=Role.MEMBER).count() >= 5


def test_seed_demo_is_idempotent(seeded):
    # given the demo network, with every change audited
    before = model_counts()
    assert before["core.AuditEntry"] > before["core.Organization"]
    # when it is seeded again
    report = demo.seed(scale="small")
    # then nothing at all was added, audit entries included
    assert model_counts() == before
    assert report == demo.SeedReport()


# --- demo_logins ------------------------------------------------------------------------------


def test_demo_logins_prints_url_and_every_demo_account(seeded, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out, _err = run("demo_logins")
    lines = out.splitlines()
    assert lines[0] == "coopnet demo: http://127.0.0.1:8123"
    table = [line.split("  ") for line in lines if "@coopnet.example" in line]
    rows = [[cell.strip() for cell in row if cell.strip()] for row in table]
    assert rows[0] == [
        "Amministratore della piattaforma",
        "admin@coopnet.example",
        "coopnet-demo",
        "tutta la rete",
    ]
    assert rows[1] == [
        "Personale del consorzio",
        "consorzio@coopnet.example",
        "coopnet-demo",
        "Consorzio Il Melograno",
    ]
    assert {row[0] for row in rows[1:]} == {str(role.label) for role in Role}
    assert all(row[2] == "coopnet-demo" for row in rows)
    # people of the cooperatives are not demo logins
    assert len(rows) == 1 + len(Role)


def test_demo_logins_without_demo_network(db):
    out, _err = run("demo_logins", "--port=9000")
    assert "http://127.0.0.1:9000" in out
    assert "seed_demo" in out
