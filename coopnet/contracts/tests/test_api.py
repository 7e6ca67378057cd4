"""The read API: tenders with lots, bids with members and evidence, contracts with clauses
and shares; another organization's rows answer 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from coopnet import fatturapa
from coopnet.contracts import services
from coopnet.contracts.models import BidForm, Invoice
from coopnet.core.models import Role
from coopnet.core.services import api_token_create
from coopnet.core.tests.factories import RoleAssignmentFactory

from .conftest import awarded, bid, billed, contract, issued, pay, rti

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


def on_day(monkeypatch, day):
    """Today is ``day`` for the issue (the split payment is known only to 30/06/2026)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)


def test_invoices_drafted_issued_and_downloaded(
    client, admin_user, org, other_org, comune, monkeypatch
):
    billed(org, comune)
    on_day(monkeypatch, dt.date(2026, 5, 4))
    headers = bearer(admin_user, org)
    base = f"/api/v1/orgs/{org.slug}/invoices"
    line = {"description": "Assistenza", "quantity": "10", "unit_price": "21.50", "vat_rate": "5"}
    body = {"customer_id": comune.pk, "cig": "000000000A", "lines": [line]}
    created = client.post(base, body, content_type="application/json", headers=headers)
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["state"], draft["number"], draft["lines"][0]["total"]) == (
        "draft",
        None,
        "215.00",
    )
    assert client.get(f"{base}/{draft['id']}/xml", headers=headers).status_code == 404
    issued = client.post(f"{base}/{draft['id']}/issue", headers=headers).json()
    assert (issued["state"], issued["number"], issued["split_payment"]) == ("issued", 1, True)
    assert issued["lines"][0]["vat_rule"] == "R-VAT-1 5%"
    xml = client.get(f"{base}/{draft['id']}/xml", headers=headers)
    assert xml["Content-Type"] == "application/xml"
    assert issued["file_name"] in xml["Content-Disposition"]
    assert fatturapa.validate(xml.content) == []
    assert client.get(base, headers=headers).json()["count"] == 1
    again = client.post(f"{base}/{draft['id']}/issue", headers=headers)
    assert again.status_code == 422
    assert "state" in again.json()["errors"]
    on_day(monkeypatch, dt.date(2026, 7, 1))
    later = client.post(base, body, content_type="application/json", headers=headers).json()
    refused = client.post(f"{base}/{later['id']}/issue", headers=headers)
    assert refused.status_code == 422
    assert "vat.split_payment" in refused.json()["errors"]["split_payment"][0]
    assert client.get(f"{base}/{later['id']}", headers=headers).json()["number"] is None
    # another organization's invoice is missing, whatever the verb
    RoleAssignmentFactory(organization=other_org, user=admin_user)
    other = bearer(admin_user, other_org)
    for url in (f"{other_org.slug}/invoices/{draft['id']}", f"{other_org.slug}/invoices/x/xml"):
        assert client.get(f"/api/v1/orgs/{url}", headers=other).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cig": ""}, "cig"),
        ({"customer_id": 0}, "customer_id"),
        ({"contract_id": 999999}, "contract_id"),
        (
            {"lines": [{"description": "x", "quantity": "1", "unit_price": "1", "vat_rate": "10"}]},
            "lines",
        ),
        (
            {"lines": [{"description": "x", "quantity": "1", "unit_price": "1", "natura": "N2.2"}]},
            "lines",
        ),
        ({"lines": []}, "lines"),
    ],
)
def test_a_refused_draft_names_the_field(client, admin_user, org, comune, change, field):
    billed(org, comune)
    line = {"description": "Assistenza", "quantity": "1", "unit_price": "1", "vat_rate": "22"}
    body = {"customer_id": comune.pk, "cig": "000000000A", "lines": [line], **change}
    answer = client.post(
        f"/api/v1/orgs/{org.slug}/invoices",
        body,
        content_type="application/json",
        headers=bearer(admin_user, org),
    )
    assert answer.status_code == 422
    assert field in answer.json()["errors"]
    assert not Invoice.objects.exists()


def test_payments_of_an_invoice(client, admin_user, org, other_org, comune):
    # given an invoice with a payment and a reversed one
    invoice = issued(org, comune)
    pay(invoice, "100", reference="TRN9")
    services.payment_reverse(actor=None, payment=pay(invoice, "50"), reason="doppio")
    base = f"/api/v1/orgs/{org.slug}/invoices"
    # when its payments are read
    body = client.get(f"{base}/{invoice.pk}/payments", headers=bearer(admin_user, org)).json()
    # then both are listed, the reversed one marked
    assert body["count"] == 2
    assert [(p["amount"], p["cig"], p["reference"], p["reversed"]) for p in body["items"]] == [
        ("100.00", "000000000A", "TRN9", False),
        ("50.00", "000000000A", "", True),
    ]
    detail = client.get(f"{base}/{invoice.pk}", headers=bearer(admin_user, org)).json()
    assert (detail["amount_due"], detail["due_date"]) == ("860.00", "2026-06-03")
    # another organization's token gets 404
    stranger = RoleAssignmentFactory(organization=other_org, role=Role.COOP_ADMIN).user
    other = client.get(f"{base}/{invoice.pk}/payments", headers=bearer(stranger, other_org))
    assert other.status_code == 404
    assert client.get(f"{base}/x/payments", headers=bearer(admin_user, org)).status_code == 404
