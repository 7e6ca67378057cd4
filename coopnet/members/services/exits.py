"""Exits that already happened (withdrawal, exclusion, death, transfer of the whole holding),
recorded as such, e.g. from an imported libro soci; exits happening now are lifecycle steps."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.models import User

from ..deadlines import EXIT_STATUS, exit_changes
from ..models import ExitCause, Membership, MembershipEventKind, MembershipStatus
from .lifecycle import _check_not_future, _record, _require_status

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
    changes = exit_changes(cause, ended_on, reference, note)
    event = (EXIT_EVENT[ExitCause(cause)], ended_on)
    return _record(actor, membership, "exit", changes, event, reference, note)
