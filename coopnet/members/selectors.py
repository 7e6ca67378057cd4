"""Reads of the members app."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from coopnet.core.models import Organization
from coopnet.core.parameters import parameter_value

from .models import Membership, MembershipStatus


def has_voting_rights(membership: Membership, on: dt.date) -> bool:
    """R-CC-2538: an active member votes only after 90 days on the register."""
    if membership.admitted_on is None or membership.admitted_on > on:
        return False
    if membership.ended_on is not None and membership.ended_on <= on:
        return False
    days = int(parameter_value("cc.voting_min_days", on))
    return (on - membership.admitted_on).days >= days


def members_on(organization: Organization, on: dt.date) -> QuerySet[Membership]:
    """Memberships in force on ``on`` (admitted on or before, not yet ended)."""
    return (
        Membership.objects.filter(organization=organization, admitted_on__lte=on)
        .exclude(ended_on__lte=on)
        .exclude(status=MembershipStatus.APPLIED)
    )


def voters_on(organization: Organization, on: dt.date) -> QuerySet[Membership]:
    """Members entitled to vote on ``on`` (R-CC-2538), in one query."""
    days = int(parameter_value("cc.voting_min_days", on))
    return members_on(organization, on).filter(admitted_on__lte=on - dt.timedelta(days=days))
