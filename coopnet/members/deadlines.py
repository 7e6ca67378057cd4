"""Legal deadlines of the membership lifecycle (R-CC-2528, R-CC-2532, R-CC-2533, R-CC-2538).

Day counts come from the dated parameter table, read for the day the period starts. A page
that needs many deadlines passes ``preloaded_parameters()`` so that they cost one query.
The terms a past exit sets (``exit_changes``, ``check_exit_terms``) live here too, as rules
the import checks and the services write, so that the import never imports the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from coopnet.core.models import Parameter
from coopnet.core.parameters import ParameterMissingError, parameter_value

from .models import ExitCause, Membership, MembershipStatus

ParameterLookup = Callable[[str, dt.date], Decimal]

DEADLINE_KEYS = (
    "cc.admission_decision_days",
    "cc.admission_appeal_days",
    "cc.withdrawal_decision_days",
    "cc.withdrawal_opposition_days",
    "cc.exclusion_opposition_days",
    "cc.withdrawal_notice_months",
)


def preloaded_parameters(keys: Iterable[str] = DEADLINE_KEYS) -> ParameterLookup:
    """A ``parameter_value`` for national values of ``keys``, loaded in one query."""
    rows = list(Parameter.objects.filter(key__in=list(keys), region__isnull=True))

    def lookup(key: str, on: dt.date) -> Decimal:
        in_force = [
            r
            for r in rows
            if r.key == key and r.valid_from <= on and (r.valid_to is None or r.valid_to >= on)
        ]
        if not in_force:
            first = min((r.valid_from for r in rows if r.key == key), default=None)
            raise ParameterMissingError(key, on, first)
        return max(in_force, key=lambda r: r.valid_from).value

    return lookup


def legal_value(
    key: str, on: dt.date, lookup: ParameterLookup = parameter_value, *, field: str | None = None
) -> Decimal:
    """``lookup(key, on)``; a day coopnet has no value for is the user's error (on ``field``),
    never a crash: a register goes back further than the law's numbers may be on record."""
    try:
        return lookup(key, on)
    except ParameterMissingError as error:
        message = error.user_message()
        raise ValidationError({field: message} if field else message) from error


def _national(key: str, on: dt.date) -> Decimal:
    return parameter_value(key, on)


def _plus_days(start: dt.date, key: str, lookup: ParameterLookup) -> dt.date | None:
    """``start`` plus the days the law gave on that day; None when it gave no term then
    (the 60 days of R-CC-2528 and R-CC-2532 date from the reform of 2004)."""
    try:
        return start + dt.timedelta(days=int(lookup(key, start)))
    except ParameterMissingError:
        return None


def admission_deadline(
    membership: Membership, lookup: ParameterLookup = _national
) -> dt.date | None:
    """By when the board must decide on an application (R-CC-2528: 60 days)."""
    if membership.status != MembershipStatus.APPLIED:
        return None
    return _plus_days(membership.applied_on, "cc.admission_decision_days", lookup)


def appeal_deadline(membership: Membership, lookup: ParameterLookup = _national) -> dt.date | None:
    """By when a refused applicant may appeal to the assembly (R-CC-2528: 60 days)."""
    if membership.refused_on is None or membership.appeal_filed_on is not None:
        return None
    return _plus_days(membership.refused_on, "cc.admission_appeal_days", lookup)


def withdrawal_deadline(
    membership: Membership, lookup: ParameterLookup = _national
) -> dt.date | None:
    """By when the board must examine a withdrawal request (R-CC-2532: 60 days)."""
    if membership.exit_requested_on is None or membership.status != MembershipStatus.ACTIVE:
        return None
    return _plus_days(membership.exit_requested_on, "cc.withdrawal_decision_days", lookup)


def opposition_deadline(
    decided_on: dt.date,
    key: str = "cc.exclusion_opposition_days",
    lookup: ParameterLookup = _national,
) -> dt.date:
    """By when a member may oppose an exclusion (R-CC-2533) or a refused withdrawal
    (R-CC-2532, ``cc.withdrawal_opposition_days``) in court: 60 days."""
    return decided_on + dt.timedelta(days=int(legal_value(key, decided_on, lookup)))


def mutual_relation_end(requested_on: dt.date, lookup: ParameterLookup = _national) -> dt.date:
    """R-CC-2532: the mutual relation ends with the current year if the request came at least
    three months before its end (by 30/09 with three months), otherwise with the next year."""
    months = int(legal_value("cc.withdrawal_notice_months", requested_on, lookup))
    first_late_month = 12 - months + 1  # October with three months' notice
    year_end = dt.date(requested_on.year, 12, 31)
    if first_late_month > 12 or requested_on < dt.date(requested_on.year, first_late_month, 1):
        return year_end
    return dt.date(requested_on.year + 1, 12, 31)


@dataclass(frozen=True)
class PendingDecision:
    """A decision the board or the assembly owes on a membership, with its legal deadline."""

    membership: Membership
    kind: str  # "admission", "appeal" or "withdrawal"
    since: dt.date
    deadline: dt.date | None  # None: the assembly decides at its next meeting
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < self.today

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days


def pending_decision(
    membership: Membership, today: dt.date, lookup: ParameterLookup = _national
) -> PendingDecision | None:
    """The decision this membership is waiting for, if any."""
    if membership.status == MembershipStatus.APPLIED:
        deadline = admission_deadline(membership, lookup)
        return PendingDecision(membership, "admission", membership.applied_on, deadline, today)
    if (
        membership.status == MembershipStatus.REFUSED
        and membership.appeal_filed_on is not None
        and membership.appeal_decided_on is None
    ):
        return PendingDecision(membership, "appeal", membership.appeal_filed_on, None, today)
    if membership.status == MembershipStatus.ACTIVE and membership.exit_requested_on is not None:
        deadline = withdrawal_deadline(membership, lookup)
        return PendingDecision(
            membership, "withdrawal", membership.exit_requested_on, deadline, today
        )
    return None


EXIT_STATUS = {
    ExitCause.WITHDRAWAL: MembershipStatus.WITHDRAWN,
    ExitCause.EXCLUSION: MembershipStatus.EXCLUDED,
    ExitCause.DEATH: MembershipStatus.DECEASED,
    ExitCause.TRANSFER: MembershipStatus.TRANSFERRED,
}


def exit_changes(
    cause: str,
    ended_on: dt.date,
    reference: str,
    note: str,
    lookup: ParameterLookup = parameter_value,
) -> dict[str, Any]:
    """The fields of an exit that has already happened: its status, cause and dates.

    A withdrawal's mutual relation ends as R-CC-2532 says and an exclusion keeps its
    opposition deadline (R-CC-2533), as the board's decisions would have set them.
    """
    changes: dict[str, Any] = {
        "status": EXIT_STATUS[ExitCause(cause)],
        "exit_cause": cause,
        "ended_on": ended_on,
        "exit_reason": note,
    }
    if cause != ExitCause.DEATH:
        changes.update(exit_decided_on=ended_on, exit_decision_ref=reference)
    if cause == ExitCause.WITHDRAWAL:
        changes["mutual_relation_ends_on"] = mutual_relation_end(ended_on, lookup)
    elif cause == ExitCause.EXCLUSION:
        changes["opposition_deadline"] = opposition_deadline(ended_on, lookup=lookup)
    return changes


def check_exit_terms(
    cause: str, ended_on: dt.date, lookup: ParameterLookup = parameter_value
) -> None:
    """The legal terms a past exit sets (R-CC-2532, R-CC-2533) are known for its day; a
    ValidationError says which one is not (an exit before the Civil Code of 1942)."""
    exit_changes(cause, ended_on, "", "", lookup)
