"""The agreements' API: public parts for the cooperative's readers (parties by name, residents
never named, no contacts, no volunteers or insurance); 404 for outsiders and other tenants."""

from __future__ import annotations

import json

import pytest

from coopnet.community import services
from coopnet.workforce.tests.factories import InsuranceFactory, VolunteerFactory

from .conftest import asset_of, days, pact_of


@pytest.fixture
def pact(org, comune, municipality):
    item = pact_of(asset_of(org, comune, municipality))
    for role, fields in (
        ("comune", {"body": municipality}),
        ("residente", {"name": "Lia Neri", "email": "lia.neri@example.org", "phone": "3331234"}),
    ):
        services.party_add(
            actor=None, agreement=item, data={"role": role, "duties": "Impegni", **fields}
        )
    volunteer = VolunteerFactory.create(organization=org, start_date=days(-400))
    InsuranceFactory.create(volunteer=volunteer, policy_number="POLIZZA-SEGRETA")
    services.pact_volunteer_save(actor=None, agreement=item, volunteer=volunteer, active=True)
    return item


def test_a_member_reads_the_public_parts_only(client, org, pact, member_user):
    client.force_login(member_user)
    answer = client.get(f"/api/v1/orgs/{org.slug}/commons/agreements")
    [row] = answer.json()["items"]
    assert (row["id"], row["kind"], row["asset_name"]) == (
        pact.pk,
        "patto_semplice",
        "Stazione di Pievepelago",
    )
    assert sorted((p["role"], p["name"]) for p in row["parties"]) == [
        ("comune", "Comune di Pievepelago"),
        ("residente", None),
    ]
    text = json.dumps(answer.json())
    for private in ("Lia", "lia.neri", "3331234", "POLIZZA", "insur", "volunteer"):
        assert private not in text
    one = client.get(f"/api/v1/orgs/{org.slug}/commons/agreements/{pact.pk}").json()
    assert one["renews"] is None


def test_filters_by_asset_and_current(client, org, pact, comune, municipality, admin_user):
    other = pact_of(asset_of(org, comune, municipality, name="Scuola"), start=-400, end=-1)
    client.force_login(admin_user)
    base = f"/api/v1/orgs/{org.slug}/commons/agreements"
    assert [r["id"] for r in client.get(f"{base}?asset={other.asset_id}").json()["items"]] == [
        other.pk
    ]
    assert [r["id"] for r in client.get(f"{base}?current=true").json()["items"]] == [pact.pk]
    assert client.get(f"{base}?asset=0").status_code == 422


@pytest.mark.parametrize("others_headers", ["outsider"], indirect=True)
def test_an_outsider_gets_404(client, org, pact, others_headers):
    base = f"/api/v1/orgs/{org.slug}/commons/agreements"
    assert client.get(base, headers=others_headers).status_code == 404
    assert client.get(f"{base}/{pact.pk}", headers=others_headers).status_code == 404
    assert client.get(f"{base}/x", headers=others_headers).status_code == 404
