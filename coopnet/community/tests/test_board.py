"""The board: offers and requests, an exchange recorded from one, the flag on an offer that
duplicates a service the cooperative sells."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coopnet.care.models import ServiceType
from coopnet.community import selectors, services
from coopnet.community.models import Account, OfferKind

from .conftest import category


def _offer(account, kind=OfferKind.OFFER, title="Faccio la spesa il sabato", **extra):
    data = {"kind": kind, "category": category(account.organization), "title": title, **extra}
    return services.offer_create(actor=None, account=account, data=data)


def _balance(account):
    return Account.objects.get(pk=account.pk).balance


def test_help_offered_is_paid_by_whoever_received_it(org, accounts):
    anna, bruno, _carla = accounts
    offer = _offer(anna)
    assert list(selectors.board(org)) == [offer]
    services.exchange_from_offer(actor=None, offer=offer, counterpart=bruno, minutes=60)
    assert (_balance(anna), _balance(bruno)) == (60, -60)


def test_help_asked_for_is_paid_by_its_author(org, accounts):
    anna, bruno, _carla = accounts
    request = _offer(anna, kind=OfferKind.REQUEST, title="Cerco un passaggio dal medico")
    transfer = services.exchange_from_offer(
        actor=None, offer=request, counterpart=bruno, minutes=40
    )
    assert transfer.offer == request
    assert (_balance(anna), _balance(bruno)) == (-40, 40)


def test_a_closed_offer_leaves_the_board_and_takes_no_exchange(org, accounts):
    anna, bruno, _carla = accounts
    offer = services.offer_close(actor=None, offer=_offer(anna))
    assert list(selectors.board(org)) == []
    with pytest.raises(ValidationError):
        services.exchange_from_offer(actor=None, offer=offer, counterpart=bruno, minutes=30)
    with pytest.raises(ValidationError):
        services.offer_close(actor=None, offer=offer)


def test_an_offer_like_a_service_the_cooperative_sells_is_flagged(org, accounts):
    ServiceType.objects.create(organization=org, name="Igiene personale", code="igiene")
    ServiceType.objects.create(organization=org, name="Pulizie domestiche", code="pulizie")
    flagged = _offer(accounts[0], title="Aiuto con la pulizia della casa")
    plain = _offer(accounts[1], title="Ripetizioni di matematica")
    assert flagged.service_match == "Pulizie domestiche"
    assert plain.service_match == ""
    assert list(selectors.flagged_offers(org)) == [flagged]


def test_a_service_of_another_cooperative_is_not_a_match(org, other_org, accounts):
    ServiceType.objects.create(organization=other_org, name="Pulizie domestiche", code="p")
    assert _offer(accounts[0], title="Pulizia del giardino").service_match == ""


def test_an_empty_title_or_a_closed_account_is_refused(org, accounts):
    with pytest.raises(ValidationError) as refused:
        _offer(accounts[0], title="   ")
    assert "title" in refused.value.message_dict
    services.account_close(actor=None, account=accounts[1])
    with pytest.raises(ValidationError) as refused:
        _offer(accounts[1])
    assert "account" in refused.value.message_dict
