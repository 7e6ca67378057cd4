"""Template tags of the main navigation: whether to offer "Il mio volontariato"."""

from __future__ import annotations

from typing import Any

from django import template

from coopnet.core.models import Organization, User
from coopnet.workforce.models import Volunteer

register = template.Library()


@register.simple_tag(takes_context=True)
def is_own_volunteer(context: dict[str, Any]) -> bool:
    """True when the logged-in user's person is in the current organization's register."""
    organization, user = context.get("current_org"), context.get("user")
    if not isinstance(organization, Organization) or not isinstance(user, User):
        return False
    return Volunteer.objects.for_org(organization).filter(person__user=user).exists()
