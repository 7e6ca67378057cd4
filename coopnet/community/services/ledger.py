"""The ledger's one writer: a transfer of minutes, its reversal, approval and refusal.

``record`` does the work of every transfer (checks, locks, postings, balances) without the
audit entry, so that a service writing many transfers (an import, an inter-bank exchange) logs
once. Accounts are locked with ``select_for_update`` in id order, so two transfers touching the
same accounts run one after the other and never deadlock; limits are checked on the locked rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.formatting import minutes as as_hours
from coopnet.core.models import Organization, User

from ..models import (
    Account,
    Category,
    Offer,
    OverLimit,
    Posting,
    TimeBank,
    Transfer,
    TransferKind,
    TransferState,
)

KEY_LENGTH = 80


@dataclass(frozen=True)
class Leg:
    """Minutes leaving (negative) or entering (positive) one account."""

    account: Account
    minutes: int


def legs(
    debits: Sequence[tuple[Account, int]], credits: Sequence[tuple[Account, int]]
) -> list[Leg]:
    """The legs of a transfer from the accounts that receive help (``debits``, they pay) to
    those that give it (``credits``): one-to-one, one-to-many or many-to-one. Each amount
    is a positive number of minutes (a negative one would turn the transfer around)."""
    if any(
        isinstance(m, bool) or not isinstance(m, int) or m <= 0 for _a, m in [*debits, *credits]
    ):
        raise ValidationError({"minutes": _("Indica un numero intero di minuti maggiore di zero.")})
    return [Leg(a, -m) for a, m in debits] + [Leg(a, m) for a, m in credits]


def bank_of(organization: Organization | int) -> TimeBank:
    """The bank's rules (the defaults until the office saves them)."""
    bank = TimeBank.objects.for_org(organization).first()
    if bank is None:
        org_id = organization if isinstance(organization, int) else organization.pk
        bank = TimeBank(organization_id=org_id)
    return bank


def _check_shape(organization: Organization, parts: Sequence[Leg], category: Category) -> None:
    """What can be refused before locking anything: the reason next to the field it is about."""
    if any(leg.minutes == 0 for leg in parts) or any(
        isinstance(leg.minutes, bool) or not isinstance(leg.minutes, int) for leg in parts
    ):
        raise ValidationError({"minutes": _("Indica un numero intero di minuti maggiore di zero.")})
    if not [leg for leg in parts if leg.minutes < 0] or not [
        leg for leg in parts if leg.minutes > 0
    ]:
        raise ValidationError(
            {"minutes": _("Indica un numero di minuti maggiore di zero per chi dà e chi riceve.")}
        )
    ids = [leg.account.pk for leg in parts]
    if len(set(ids)) != len(ids):
        raise ValidationError({"account": _("Un conto non può trasferire ore a se stesso.")})
    if sum(leg.minutes for leg in parts) != 0:
        raise ValidationError(
            {"minutes": _("I minuti dati e quelli ricevuti devono essere uguali.")}
        )
    if any(leg.account.organization_id != organization.pk for leg in parts):
        raise ValidationError({"account": _("Il conto non è di questa banca del tempo.")})
    if category.organization_id != organization.pk:
        raise ValidationError({"category": _("La categoria non è di questa banca del tempo.")})


def lock_accounts(ids: Sequence[int]) -> dict[int, Account]:
    """Lock the accounts in id order (every writer does the same: no deadlock) and return the
    rows as they are now."""
    rows = Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {account.pk: account for account in rows}


def _check_open(accounts: Sequence[Account]) -> None:
    closed = [str(a) for a in accounts if not a.is_open]
    if closed:
        raise ValidationError(
            {"account": _("Conto chiuso: %(names)s.") % {"names": ", ".join(closed)}}
        )


def over_limit(bank: TimeBank, locked: dict[int, Account], parts: Sequence[Leg]) -> list[str]:
    """The reason for each personal account the transfer would take beyond the bank's limits."""
    reasons = []
    for leg in parts:
        account = locked[leg.account.pk]
        after = account.balance + leg.minutes
        if not account.personal:
            continue
        if leg.minutes < 0 and after < bank.min_balance:
            reasons.append(
                _("%(name)s scenderebbe a %(after)s, sotto il minimo di %(limit)s.")
                % {
                    "name": account,
                    "after": as_hours(after),
                    "limit": as_hours(bank.min_balance),
                }
            )
        if leg.minutes > 0 and after > bank.max_balance:
            reasons.append(
                _("%(name)s salirebbe a %(after)s, sopra il massimo di %(limit)s.")
                % {
                    "name": account,
                    "after": as_hours(after),
                    "limit": as_hours(bank.max_balance),
                }
            )
    return reasons


def _same_request(transfer: Transfer, parts: Sequence[Leg], category: Category) -> bool:
    written = {(p.account_id, p.minutes) for p in transfer.postings.all()}
    return transfer.category_id == category.pk and written == {
        (leg.account.pk, leg.minutes) for leg in parts
    }


def _already_written(
    organization: Organization, key: str, parts: Sequence[Leg], category: Category
) -> Transfer | None:
    """The transfer written earlier with this key: the same request is answered with it, a
    different one under the same key is refused."""
    found = list(Transfer.objects.for_org(organization).filter(idempotency_key=key)[:1])
    if not found:
        return None
    earlier = found[0]
    if not _same_request(earlier, parts, category):
        raise ValidationError(
            {
                "idempotency_key": _(
                    "Chiave di idempotenza già usata per un altro trasferimento (n. %(pk)s)."
                )
                % {"pk": earlier.pk}
            }
        )
    return earlier


def post_balances(parts: Sequence[Leg]) -> None:
    """Add each leg's minutes to its account's cached balance, in one UPDATE."""
    change = Case(*(When(pk=leg.account.pk, then=Value(leg.minutes)) for leg in parts))
    Account.objects.filter(pk__in=[leg.account.pk for leg in parts]).update(
        balance=F("balance") + change
    )


@transaction.atomic
def record(
    *,
    actor: User | None,
    organization: Organization,
    parts: Sequence[Leg],
    category: Category,
    kind: str = TransferKind.EXCHANGE,
    performed_on: dt.date | None = None,
    note: str = "",
    idempotency_key: str = "",
    offer: Offer | None = None,
    reverses: Transfer | None = None,
    partner: Organization | None = None,
    pending_allowed: bool = True,
) -> tuple[Transfer, bool]:
    """Write one transfer (no audit entry: the calling service writes it) and say whether it
    is new; the same idempotency key with the same request returns the earlier transfer."""
    _check_shape(organization, parts, category)
    key = (idempotency_key or uuid.uuid4().hex).strip()[:KEY_LENGTH]
    day = performed_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"performed_on": _("Lo scambio non può essere nel futuro.")})
    locked = lock_accounts([leg.account.pk for leg in parts])
    earlier = _already_written(organization, key, parts, category)
    if earlier is not None:
        return earlier, False
    _check_open(list(locked.values()))
    state = TransferState.POSTED
    bank = bank_of(organization)
    reasons = over_limit(bank, locked, parts)
    if reasons:
        if not pending_allowed or bank.over_limit == OverLimit.BLOCK:
            raise ValidationError({"minutes": reasons})
        state = TransferState.PENDING
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                organization=organization,
                kind=kind,
                state=state,
                category=category,
                performed_on=day,
                note=note,
                idempotency_key=key,
                offer=offer,
                reverses=reverses,
                partner=partner,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        # Another transaction wrote this key (or reversed this transfer) first.
        written = _already_written(organization, key, parts, category)
        if written is None:
            raise ValidationError(_("Questo trasferimento è già stato stornato.")) from None
        return written, False
    Posting.objects.bulk_create(
        Posting(
            organization=organization, transfer=transfer, account=leg.account, minutes=leg.minutes
        )
        for leg in parts
    )
    if state == TransferState.POSTED:
        post_balances(parts)
    return transfer, True


def audit_transfer(
    actor: User | None, transfer: Transfer, action: str, parts: Sequence[Leg] | None = None
) -> None:
    """The one audit entry of a transfer's service: its state and postings (``parts`` when
    the caller has them, else read back)."""
    postings = (
        [[leg.account.pk, leg.minutes] for leg in parts]
        if parts is not None
        else [[p.account_id, p.minutes] for p in transfer.postings.all()]
    )
    log_action(
        actor=actor,
        organization=transfer.organization,
        action=action,
        obj=transfer,
        after={"state": transfer.state, "postings": postings},
    )


@transaction.atomic
def transfer_create(
    *,
    actor: User | None,
    organization: Organization,
    debits: Sequence[tuple[Account, int]],
    credits: Sequence[tuple[Account, int]],
    category: Category,
    performed_on: dt.date | None = None,
    note: str = "",
    idempotency_key: str = "",
    offer: Offer | None = None,
) -> Transfer:
    """Record an exchange: ``debits`` received the help and pay its minutes, ``credits`` gave
    it. Over a limit it is refused or waits for a manager, as the bank says."""
    parts = legs(debits, credits)
    transfer, new = record(
        actor=actor,
        organization=organization,
        parts=parts,
        category=category,
        performed_on=performed_on,
        note=note,
        idempotency_key=idempotency_key,
        offer=offer,
    )
    if new:
        audit_transfer(actor, transfer, "community.transfer.create", parts)
    return transfer


@transaction.atomic
def transfer_reverse(*, actor: User | None, transfer: Transfer, note: str = "") -> Transfer:
    """Undo a posted transfer with a new one of opposite postings (never an edit). Reversing
    twice returns the first reversal."""
    if transfer.kind == TransferKind.REVERSAL:
        raise ValidationError(_("Uno storno non si storna: registra un nuovo scambio."))
    if transfer.state != TransferState.POSTED:
        raise ValidationError(_("Si storna solo un trasferimento registrato."))
    parts = [Leg(p.account, -p.minutes) for p in transfer.postings.select_related("account")]
    reversal, new = record(
        actor=actor,
        organization=transfer.organization,
        parts=parts,
        category=transfer.category,
        kind=TransferKind.REVERSAL,
        note=note or _("Storno del trasferimento n. %(pk)s") % {"pk": transfer.pk},
        idempotency_key=f"storno-{transfer.pk}",
        reverses=transfer,
        partner=transfer.partner,
    )
    if new:
        audit_transfer(actor, reversal, "community.transfer.reverse")
    return reversal


def _pending(transfer: Transfer) -> Transfer:
    row = Transfer.objects.for_org(transfer.organization_id).select_for_update().get(pk=transfer.pk)
    if row.state != TransferState.PENDING:
        raise ValidationError(_("Il trasferimento non è in attesa di approvazione."))
    return row


@transaction.atomic
def transfer_approve(*, actor: User, transfer: Transfer) -> Transfer:
    """A manager accepts a transfer beyond the limits: it is posted now."""
    row = _pending(transfer)
    postings = list(row.postings.select_related("account"))
    locked = lock_accounts([p.account_id for p in postings])
    _check_open(list(locked.values()))
    row.state, row.decided_by, row.decided_at = TransferState.POSTED, actor, timezone.now()
    row.save(update_fields=["state", "decided_by", "decided_at"])
    post_balances([Leg(p.account, p.minutes) for p in postings])
    audit_transfer(actor, row, "community.transfer.approve")
    return row


@transaction.atomic
def transfer_refuse(*, actor: User, transfer: Transfer) -> Transfer:
    """A manager refuses a transfer beyond the limits: balances never change."""
    row = _pending(transfer)
    row.state, row.decided_by, row.decided_at = TransferState.REFUSED, actor, timezone.now()
    row.save(update_fields=["state", "decided_by", "decided_at"])
    audit_transfer(actor, row, "community.transfer.refuse")
    return row


def close_row(actor: User | None, row: Account | Offer, action: str, already: str) -> None:
    """Close an open account or offer (``already``: the refusal when it is closed) and audit
    it: its history stays, it just takes no new exchange."""
    if not row.is_open:
        raise ValidationError(already)
    row.is_open, row.closed_at = False, timezone.now()
    row.save(update_fields=["is_open", "closed_at"])
    log_action(
        actor=actor,
        organization=row.organization,
        action=action,
        obj=row,
        after={"is_open": False},
    )
