"""A bulk import's rows (``ImportedMember``) and its writes: memberships, their events, the
share ledger and the audit entries, each kind of row with one ``bulk_create``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coopnet.core.audit import snapshot
from coopnet.core.models import AuditEntry, Organization, User
from coopnet.core.services import assign

from .. import deadlines
from ..deadlines import exit_changes
from ..models import (
    ExitCause,
    Membership,
    MembershipEvent,
    MembershipEventKind,
    MembershipStatus,
    Person,
    ShareAccount,
    ShareTransaction,
    ShareTransactionKind,
    Statute,
)
from .exits import EXIT_EVENT
from .persons import _decode_codice_fiscale
from .shares import balance

ZERO = Decimal("0.00")


@dataclass
class ImportedMember:
    """One new membership for :func:`register_bulk_import`, as a libro soci file describes it."""

    category: str
    applied_on: dt.date
    person: Person | None = None  # a known person record; None: one is created from person_data
    person_data: Mapping[str, Any] = field(default_factory=dict)  # PERSON_FIELDS
    admitted_on: dt.date | None = None
    register_number: int | None = None  # None: the next free number, in the order of rows
    shares: int = 0
    nominal_value: Decimal | None = None  # None: the statute's
    paid: Decimal = ZERO
    ended_on: dt.date | None = None
    exit_cause: str = ""
    line: int | None = None  # the caller's reference to the row, given back with each error

    @property
    def active(self) -> bool:
        return self.admitted_on is not None and self.ended_on is None


@dataclass
class _Written:
    """The rows of one imported member, once created."""

    row: ImportedMember
    person: Person
    created_person: bool
    membership: Membership
    nominal_value: Decimal


def _write_memberships(
    organization: Organization,
    rows: Sequence[ImportedMember],
    persons: list[Person],
    numbers: list[int],
    statute: Statute,
    reference: str,
    exit_note: str,
    lookup: deadlines.ParameterLookup,
) -> list[_Written]:
    new_persons = [p for p in persons if p.pk is None]
    for person in new_persons:
        _decode_codice_fiscale(person)
    Person.objects.bulk_create(new_persons)
    created = {id(p) for p in new_persons}
    written = []
    next_number = iter(numbers)
    for row, person in zip(rows, persons, strict=True):
        membership = Membership(
            organization=organization,
            person=person,
            category=row.category,
            applied_on=row.applied_on,
        )
        if row.admitted_on is not None:
            membership.status = MembershipStatus.ACTIVE
            membership.register_number = next(next_number)
            membership.admitted_on = row.admitted_on
            membership.admission_decision_ref = reference
        if row.ended_on is not None:
            changes = exit_changes(row.exit_cause, row.ended_on, reference, exit_note, lookup)
            assign(membership, changes, tuple(changes))
        value = statute.share_nominal_value if row.nominal_value is None else row.nominal_value
        written.append(_Written(row, person, id(person) in created, membership, value))
    Membership.objects.bulk_create([w.membership for w in written])
    return written


def _write_events(
    written: list[_Written], creator: User | None, reference: str, exit_note: str
) -> None:
    events: list[MembershipEvent] = []
    for w in written:
        m, row = w.membership, w.row
        steps = [(MembershipEventKind.APPLICATION, row.applied_on, "", reference)]
        if row.admitted_on is not None:
            steps.append((MembershipEventKind.ADMISSION, row.admitted_on, reference, ""))
        if row.ended_on is not None:
            exit_kind = EXIT_EVENT[ExitCause(row.exit_cause)]
            steps.append((exit_kind, row.ended_on, reference, exit_note))
        events.extend(
            MembershipEvent(
                organization_id=m.organization_id,
                membership=m,
                kind=kind,
                date=date,
                reference=ref,
                note=note,
                created_by=creator,
            )
            for kind, date, ref, note in steps
        )
    MembershipEvent.objects.bulk_create(events)


def _write_ledger(
    written: list[_Written], creator: User | None, reference: str
) -> list[ShareTransaction]:
    """An account for each admitted member; a subscription and a payment line when due."""
    accounts = []
    lines = []
    for w in written:
        m, row = w.membership, w.row
        if row.admitted_on is None:
            continue
        subscribed = w.nominal_value * row.shares
        accounts.append(
            ShareAccount(
                organization_id=m.organization_id,
                membership=m,
                shares=row.shares,
                subscribed=subscribed,
                paid=row.paid,
            )
        )
        for kind, shares, subscribed_delta, paid_delta in (
            (ShareTransactionKind.SUBSCRIPTION, row.shares, subscribed, ZERO),
            (ShareTransactionKind.PAYMENT, 0, ZERO, row.paid),
        ):
            if shares or paid_delta:
                lines.append(
                    ShareTransaction(
                        organization_id=m.organization_id,
                        membership=m,
                        kind=kind,
                        date=row.admitted_on,
                        shares_delta=shares,
                        subscribed_delta=subscribed_delta,
                        paid_delta=paid_delta,
                        reference=reference,
                        created_by=creator,
                    )
                )
    ShareAccount.objects.bulk_create(accounts)
    ShareTransaction.objects.bulk_create(lines)
    return lines


def _write_audit(
    organization: Organization,
    creator: User | None,
    written: list[_Written],
    lines: list[ShareTransaction],
) -> None:
    """One entry per created object, in one ``bulk_create``: a person's record, a membership
    as it ends up (under the code of its last step: apply, admit or exit) and each ledger
    line with the balances before and after it, as the per-row services write them."""
    entries: list[AuditEntry] = []

    def entry(action: str, obj: Any, shown: str, before: Any, after: Any) -> None:
        entries.append(
            AuditEntry(
                actor=creator,
                organization=organization,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=shown[:255],
                before=before,
                after=after,
            )
        )

    for w in written:
        m, row = w.membership, w.row
        name = w.person.display_name
        if w.created_person:
            entry("members.person.create", w.person, name, None, snapshot(w.person))
        step = "exit" if row.ended_on else "admit" if row.admitted_on else "apply"
        entry(f"members.membership.{step}", m, str(m), None, snapshot(m))
    labels = {kind.value: str(kind.label) for kind in ShareTransactionKind}
    balances: dict[int, tuple[int, Decimal, Decimal]] = {}
    for line in lines:
        before = balances.get(line.membership_id, (0, ZERO, ZERO))
        after = (
            before[0] + line.shares_delta,
            before[1] + line.subscribed_delta,
            before[2] + line.paid_delta,
        )
        balances[line.membership_id] = after
        shown = f"{labels[line.kind]} {line.date}"  # ShareTransaction.__str__, without its cost
        entry(f"members.shares.{line.kind}", line, shown, balance(before), balance(after))
    AuditEntry.objects.bulk_create(entries)
