"""Contracts from awarded bids: price revision (R-PP-60), payment terms, the dedicated bank
account (L. 136/2010) and each executing organization's share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import User
from coopnet.core.parameters import ParameterMissingError, parameter_value
from coopnet.core.services import assign

from ..models import Bid, BidForm, Contract, ContractShare, Lot, Outcome, Subject
from .tenders import check_convention

CONTRACT_FIELDS = ("value", "start_date", "end_date", "iban", "account_operators")
HUNDRED = 100


def revision_keys(subject: str) -> tuple[str, str]:
    """R-PP-60's parameters: works have their own, services and supplies share theirs."""
    kind = "works" if subject == Subject.WORKS else "services"
    return f"pp.revision_threshold_{kind}", f"pp.revision_share_{kind}"


def _terms(contract: Contract, bid: Bid) -> None:
    """The numbers of the law in force on the start date, fixed in the contract."""
    tender = bid.tender
    threshold_key, share_key = revision_keys(tender.subject)
    days_key = "pp.payment_days_health" if tender.health_body else "pp.payment_days"
    try:
        contract.revision_threshold = parameter_value(threshold_key, contract.start_date)
        contract.revision_share = parameter_value(share_key, contract.start_date)
        contract.payment_days = int(parameter_value(days_key, contract.start_date))
    except ParameterMissingError as error:
        raise ValidationError({"start_date": [error.user_message()]}) from error


def _shares(contract: Contract, bid: Bid) -> list[ContractShare]:
    """The bid's members and their shares; the bidder alone executes all of it."""
    if bid.form == BidForm.ALONE:
        return [
            ContractShare(
                organization=contract.organization,
                contract=contract,
                executor=bid.organization,
                share=HUNDRED,
            )
        ]
    return [
        ContractShare(
            organization=contract.organization,
            contract=contract,
            executor=m.member,
            share=m.share,
            parts=m.parts,
        )
        for m in bid.members.all()
    ]


@transaction.atomic
def contract_create(
    *, actor: User | None, bid: Bid, data: Mapping[str, Any], lots: Sequence[Lot]
) -> Contract:
    """Register the contract of an awarded bid, on some or all of its lots."""
    locked = Bid.objects.for_org(bid.organization).select_for_update().get(pk=bid.pk)
    errors: dict[str, list[str]] = {}
    if locked.outcome != Outcome.AWARDED:
        errors["__all__"] = [_("Il contratto si registra solo per un'offerta aggiudicata.")]
    elif Contract.objects.for_org(bid.organization).filter(bid=bid).exists():
        errors["__all__"] = [_("Il contratto di questa offerta è già registrato.")]
    bid_lots = set(bid.lots.values_list("pk", flat=True))
    if not lots:
        errors["lots"] = [_("Scegli almeno un lotto.")]
    elif any(lot.pk not in bid_lots for lot in lots):
        errors["lots"] = [_("I lotti del contratto sono lotti dell'offerta aggiudicata.")]
    if errors:
        raise ValidationError(errors)
    contract = Contract(organization=bid.organization, bid=locked)
    assign(contract, data, CONTRACT_FIELDS)
    contract.iban = contract.iban.replace(" ", "").upper()
    if contract.start_date and contract.end_date and contract.end_date < contract.start_date:
        raise ValidationError({"end_date": [_("La fine del contratto viene dopo l'inizio.")]})
    _terms(contract, bid)
    contract.full_clean()
    check_convention(bid.tender, contract.value, "value")
    contract.save()
    contract.lots.set(lots)
    shares = ContractShare.objects.bulk_create(_shares(contract, bid))
    after = snapshot(contract)
    after["shares"] = [{"executor": s.executor_id, "share": str(s.share)} for s in shares]
    log_action(
        actor=actor,
        organization=contract.organization,
        action="contracts.contract.create",
        obj=contract,
        after=after,
    )
    return contract
