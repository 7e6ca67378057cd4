"""Reads of the core app."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import ApiToken, AuditEntry, Job, Organization, RoleAssignment, User
from .renames import old_codes


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
    if actor_email:
        entries = entries.filter(actor__email__icontains=actor_email)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries


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
