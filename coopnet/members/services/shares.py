"""The share-capital ledger: subscriptions, payments, ristorni, transfers and refunds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, user_or_none
from coopnet.core.formatting import money
from coopnet.core.models import User
from coopnet.core.parameters import parameter_value

from ..deadlines import ParameterLookup, legal_value
from ..models import (
    EXITED,
    Membership,
    MembershipStatus,
    Person,
    PersonKind,
    ShareAccount,
    ShareTransaction,
    ShareTransactionKind,
    Statute,
)
from .lifecycle import _check_not_future, _require_status
from .statute import _check_nominal_value, statute_for


def _locked_account(membership: Membership) -> ShareAccount:
    account, _created = ShareAccount.objects.get_or_create(
        membership=membership, defaults={"organization_id": membership.organization_id}
    )
    return ShareAccount.objects.select_for_update().get(pk=account.pk)


def _post(
    *,
    actor: User | None,
    membership: Membership,
    kind: str,
    date: dt.date,
    shares: int = 0,
    subscribed: Decimal = Decimal("0"),
    paid: Decimal = Decimal("0"),
    counterparty: Membership | None = None,
    reverses: ShareTransaction | None = None,
    reference: str = "",
    note: str = "",
) -> ShareTransaction:
    """Append one ledger line and move the account totals in the same transaction."""
    _check_not_future(date, "date")
    account = _locked_account(membership)
    new_paid = account.paid + paid
    new_subscribed = account.subscribed + subscribed
    if account.shares + shares < 0 or new_subscribed < 0 or new_paid < 0:
        raise ValidationError(_("Il saldo del capitale non può diventare negativo."))
    if new_paid > new_subscribed:
        raise ValidationError(
            {
                "amount": _(
                    "Il versamento supera il capitale sottoscritto: restano da versare %(left)s."
                )
                % {"left": money(account.subscribed - account.paid)}
            }
        )
    ShareAccount.objects.filter(pk=account.pk).update(
        shares=F("shares") + shares, subscribed=F("subscribed") + subscribed, paid=F("paid") + paid
    )
    line = ShareTransaction.objects.create(
        organization_id=membership.organization_id,
        membership=membership,
        kind=kind,
        date=date,
        shares_delta=shares,
        subscribed_delta=subscribed,
        paid_delta=paid,
        counterparty=counterparty,
        reverses=reverses,
        reference=reference,
        note=note,
        created_by=user_or_none(actor),
    )
    log_action(
        actor=actor,
        organization=membership.organization,
        action=f"members.shares.{kind}",
        obj=line,
        before=balance((account.shares, account.subscribed, account.paid)),
        after=balance((account.shares + shares, new_subscribed, new_paid)),
    )
    return line


def balance(values: tuple[int, Decimal, Decimal]) -> dict[str, Any]:
    """An account's shares, subscribed and paid capital as its audit entries record them."""
    shares, subscribed, paid = values
    return {"shares": shares, "subscribed": str(subscribed), "paid": str(paid)}


def _check_holding_cap(membership: Membership, extra: Decimal, on: dt.date) -> None:
    """R-CC-2525: a natural person's holding may not exceed the cap (ristorni excluded)."""
    if membership.person.kind != PersonKind.NATURAL:
        return
    lines = membership.share_transactions.exclude(kind=ShareTransactionKind.RISTORNO)
    held = lines.exclude(reverses__kind=ShareTransactionKind.RISTORNO).aggregate(
        total=Sum("subscribed_delta")
    )["total"] or Decimal("0")
    _check_holding(membership.person, held + extra, on)


def _check_holding(
    person: Person, total: Decimal, on: dt.date, lookup: ParameterLookup = parameter_value
) -> None:
    """R-CC-2525: ``total`` subscribed by a natural person stays within the cap."""
    if person.kind != PersonKind.NATURAL:
        return
    cap = legal_value("cc.holding_max", on, lookup, field="shares")
    if total > cap:
        raise ValidationError(
            {
                "shares": _(
                    "R-CC-2525: la partecipazione di %(person)s arriverebbe a %(total)s, "
                    "oltre il limite di %(cap)s per socio in vigore il %(on)s (art. 2525 c.c.)."
                )
                % {
                    "person": person,
                    "total": money(total),
                    "cap": money(cap),
                    "on": f"{on:%d/%m/%Y}",
                }
            }
        )


def _check_positive(amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationError({"amount": _("L'importo deve essere maggiore di zero.")})


def _check_min_shares(statute: Statute, held: int, shares: int) -> None:
    """A first subscription takes at least the statute's minimum number of shares."""
    if held == 0 and shares < statute.min_shares:
        raise ValidationError(
            {
                "shares": _("Lo statuto chiede di sottoscrivere almeno %(n)s quote.")
                % {"n": statute.min_shares}
            }
        )


@transaction.atomic
def shares_subscribe(
    *,
    actor: User | None,
    membership: Membership,
    shares: int,
    date: dt.date,
    nominal_value: Decimal | None = None,
    reference: str = "",
) -> ShareTransaction:
    """Subscribe ``shares`` shares at the statute's nominal value (or the one given)."""
    if shares < 1:
        raise ValidationError({"shares": _("Indica almeno una quota.")})
    _check_not_future(date, "date")
    _require_status(membership, MembershipStatus.ACTIVE)
    account = _locked_account(membership)  # before the cap check: no concurrent overshoot
    statute = statute_for(membership.organization)
    _check_min_shares(statute, account.shares, shares)
    value = statute.share_nominal_value if nominal_value is None else nominal_value
    _check_nominal_value(statute, value, date)
    amount = value * shares
    _check_holding_cap(membership, amount, date)
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.SUBSCRIPTION,
        date=date,
        shares=shares,
        subscribed=amount,
        reference=reference,
    )


@transaction.atomic
def shares_pay(
    *,
    actor: User | None,
    membership: Membership,
    amount: Decimal,
    date: dt.date,
    reference: str = "",
) -> ShareTransaction:
    """Record a payment towards subscribed capital; partial payments are allowed."""
    _check_positive(amount)
    kind = ShareTransactionKind.PAYMENT
    return _post(
        actor=actor, membership=membership, kind=kind, date=date, paid=amount, reference=reference
    )


@transaction.atomic
def shares_capitalise_ristorno(
    *, actor: User | None, membership: Membership, amount: Decimal, date: dt.date, reference: str
) -> ShareTransaction:
    """Add a ristorno to capital (R-CC-2545-sexies): subscribed and paid; the cap does not apply."""
    _check_positive(amount)
    _require_status(membership, MembershipStatus.ACTIVE)
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.RISTORNO,
        date=date,
        subscribed=amount,
        paid=amount,
        reference=reference,
    )


@transaction.atomic
def shares_transfer(
    *,
    actor: User | None,
    source: Membership,
    target: Membership,
    shares: int,
    date: dt.date,
    board_approval_ref: str,
) -> tuple[ShareTransaction, ShareTransaction]:
    """Transfer fully paid shares between two members, with the board's approval."""
    if source.organization_id != target.organization_id or source.pk == target.pk:
        raise ValidationError({"target": _("Scegli un altro socio della stessa cooperativa.")})
    if not board_approval_ref.strip():
        raise ValidationError(
            {"board_approval_ref": _("Il trasferimento richiede l'approvazione del consiglio.")}
        )
    _require_status(target, MembershipStatus.ACTIVE)
    # lock both accounts in a fixed order so two opposite transfers cannot deadlock
    first, second = sorted((source, target), key=lambda m: m.pk)
    _locked_account(first)
    _locked_account(second)
    account = _locked_account(source)
    if shares < 1 or shares > account.shares:
        raise ValidationError({"shares": _("Il socio ha %(n)s quote.") % {"n": account.shares}})
    if account.paid < account.subscribed:
        raise ValidationError(
            {"shares": _("Si possono trasferire solo quote interamente versate.")}
        )
    per_share = account.subscribed / account.shares
    amount = (per_share * shares).quantize(Decimal("0.01"))
    _check_holding_cap(target, amount, date)
    sides = (
        (source, target, ShareTransactionKind.TRANSFER_OUT, -1),
        (target, source, ShareTransactionKind.TRANSFER_IN, 1),
    )
    out, into = (
        _post(
            actor=actor,
            membership=holder,
            kind=kind,
            date=date,
            shares=sign * shares,
            subscribed=sign * amount,
            paid=sign * amount,
            counterparty=counterparty,
            reference=board_approval_ref,
        )
        for holder, counterparty, kind, sign in sides
    )
    return out, into


@transaction.atomic
def shares_refund(
    *, actor: User | None, membership: Membership, date: dt.date, reference: str = ""
) -> ShareTransaction:
    """Refund the paid capital of a member who has left and close the account (R-CC-2535)."""
    if membership.status not in EXITED:
        raise ValidationError(_("Il rimborso spetta solo a chi è uscito dalla cooperativa."))
    account = _locked_account(membership)
    if account.shares == 0 and account.subscribed == 0 and account.paid == 0:
        raise ValidationError(_("Non c'è capitale da rimborsare: il conto è già chiuso."))
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.REFUND,
        date=date,
        shares=-account.shares,
        subscribed=-account.subscribed,
        paid=-account.paid,
        reference=reference,
    )


@transaction.atomic
def shares_reverse(
    *, actor: User | None, line: ShareTransaction, date: dt.date, reason: str
) -> ShareTransaction:
    """Correct a wrong ledger line with a reversal (storno): a new line with the opposite
    deltas. Ledger lines are never edited; each line can be reversed once."""
    if not reason.strip():
        raise ValidationError({"reason": _("Scrivi perché la riga è sbagliata.")})
    line = ShareTransaction.objects.select_for_update().get(pk=line.pk)
    if line.kind == ShareTransactionKind.REVERSAL:
        raise ValidationError(_("Uno storno non si storna: registra di nuovo la riga giusta."))
    if line.kind in (ShareTransactionKind.TRANSFER_OUT, ShareTransactionKind.TRANSFER_IN):
        raise ValidationError(
            _(
                "Un trasferimento si annulla con il trasferimento inverso, approvato dal "
                "consiglio: lo storno di una sola parte lascerebbe i due conti discordi."
            )
        )
    if ShareTransaction.objects.filter(reverses=line).exists():
        raise ValidationError(_("Questa riga è già stata stornata."))
    if date < line.date:
        raise ValidationError(
            {
                "date": _("Lo storno non può precedere la riga che corregge (%(d)s).")
                % {"d": f"{line.date:%d/%m/%Y}"}
            }
        )
    account = _locked_account(line.membership)
    if account.paid - line.paid_delta > account.subscribed - line.subscribed_delta:
        raise ValidationError(
            _(
                "Storna prima i versamenti: dopo lo storno il versato (%(paid)s euro) supererebbe "
                "il sottoscritto (%(subscribed)s euro)."
            )
            % {
                "paid": account.paid - line.paid_delta,
                "subscribed": account.subscribed - line.subscribed_delta,
            }
        )
    return _post(
        actor=actor,
        membership=line.membership,
        kind=ShareTransactionKind.REVERSAL,
        date=date,
        shares=-line.shares_delta,
        subscribed=-line.subscribed_delta,
        paid=-line.paid_delta,
        reverses=line,
        note=reason,
    )
