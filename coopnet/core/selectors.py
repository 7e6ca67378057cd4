"""Reads of the core app."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from .models import ApiToken, AuditEntry, Job, Organization, RoleAssignment, User
from .renames import old_codes

Rows = TypeVar("Rows", bound=QuerySet[Any])


def narrowed(rows: Rows, **lookups: Any) -> Rows:
    """``rows`` filtered by each of ``lookups`` that is given: an empty filter of a list page
    (no text, no date) keeps every row."""
    return rows.filter(**{lookup: value for lookup, value in lookups.items() if value})


def audit_entries(
    organization: Organization,
    *,
    action: str = "",
    actor_email: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """An organization's audit trail, newest first, filtered as asked."""
    entries = AuditEntry.objects.for_org(organization).select_related("actor")
    if action:
        matches = Q()
        for code in old_codes(action):  # entries written before an app was renamed
            matches |= Q(action__startswith=code)
        entries = entries.filter(matches)
    return narrowed(
        entries,
        actor__email__icontains=actor_email,
        created_at__date__gte=date_from,
        created_at__date__lte=date_to,
    )


def user_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.of_user(user).select_related("organization")


def user_roles(user: User) -> QuerySet[RoleAssignment]:
    """The roles a user holds, with their organizations."""
    return RoleAssignment.objects.of_user(user).select_related("organization")


def organization_roles(organization: Organization) -> QuerySet[RoleAssignment]:
    """Who holds which role in an organization, by name."""
    return (
        RoleAssignment.objects.for_org(organization)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )


def jobs(organization: Organization, kind: str) -> QuerySet[Job]:
    """An organization's background jobs of one kind (views get one by id or 404)."""
    return Job.objects.for_org(organization).filter(kind=kind).select_related("organization")
