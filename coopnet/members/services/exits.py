"""Exits that already happened (withdrawal, exclusion, death, transfer of the whole holding),
recorded as such, e.g. from an imported libro soci; exits happening now are lifecycle steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.models import User
from coopnet.core.parameters import parameter_value

from .. import deadlines
from ..deadlines import ParameterLookup
from ..models import ExitCause, Membership, MembershipEventKind, MembershipStatus
from .lifecycle import _check_not_future, _record, _require_status

EXIT_STATUS = {
    ExitCause.WITHDRAWAL: MembershipStatus.WITHDRAWN,
    ExitCause.EXCLUSION: MembershipStatus.EXCLUDED,
    ExitCause.DEATH: MembershipStatus.DECEASED,
    ExitCause.TRANSFER: MembershipStatus.TRANSFERRED,
}
EXIT_EVENT = {
    ExitCause.WITHDRAWAL: MembershipEventKind.WITHDRAWAL_ACCEPTED,
    ExitCause.EXCLUSION: MembershipEventKind.EXCLUSION,
    ExitCause.DEATH: MembershipEventKind.DEATH,
    ExitCause.TRANSFER: MembershipEventKind.TRANSFER_EXIT,
}


def _check_past_exit(membership: Membership, cause: str, ended_on: dt.date) -> None:
    if cause not in EXIT_STATUS:
        raise ValidationError({"cause": _("Causa di uscita sconosciuta.")})
    _check_not_future(ended_on, "ended_on")
    if membership.admitted_on is not None and ended_on < membership.admitted_on:
        raise ValidationError(
            {"ended_on": _("La data di uscita non può precedere la data di ammissione.")}
        )


def _exit_changes(
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
        changes["mutual_relation_ends_on"] = deadlines.mutual_relation_end(ended_on, lookup)
    elif cause == ExitCause.EXCLUSION:
        changes["opposition_deadline"] = deadlines.opposition_deadline(ended_on, lookup=lookup)
    return changes


def check_exit_terms(
    cause: str, ended_on: dt.date, lookup: ParameterLookup = parameter_value
) -> None:
    """The legal terms a past exit sets (R-CC-2532, R-CC-2533) are known for its day; a
    ValidationError says which one is not (an exit before the Civil Code of 1942)."""
    _exit_changes(cause, ended_on, "", "", lookup)


@transaction.atomic
def membership_record_exit(
    *,
    actor: User | None,
    membership: Membership,
    cause: str,
    ended_on: dt.date,
    reference: str,
    note: str = "",
) -> Membership:
    """Record an exit that already happened (withdrawal, exclusion, death or transfer of the
    whole holding), e.g. from an imported libro soci: one event and one audit entry.

    Exits happening now go through their own steps (``withdrawal_request``,
    ``membership_exclude``, ...), which check the board's deadlines.
    """
    _require_status(membership, MembershipStatus.ACTIVE)
    _check_past_exit(membership, cause, ended_on)
    changes = _exit_changes(cause, ended_on, reference, note)
    event = (EXIT_EVENT[ExitCause(cause)], ended_on)
    return _record(actor, membership, "exit", changes, event, reference, note)
