"""Pages: the tender list (constant queries), a new tender, lots, a bid with its members and
checklist, the outcome asked first, the contract, and the consortium's page of its members'
bids. Outsiders get 404 (the outsider walk covers every route too)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopnet.contracts.models import Bid, BidForm, Contract, Outcome, Tender
from coopnet.core.models import AuditEntry, Role
from coopnet.core.tests.factories import RoleAssignmentFactory

from .conftest import DAY, IBAN, awarded, bid, contract, executor, make_tender

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"contracts:{name}", args=(org.slug, *args))


def members_management(**rows):
    data = {"members-TOTAL_FORMS": "4", "members-INITIAL_FORMS": "0"}
    data.update({f"members-{k}": v for k, v in rows.items()})
    return data


def _tender_row(owner, comune, i):
    make_tender(owner, comune, title=f"Gara {i}")


def _contract_row(owner, comune, i):
    tender = make_tender(owner, comune, title=f"Gara {i}", values=("1000",), cig=f"{i:09d}")
    contract(awarded(tender))


def _network_row(owner, comune, i):
    tender = make_tender(owner, comune, title=f"Gara {i}", values=("1000",), cig=f"{i:09d}")
    recorded = bid(tender, bid_date=DAY + dt.timedelta(days=i))
    recorded.checklist.create(organization=owner, title="DURC", due_date=DAY)


@pytest.mark.parametrize(
    ("page", "add_row"),
    [("tenders", _tender_row), ("contracts", _contract_row), ("network", _network_row)],
)
def test_list_queries_do_not_grow(client, staff, consortium, comune, executors, page, add_row):
    # consortium staff read the consortium's own lists and its members' bids
    owner = executors[0] if page == "network" else consortium
    client.force_login(staff)
    add_row(owner, comune, 0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(page, consortium)).status_code == 200
    for i in range(1, 4):
        add_row(owner, comune, i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(page, consortium))
    assert "Gara 3" in response.content.decode()
    assert len(many) == len(one)


def test_new_tender_and_lot(client, admin_user, org, comune):
    client.force_login(admin_user)
    response = client.post(
        url("tender_create", org),
        {
            "authority": comune.pk,
            "title": "Trasporto disabili",
            "procedure": "reserved",
            "subject": "services",
            "published_on": "2026-03-02",
            "bid_deadline": "2026-04-01",
        },
    )
    tender = Tender.objects.get(title="Trasporto disabili")
    assert response.url == url("tender", org, tender.pk)
    response = client.post(
        url("lot_create", org, tender.pk), {"number": 1, "cig": "abc1234567", "base_value": "90000"}
    )
    assert tender.lots.get().cig == "ABC1234567"
    page = client.get(url("tender", org, tender.pk)).content.decode()
    assert "ABC1234567" in page
    assert "Appalto riservato" in page


def test_tender_form_offers_only_public_bodies(client, admin_user, org, other_org, comune):
    client.force_login(admin_user)
    page = client.get(url("tender_create", org)).content.decode()
    assert "Comune di Prova" in page
    assert "Altra Coop" not in page


def test_rti_bid_page_refuses_shares_not_summing_to_100(client, admin_user, org, other_org, tender):
    client.force_login(admin_user)
    lots = [lot.pk for lot in tender.lots.all()]
    post = {"form": "rti", "bid_date": "2026-03-20", "lots": lots}
    rows = {"0-member": org.pk, "0-role": "lead", "0-share": "60", "0-parts": "coordinamento"}
    rows |= {"1-member": other_org.pk, "1-role": "member", "1-share": "30", "1-parts": "servizio"}
    response = client.post(url("bid_create", org, tender.pk), post | members_management(**rows))
    assert response.status_code == 200
    assert "Le quote sommano a 90%: devono fare 100%." in response.content.decode()
    assert not Bid.objects.exists()
    rows["1-share"] = "40"
    response = client.post(url("bid_create", org, tender.pk), post | members_management(**rows))
    recorded = Bid.objects.get()
    assert response.url == url("bid", org, recorded.pk)
    page = client.get(response.url).content.decode()
    assert "Mandataria" in page
    assert "Altra Coop" in page


def test_checklist_on_the_bid_page(client, admin_user, org, tender):
    client.force_login(admin_user)
    recorded = bid(tender)
    client.post(
        url("checklist_add", org, recorded.pk),
        {"title": "Garanzia provvisoria", "owner": admin_user.pk, "due_date": "2026-03-10"},
    )
    item = recorded.checklist.get()
    client.post(url("checklist_toggle", org, recorded.pk, item.pk))
    item.refresh_from_db()
    assert item.done
    assert "Garanzia provvisoria" in client.get(url("bid", org, recorded.pk)).content.decode()


def test_outcome_asks_first_then_contract(client, admin_user, org, tender):
    client.force_login(admin_user)
    recorded = bid(tender)
    page = client.get(url("bid_outcome", org, recorded.pk)).content.decode()
    assert 'data-testid="consequences"' in page
    assert recorded.outcome == Outcome.PENDING  # a GET changes nothing
    client.post(
        url("bid_outcome", org, recorded.pk), {"outcome": "awarded", "outcome_on": "2026-04-10"}
    )
    recorded.refresh_from_db()
    assert recorded.outcome == Outcome.AWARDED
    data = {
        "lots": [lot.pk for lot in tender.lots.all()],
        "value": "140000",
        "start_date": "2026-05-01",
        "end_date": "2027-04-30",
        "iban": IBAN,
    }
    bad = client.post(url("contract_create", org, recorded.pk), data | {"iban": "IT00X"})
    assert "IBAN non valido" in bad.content.decode()
    response = client.post(url("contract_create", org, recorded.pk), data)
    signed = Contract.objects.get()
    assert response.url == url("contract", org, signed.pk)
    page = client.get(response.url).content.decode()
    assert "entro 30 giorni" in page
    assert "5%" in page
    assert "80%" in page
    assert AuditEntry.objects.filter(action__startswith="contracts.").count() >= 5


def test_member_cannot_write(client, member_user, org, tender):
    client.force_login(member_user)
    assert client.get(url("tenders", org)).status_code == 404
    assert client.post(url("bid_create", org, tender.pk), {}).status_code == 404


def test_outsider_gets_404(client, outsider, org, tender):
    client.force_login(outsider)
    recorded = bid(tender)
    for name, args in [("tenders", ()), ("tender", (tender.pk,)), ("bid", (recorded.pk,))]:
        assert client.get(url(name, org, *args)).status_code == 404


def test_consortium_sees_its_members_bids_and_deadlines(
    client, staff, consortium, comune, executors
):
    coop, other = executors
    bid(
        make_tender(consortium, comune, title="Gara del consorzio"),
        BidForm.CONSORTIUM,
        [executor(coop)],
    )
    own = bid(make_tender(other, comune, title="Gara della cooperativa"))
    own.checklist.create(organization=other, title="DURC", due_date=DAY - dt.timedelta(days=1))
    stranger = RoleAssignmentFactory(role=Role.COOP_ADMIN).organization
    make_tender(stranger, comune, title="Gara di estranei")
    client.force_login(staff)
    page = client.get(url("network", consortium)).content.decode()
    assert "Gara del consorzio" in page
    assert "Gara della cooperativa" in page
    assert "Gara di estranei" not in page
    assert "scaduta" in page
    # consortium staff open a member's bid (affiliates' organization data)
    assert client.get(url("bid", other, own.pk)).status_code == 200


def test_network_page_only_for_groups(client, admin_user, org):
    RoleAssignmentFactory(organization=org, role=Role.CONSORTIUM_STAFF, user=admin_user)
    client.force_login(admin_user)
    assert client.get(url("network", org)).status_code == 404


def test_money_shown_in_italian(client, admin_user, org, comune):
    client.force_login(admin_user)
    tender = make_tender(org, comune, values=("1234.5",))
    assert "1.234,50 €" in client.get(url("tender", org, tender.pk)).content.decode()
    assert Decimal("1234.50") == tender.lots.get().base_value


def test_bid_form_and_tender_list_in_english(client, admin_user, org, tender):
    client.force_login(admin_user)
    page = client.get(url("bid_create", org, tender.pk)).content.decode()
    assert page.count('data-testid="member-row"') == 4
    client.cookies["django_language"] = "en"
    page = client.get(url("tenders", org)).content.decode()
    assert "New tender" in page
    assert "Contracting authority" in page
