"""The read API: tenders with lots, bids with members and evidence, contracts with clauses
and shares; another organization's rows answer 404."""

from decimal import Decimal

import pytest

from coopnet.contracts.models import BidForm
from coopnet.core.models import Role
from coopnet.core.services import api_token_create

from .conftest import awarded, bid, contract, rti

pytestmark = pytest.mark.django_db


def bearer(user, organization, role=Role.COOP_ADMIN):
    _token, secret = api_token_create(user=user, organization=organization, role=role, name="t")
    return {"Authorization": f"Bearer {secret}"}


def test_tenders_bids_and_contracts(client, admin_user, org, other_org, tender):
    contract(awarded(tender, BidForm.RTI, rti(org, other_org)), value=Decimal(1000))
    headers = bearer(admin_user, org)
    base = f"/api/v1/orgs/{org.slug}"
    tenders = client.get(f"{base}/tenders", headers=headers).json()
    assert tenders["count"] == 1
    assert [lot["cig"] for lot in tenders["items"][0]["lots"]] == ["000000000A", "000000000B"]
    assert (
        client.get(f"{base}/tenders/{tender.pk}", headers=headers).json()["authority"]
        == "Comune di Prova"
    )
    bids = client.get(f"{base}/bids", headers=headers).json()["items"]
    assert [(m["organization_id"], m["share"]) for m in bids[0]["members"]] == [
        (org.pk, "60.00"),
        (other_org.pk, "40.00"),
    ]
    signed = client.get(f"{base}/contracts", headers=headers).json()["items"][0]
    assert signed["payment_days"] == 30
    assert signed["revision_threshold"] == "0.0500"
    detail = client.get(f"{base}/contracts/{signed['id']}", headers=headers).json()
    assert {s["executor_id"] for s in detail["shares"]} == {org.pk, other_org.pk}


def test_other_organization_is_404(client, outsider, other_org, org, tender):
    recorded = bid(tender)
    headers = bearer(outsider, other_org)
    for path in ("tenders", f"tenders/{tender.pk}", "bids", f"bids/{recorded.pk}", "contracts"):
        assert client.get(f"/api/v1/orgs/{org.slug}/{path}", headers=headers).status_code == 404
    # its own organization has no such bid either
    assert (
        client.get(f"/api/v1/orgs/{other_org.slug}/bids/{recorded.pk}", headers=headers).status_code
        == 404
    )
