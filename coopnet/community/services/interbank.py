"""An exchange between two allied time banks: a member of one helps a member of the other.

Each bank writes its own side through the clearing account it keeps for the other: the helper's
bank credits the helper and debits its clearing account, the receiver's bank debits the
receiver and credits its clearing account. Both sides carry the same idempotency key and are
written in one transaction, so a retry (the same key) returns both and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import User

from ..models import Account, AccountKind, Category, Transfer, TransferKind
from .ledger import Leg, lock_accounts, record


def _clearing(bank_org_id: int, partner_id: int) -> Account:
    account = (
        Account.objects.for_org(bank_org_id)
        .filter(kind=AccountKind.CLEARING, partner_id=partner_id, is_open=True)
        .first()
    )
    if account is None:
        raise ValidationError(
            {
                "partner": _(
                    "Le due banche del tempo non sono alleate (manca un conto di compensazione)."
                )
            }
        )
    return account


def _category_in(category: Category, organization_id: int) -> Category:
    """The bank's category of the same name as ``category`` (each bank keeps its own list)."""
    if category.organization_id == organization_id:
        return category
    match = Category.objects.for_org(organization_id).filter(name__iexact=category.name).first()
    if match is None:
        raise ValidationError(
            {"category": _("La banca alleata non ha la categoria «%(name)s».") % {"name": category}}
        )
    return match


@transaction.atomic
def interbank_exchange(
    *,
    actor: User | None,
    helper: Account,
    receiver: Account,
    minutes: int,
    category: Category,
    idempotency_key: str,
    performed_on: dt.date | None = None,
    note: str = "",
) -> tuple[Transfer, Transfer]:
    """``helper`` (of one bank) gave ``minutes`` of help to ``receiver`` (of an allied bank):
    the helper's side and the receiver's side, each in its bank's category of the name of
    ``category`` (a category of either bank). Beyond a limit it is refused (an approval in
    one bank cannot hold the other's side)."""
    if not idempotency_key.strip():
        raise ValidationError({"idempotency_key": _("Serve una chiave comune alle due banche.")})
    if helper.organization_id == receiver.organization_id:
        raise ValidationError({"receiver": _("Le due persone sono della stessa banca del tempo.")})
    if not (helper.personal and receiver.personal):
        raise ValidationError({"receiver": _("Lo scambio è tra due conti personali.")})
    helper_clearing = _clearing(helper.organization_id, receiver.organization_id)
    receiver_clearing = _clearing(receiver.organization_id, helper.organization_id)
    # All four accounts at once, in id order: two exchanges in opposite directions never
    # deadlock (each side's record() then finds its rows already locked).
    lock_accounts([helper.pk, receiver.pk, helper_clearing.pk, receiver_clearing.pk])
    sides = [
        (helper, [Leg(helper_clearing, -minutes), Leg(helper, minutes)], receiver.organization),
        (receiver, [Leg(receiver, -minutes), Leg(receiver_clearing, minutes)], helper.organization),
    ]
    (given, new), (received, other_new) = (
        record(
            actor=actor,
            organization=person.organization,
            parts=parts,
            category=_category_in(category, person.organization_id),
            kind=TransferKind.INTERBANK,
            partner=partner,
            pending_allowed=False,
            performed_on=performed_on,
            note=note,
            idempotency_key=idempotency_key,
        )
        for person, parts, partner in sides
    )
    if new != other_new:
        raise ValidationError(
            {"idempotency_key": _("La chiave è già usata da una sola delle due banche.")}
        )
    if new:
        log_action(
            actor=actor,
            organization=helper.organization,
            action="community.transfer.interbank",
            obj=given,
            after={"given": given.pk, "received": received.pk, "partner": receiver.organization_id},
        )
    return given, received
