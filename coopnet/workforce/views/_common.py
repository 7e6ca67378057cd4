"""What the workforce pages share."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect

from coopnet.core.models import Organization

PAGE_SIZE = 50


def back(name: str, organization: Organization, **kwargs: Any) -> HttpResponse:
    """Redirect to the workforce page ``name`` of ``organization``."""
    return redirect(f"workforce:{name}", org_slug=organization.slug, **kwargs)
