"""The time bank's API: the board for the cooperative, accounts and transfers for their
owners, everything for the office, 404 for another's account and for outsiders."""

from __future__ import annotations

import pytest

from coopnet.community import services

from .conftest import category, open_account


@pytest.fixture
def own(org, bank, member_user):
    mine = open_account(org, surname="Socia", user=member_user)
    neighbour = open_account(org, surname="Vicino")
    services.transfer_create(
        actor=None,
        organization=org,
        debits=[(neighbour, 30)],
        credits=[(mine, 30)],
        category=category(org),
    )
    services.offer_create(
        actor=None,
        account=neighbour,
        data={"kind": "richiesta", "category": category(org), "title": "Cerco un passaggio"},
    )
    return mine, neighbour


def _get(client, path):
    return client.get(f"/api/v1/orgs/la-ginestra/timebank/{path}")


def test_a_member_reads_the_board_and_only_their_account(client, org, own, member_user):
    mine, neighbour = own
    client.force_login(member_user)
    board = _get(client, "board").json()["items"]
    assert [o["title"] for o in board] == ["Cerco un passaggio"]
    assert [a["id"] for a in _get(client, "accounts").json()["items"]] == [mine.pk]
    assert _get(client, f"accounts/{mine.pk}").json()["balance"] == 30
    assert _get(client, f"accounts/{neighbour.pk}").status_code == 404
    transfers = _get(client, "transfers").json()["items"]
    assert [sorted(p["minutes"] for p in t["postings"]) for t in transfers] == [[-30, 30]]


def test_the_office_reads_every_account(client, org, own, admin_user):
    client.force_login(admin_user)
    kinds = sorted(a["kind"] for a in _get(client, "accounts").json()["items"])
    assert kinds == ["fondo", "socio", "socio"]


def test_an_outsider_gets_404(client, org, own, outsider):
    client.force_login(outsider)
    for path in ("board", "accounts", "transfers", f"accounts/{own[0].pk}"):
        assert _get(client, path).status_code == 404


@pytest.mark.parametrize("path", ["timebank/accounts/null,null", "commons/assets/x"])
def test_an_id_that_is_not_a_number_answers_the_api_404(client, org, own, member_user, path):
    client.force_login(member_user)
    response = client.get(f"/api/v1/orgs/la-ginestra/{path}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
