"""``{% consortium_figures group %}``: the consortium page's table of its members' figures.

A tag, so that the network app's page shows figures of higher apps without importing them.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from coopnet.core.models import Organization

from ..selectors import consortium_figures as figures_of

register = template.Library()


@register.inclusion_tag("reporting/_consortium_figures.html")
def consortium_figures(group: Organization) -> dict[str, Any]:
    return {"org": group, "figures": figures_of(group, timezone.localdate())}
