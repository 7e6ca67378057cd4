"""A settlement over the stored community, through the commands and the API: a 23-hour DST
day, quarter-hours summed, every figure computed by hand below."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coopnet.core.models import AuditEntry, Role
from coopnet.core.tests.factories import bearer
from coopnet.energy import services
from coopnet.energy.models import Settlement

from .conftest import DAY, METER_HEADER, PERSON, PERSON_POD, SME, meter_lines

# Noon (12:00+02:00): injected 5000 > withdrawn 3000 (person 1000, exempt; SME 2000);
#   Pz = (90 + 100 + 110.5 + 99.5) / 4 = 100: rate min(120; 80 + 80) + FC 10 = 130 €/MWh
#   1000 x 130 + 2000 x 130 x (1 - 0.25) = 0.13 + 0.195 €
# 1 pm: injected 1000 < withdrawn 3000: person 2000/3000 -> 667 Wh, SME 333 Wh;
#   Pz 150: min(120; 80 + 30) + 10 = 120: 667 x 120 + 333 x 120 x 0.75 = 0.08004 + 0.02997
# Other 21 hours: no injection, the person withdraws 500 Wh each (10500 Wh).
# Plant: 0.43501 -> 0.44; shared 4000 Wh of 6000 (66.67%), exempt 1667.
# R-CER-6 with a grant: 66.6667 - 45 = 21.6667% of 0.43501 = 0.0943 -> 0.09.
# Valorisation 4000 Wh x 11.22 €/MWh = 0.04488 -> 0.04.
# SME: premium 0.22497, valorisation 0.02617626; person: 0.21004 and 0.01870374.
#   premium 0.44: floors 0.22 + 0.21, the cent left to the SME (larger remainder);
#   valorisation 0.04: floors 0.02 + 0.01, the cent left to the person.
EXPECTED = {
    "configurations": [
        {
            "code": "CP-NORD",
            "injected_kwh": "6.000",
            "withdrawn_kwh": "16.500",
            "shared_kwh": "4.000",
            "social_threshold_pct": "45",
            "social_excess_pct": "21.6667",
        }
    ],
    "plants": [
        {
            "pod": "IT001E00000001",
            "configuration": "CP-NORD",
            "incentivised": True,
            "shared_kwh": "4.000",
            "shared_exempt_kwh": "1.667",
            "tip_eur": "0.44",
            "f_factor": "0.25",
        }
    ],
    "valorisation_eur": "0.04",
    "premium_eur": "0.44",
    "social_excess_eur": "0.09",
    "members": [
        {
            "tax_code": SME,
            "business": True,
            "shared_kwh": "2.333",
            "configurations": {"CP-NORD": "2.333"},
            "eur": "0.25",
            "premium_eur": "0.23",
        },
        {
            "tax_code": PERSON,
            "business": False,
            "shared_kwh": "1.667",
            "configurations": {"CP-NORD": "1.667"},
            "eur": "0.23",
            "premium_eur": "0.21",
        },
    ],
    "final": True,
    "missing": [],
}
FIGURES = tuple(EXPECTED)


@pytest.fixture
def loaded(registered, meters_file, prices_file):
    call_command(
        "energy_import", "--org", registered.slug, "--meters", meters_file,
        "--prices", prices_file, stdout=StringIO(),
    )  # fmt: skip
    return registered


def _settle(org, first=DAY, last=DAY):
    out = StringIO()
    call_command(
        "energy_settle", "--org", org.slug, "--from", first.isoformat(), "--to",
        last.isoformat(), "--json", stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_the_dst_day_settles_to_the_hand_computed_figures(loaded):
    document = _settle(loaded)
    assert {k: document[k] for k in FIGURES} == EXPECTED
    stored = Settlement.objects.for_org(loaded).get()
    assert (document["id"], stored.final, stored.input_hash) == (
        stored.pk,
        True,
        document["input_hash"],
    )
    assert stored.parameters["fc_eur_mwh"] == {"CP-NORD": "10.0000"}
    assert any("[U]" in warning for warning in document["warnings"])


def test_settling_the_same_inputs_again_gives_the_stored_run(loaded, write):
    first = _settle(loaded)
    assert _settle(loaded) == first
    assert Settlement.objects.for_org(loaded).count() == 1
    correction = write("rettifica.csv", METER_HEADER + f"{SME_POD_LINE}\n")
    call_command("energy_import", "--org", loaded.slug, "--meters", correction, stdout=StringIO())
    changed = _settle(loaded)
    assert changed["id"] != first["id"]
    assert changed["input_hash"] != first["input_hash"]


SME_POD_LINE = "IT001E00000012;2026-03-29T13:00:00+02:00;60;prelievo;1,5"


def test_missing_hours_are_named_and_the_run_is_not_final(
    client, registered, admin_user, prices_file, write
):
    lines = meter_lines(skip={(PERSON_POD, "2026-03-29T05:00:00+02:00")})
    meters = write("letture.csv", METER_HEADER + "\n".join(lines) + "\n")
    services.readings_import(organization=registered, actor=None, path=meters)
    services.prices_import(organization=registered, actor=None, path=prices_file)
    document = _settle(registered)
    assert document["final"] is False
    assert document["missing"] == [
        {
            "kind": "prelievo",
            "key": PERSON_POD,
            "from": "2026-03-29T03:00:00+00:00",
            "to": "2026-03-29T03:00:00+00:00",
            "hours": 1,
        }
    ]
    url = f"/api/v1/orgs/{registered.slug}/energy/settlements/{document['id']}"
    answer = client.get(url, headers=bearer(admin_user, registered, Role.COOP_ADMIN)).json()
    assert answer["missing"] == document["missing"]


def test_the_command_refuses_a_bad_period_and_a_bad_file(registered, write):
    with pytest.raises(CommandError, match="prima del suo inizio"):
        _settle(registered, first=DAY.replace(day=30))
    bad = write("letture.csv", METER_HEADER + "IT001E00000099;x;60;prelievo;1\n")
    out = StringIO()
    with pytest.raises(CommandError, match="1 errori: nulla è stato salvato"):
        call_command("energy_import", "--org", registered.slug, "--meters", bad, stdout=out)
    assert "Errore: letture.csv, riga 2: " in out.getvalue()


def test_the_api_gives_the_stored_settlement(client, loaded, admin_user):
    document = _settle(loaded)
    url = f"/api/v1/orgs/{loaded.slug}/energy/settlements/{document['id']}"
    answer = client.get(url, headers=bearer(admin_user, loaded, Role.COOP_ADMIN))
    assert answer.status_code == 200
    assert answer.json() == document
    missing = f"/api/v1/orgs/{loaded.slug}/energy/settlements/{document['id'] + 1}"
    assert (
        client.get(missing, headers=bearer(admin_user, loaded, Role.COOP_ADMIN)).status_code == 404
    )


def test_members_and_outsiders_get_404_from_the_api(client, loaded, others_headers):
    document = _settle(loaded)
    url = f"/api/v1/orgs/{loaded.slug}/energy/settlements/{document['id']}"
    assert client.get(url, headers=others_headers).status_code == 404


def test_a_stored_run_is_never_changed(loaded):
    document = _settle(loaded)
    stored = Settlement.objects.for_org(loaded).get(pk=document["id"])
    stored.final = False
    with pytest.raises(ValidationError, match="non si modifica"):
        stored.save()
    assert Settlement.objects.for_org(loaded).get(pk=document["id"]).final is True
    entries = AuditEntry.objects.for_org(loaded).values_list("action", flat=True)
    assert sorted(entries) == [
        "energy.prices.import",
        "energy.readings.import",
        "energy.register.import",
        "energy.settlement.create",
    ]


def test_the_api_answers_422_naming_a_stored_run_without_its_parts(client, loaded, admin_user):
    document = _settle(loaded)
    Settlement.objects.filter(pk=document["id"]).update(
        result={
            k: v
            for k, v in Settlement.objects.get(pk=document["id"]).result.items()
            if k != "configurations"
        }
    )
    url = f"/api/v1/orgs/{loaded.slug}/energy/settlements/{document['id']}"
    answer = client.get(url, headers=bearer(admin_user, loaded, Role.COOP_ADMIN))
    assert answer.status_code == 422
    [message] = answer.json()["errors"]["settlement"]
    assert message.startswith(f"La ripartizione n. {document['id']} (dal 29/03/2026 al 29/03/2026)")
    assert "(«configurations»)" in message
