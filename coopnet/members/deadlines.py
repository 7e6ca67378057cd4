"""Legal deadlines of the membership lifecycle (R-CC-2528, R-CC-2532, R-CC-2533, R-CC-2538).

Day counts come from the dated parameter table, read for the day the period starts.
"""

from __future__ import annotations

import datetime as dt

from coopnet.core.parameters import parameter_value

from .models import Membership, MembershipStatus


def _plus_days(start: dt.date, key: str) -> dt.date:
    return start + dt.timedelta(days=int(parameter_value(key, start)))


def admission_deadline(membership: Membership) -> dt.date | None:
    """By when the board must decide on an application (R-CC-2528: 60 days)."""
    if membership.status != MembershipStatus.APPLIED:
        return None
    return _plus_days(membership.applied_on, "cc.admission_decision_days")


def appeal_deadline(membership: Membership) -> dt.date | None:
    """By when a refused applicant may appeal to the assembly (R-CC-2528: 60 days)."""
    if membership.refused_on is None or membership.appeal_filed_on is not None:
        return None
    return _plus_days(membership.refused_on, "cc.admission_appeal_days")


def withdrawal_deadline(membership: Membership) -> dt.date | None:
    """By when the board must examine a withdrawal request (R-CC-2532: 60 days)."""
    if membership.exit_requested_on is None or membership.status != MembershipStatus.ACTIVE:
        return None
    return _plus_days(membership.exit_requested_on, "cc.withdrawal_decision_days")


def opposition_deadline(decided_on: dt.date) -> dt.date:
    """By when a member may oppose an exclusion or a refused withdrawal in court (60 days)."""
    return _plus_days(decided_on, "cc.exclusion_opposition_days")


def mutual_relation_end(requested_on: dt.date) -> dt.date:
    """R-CC-2532: the mutual relation ends with the current year if the request came at least
    three months before its end, otherwise with the next year."""
    months = int(parameter_value("cc.withdrawal_notice_months", requested_on))
    year_end = dt.date(requested_on.year, 12, 31)
    last_month = 12 - months
    latest_in_time = dt.date(requested_on.year, last_month + 1, 1) - dt.timedelta(days=1)
    return year_end if requested_on <= latest_in_time else dt.date(requested_on.year + 1, 12, 31)


def pending_deadline(membership: Membership) -> tuple[str, dt.date] | None:
    """The decision this membership is waiting for and its legal deadline, if any."""
    for label, deadline in (
        ("admission", admission_deadline(membership)),
        (
            "appeal",
            appeal_deadline(membership) if membership.status == MembershipStatus.REFUSED else None,
        ),
        ("withdrawal", withdrawal_deadline(membership)),
    ):
        if deadline is not None:
            return label, deadline
    return None
