"""Template tags naming an organization: a link only where the user may open its page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from coopnet.core.access import visible_organizations
from coopnet.core.models import Organization, User

register = template.Library()


@register.simple_tag(takes_context=True)
def org_link(context: dict[str, Any], organization: Organization) -> str:
    """The organization's name, linked to its page only if the user can open it (one query:
    for a single name on a page; lists compute the visible ids once in their selector)."""
    user = context.get("user")
    visible = isinstance(user, User) and (
        visible_organizations(user).filter(pk=organization.pk).exists()
    )
    if not visible:
        return format_html("{}", organization)
    url = reverse("network:profile", kwargs={"org_slug": organization.slug})
    return format_html('<a href="{}">{}</a>', url, organization)
