"""The time bank's pages: a member on the board and their own account, the office on every
account and transfer, an outsider 404; list pages keep their query count."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coopnet.community import services
from coopnet.community.models import Account, Offer, Transfer, TransferState

from .conftest import category, open_account


def url(name, org, *args):
    return reverse(f"community:{name}", args=[org.slug, *args])


@pytest.fixture
def own(org, bank, member_user):
    """The member's own account, and a neighbour's."""
    return open_account(org, surname="Socia", user=member_user), open_account(org, surname="Vicino")


def _balance(account):
    return Account.objects.get(pk=account.pk).balance


def _duration(minutes):
    return {"hours": minutes // 60, "minutes": minutes % 60}


def test_a_member_offers_help_and_a_neighbour_records_the_exchange(client, org, own, member_user):
    mine, neighbour = own
    client.force_login(member_user)
    response = client.post(
        url("offer_create", org),
        {"kind": "offerta", "category": category(org).pk, "title": "Porto la spesa a casa"},
    )
    offer = Offer.objects.get()
    assert response.url == url("offer", org, offer.pk)
    assert "Porto la spesa a casa" in client.get(url("board", org)).content.decode()
    # the neighbour, helped, records 1 h 30 from the offer
    neighbour.person.user = member_user.__class__.objects.create_user("vicino@example.org", "x")
    neighbour.person.save()
    from coopnet.core.services import role_grant

    role_grant(actor=None, organization=org, user=neighbour.person.user, role="member")
    client.force_login(neighbour.person.user)
    data = {**_duration(90), "performed_on": timezone.localdate().isoformat(), "note": ""}
    form = client.get(url("offer", org, offer.pk)).context["form"]
    data["idempotency_key"] = form["idempotency_key"].initial
    client.post(url("offer", org, offer.pk), data)
    client.post(url("offer", org, offer.pk), data)  # a double click writes once
    assert (_balance(mine), _balance(neighbour)) == (90, -90)
    assert Transfer.objects.count() == 1


def test_the_author_of_an_offer_cannot_pay_herself(client, org, own, member_user):
    mine, _neighbour = own
    offer = services.offer_create(
        actor=None,
        account=mine,
        data={"kind": "offerta", "category": category(org), "title": "Stiro"},
    )
    client.force_login(member_user)
    response = client.get(url("offer", org, offer.pk))
    assert response.context["form"] is None
    assert response.context["may_close"]


def test_a_member_reads_and_downloads_only_their_statement(client, org, own, member_user):
    mine, neighbour = own
    services.transfer_create(
        actor=None,
        organization=org,
        debits=[(neighbour, 45)],
        credits=[(mine, 45)],
        category=category(org),
        note="=HYPERLINK()",
    )
    client.force_login(member_user)
    page = client.get(url("mine", org)).content.decode()
    assert "45 min" in page
    csv_text = client.get(url("mine", org) + "?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK()" in csv_text
    sheet = load_workbook(io.BytesIO(client.get(url("mine", org) + "?format=xlsx").content)).active
    assert list(sheet.iter_rows(values_only=True))[1][-1] == 45
    data = json.loads(client.get(url("own_data", org)).content)
    assert data["conto"]["saldo_minuti"] == 45
    assert [m["minuti"] for m in data["movimenti"]] == [45]
    # the office's pages are not for a member
    assert client.get(url("account", org, neighbour.pk)).status_code == 404
    assert client.get(url("accounts", org)).status_code == 404


def test_without_an_account_a_member_is_told_to_ask_the_office(client, org, bank, member_user):
    client.force_login(member_user)
    assert "chiedilo all'ufficio" in client.get(url("mine", org)).content.decode()
    assert client.get(url("own_data", org)).status_code == 404
    assert client.get(url("offer_create", org)).status_code == 404


def test_the_office_records_a_group_activity_and_reverses_it(client, org, accounts, admin_user):
    anna, bruno, carla = accounts
    client.force_login(admin_user)
    data = {
        "helped": [anna.pk],
        "helpers": [bruno.pk, carla.pk],
        **_duration(60),
        "category": category(org).pk,
        "performed_on": timezone.localdate().isoformat(),
        "idempotency_key": "gruppo-1",
    }
    response = client.post(url("transfer_create", org), data)
    transfer = Transfer.objects.get()
    assert response.url == url("transfer", org, transfer.pk)
    assert [_balance(a) for a in accounts] == [-120, 60, 60]
    client.post(url("transfer", org, transfer.pk), {"action": "reverse", "note": "errore"})
    assert [_balance(a) for a in accounts] == [0, 0, 0]
    assert Transfer.objects.filter(reverses=transfer).exists()


def test_many_to_many_is_refused_on_the_form(client, org, accounts, admin_user):
    anna, bruno, carla = accounts
    extra = open_account(org, surname="Dario")
    client.force_login(admin_user)
    response = client.post(
        url("transfer_create", org),
        {
            "helped": [anna.pk, extra.pk],
            "helpers": [bruno.pk, carla.pk],
            **_duration(60),
            "category": category(org).pk,
            "performed_on": timezone.localdate().isoformat(),
        },
    )
    assert "Da molti a molti" in response.content.decode()
    assert not Transfer.objects.exists()


def test_the_office_approves_a_transfer_beyond_the_limits(client, org, bank, accounts, admin_user):
    anna, bruno, _carla = accounts
    bank.over_limit = "approva"
    bank.save()
    waiting = services.transfer_create(
        actor=None,
        organization=org,
        debits=[(anna, 700)],
        credits=[(bruno, 700)],
        category=category(org),
    )
    client.force_login(admin_user)
    assert "attende la tua approvazione" in client.get(url("board", org)).content.decode()
    client.post(url("transfer", org, waiting.pk), {"action": "approve"})
    assert Transfer.objects.get(pk=waiting.pk).state == TransferState.POSTED
    assert _balance(anna) == -700


def test_the_office_imports_a_file_and_sees_each_refused_line(client, org, accounts, admin_user):
    anna, bruno, _carla = accounts
    client.force_login(admin_user)
    bad = f"data;riceve;aiuta;minuti;categoria\n01/03/2026;{anna.pk};{anna.pk};60;Altro\n"
    upload = io.BytesIO(bad.encode())
    upload.name = "scambi.csv"
    response = client.post(url("transfer_import", org), {"file": upload})
    assert "Riga 2" in response.content.decode()
    good = io.BytesIO(bad.replace(f";{anna.pk};60", f";{bruno.pk};60").encode())
    good.name = "scambi.csv"
    client.post(url("transfer_import", org), {"file": good})
    assert (_balance(anna), _balance(bruno)) == (-60, 60)


def test_the_office_opens_an_account_with_its_welcome_hours(client, org, bank, admin_user):
    from coopnet.members.tests.factories import PersonFactory

    bank.welcome_minutes = 120
    bank.save()
    person: Any = PersonFactory(organization=org, surname="Nuovi")
    client.force_login(admin_user)
    client.post(
        url("account_open", org), {"person": person.pk, "kind": "residente", "welcome": "on"}
    )
    account = Account.objects.get(person=person)
    assert account.balance == 120
    response = client.get(url("reports", org))
    assert "sono uguali alla somma" in response.content.decode()


def test_the_office_allies_with_another_bank_and_records_an_exchange(
    client, org, other_org, accounts, admin_user
):
    services.timebank_save(actor=None, organization=other_org, data={})
    services.alliance_open(actor=None, organization=other_org, partner=org)
    olga = open_account(other_org, surname="Olga")
    client.force_login(admin_user)
    client.post(url("allies", org), {"partner": other_org.pk})
    client.post(
        url("interbank", org),
        {
            "account": accounts[0].pk,
            "direction": "aiuta",
            "partner": other_org.pk,
            "partner_account": olga.pk,
            **_duration(30),
            "category": category(org).pk,
            "performed_on": timezone.localdate().isoformat(),
            "idempotency_key": "ib-1",
        },
    )
    assert (_balance(accounts[0]), _balance(olga)) == (30, -30)


def test_the_bank_rules_are_saved_with_the_reason_for_a_bad_limit(client, org, bank, admin_user):
    client.force_login(admin_user)
    data = {"action": "bank", "min_balance": 60, "max_balance": 600, "over_limit": "blocca"}
    response = client.post(url("settings", org), {**data, "welcome_minutes": 0})
    assert "zero o negativo" in response.content.decode()
    client.post(url("settings", org), {"action": "category", "name": "Cucina"})
    assert "Cucina" in client.get(url("settings", org)).content.decode()


@pytest.mark.parametrize("name", ["board", "mine", "accounts", "transfers", "reports", "settings"])
def test_an_outsider_gets_404(client, org, bank, outsider, name):
    client.force_login(outsider)
    assert client.get(url(name, org)).status_code == 404


@pytest.mark.parametrize("name", ["board", "accounts", "transfers"])
def test_list_pages_keep_their_query_count(client, org, accounts, admin_user, name):
    anna, bruno, carla = accounts

    def add(n):
        for i in range(n):
            services.transfer_create(
                actor=None,
                organization=org,
                debits=[(anna, 5)],
                credits=[(bruno, 5)],
                category=category(org),
            )
            services.offer_create(
                actor=None,
                account=carla,
                data={"kind": "offerta", "category": category(org), "title": f"Aiuto {i}"},
            )

    client.force_login(admin_user)
    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(name, org)).status_code == 200
    add(5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(name, org)).status_code == 200
    assert len(many) == len(few)
