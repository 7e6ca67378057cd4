"""Template context shared by every page: the organization switcher and permitted navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Organization


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "org_access", None)
    own = (
        Organization.objects.filter(role_assignments__user=user)
        .distinct()
        .only("slug", "short_name")
    )
    switcher = list(own[:100])
    if access and access.organization not in switcher:
        # An affiliate open by consortium staff: the switcher must show where they are.
        switcher.insert(0, access.organization)
    return {
        "switcher_orgs": switcher,
        "org_access": access,
        "org_perms": access.permissions if access else frozenset(),
        "current_org": access.organization if access else None,
    }
