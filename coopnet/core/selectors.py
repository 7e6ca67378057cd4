"""Reads of the core app."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import ApiToken, AuditEntry, Job, Organization, RoleAssignment, User


def audit_entries(
    organization: Organization,
    *,
    action: str = "",
    actor_email: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """An organization's audit trail, newest first, filtered as asked."""
    entries = AuditEntry.objects.filter(organization=organization).select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    if actor_email:
        entries = entries.filter(actor__email__icontains=actor_email)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries


def user_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("organization")


def organization_roles(organization: Organization) -> QuerySet[RoleAssignment]:
    """Who holds which role in an organization, by name."""
    return (
        RoleAssignment.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )


def jobs(organization: Organization, kind: str) -> QuerySet[Job]:
    """An organization's background jobs of one kind (views get one by id or 404)."""
    return Job.objects.filter(organization=organization, kind=kind).select_related("organization")
