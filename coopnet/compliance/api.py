"""API endpoint of the compliance engine: ``GET /orgs/{slug}/compliance?as_of=YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from coopnet.core.api import api_access, responses
from coopnet.core.models import Organization

from . import engine
from .rules import RULES
from .schemas import FindingOut

router = Router(tags=["compliance"])


def findings_out(organization: Organization, as_of: dt.date) -> list[dict[str, Any]]:
    """Every rule's finding as ``FindingOut`` fields, in the order of ``RULES``."""
    return [
        {
            "rule": f.rule,
            "title": str(rule.title),
            "status": str(f.status),
            "level": str(f.level),
            "unit": str(f.unit),
            "value": f.value,
            "threshold": f.threshold,
            "as_of": f.as_of,
            "explanation": f.explanation,
            "data": dict(f.data),
            "action": f.action,
        }
        for rule, f in zip(RULES, engine.run(organization, as_of), strict=True)
    ]


@router.get(
    "/orgs/{slug}/compliance",
    response=responses({200: list[FindingOut]}, 404, 422),
    summary="Compliance findings of an organization on a date",
)
def compliance_findings(
    request: HttpRequest, slug: str, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """Findings of every rule on ``as_of`` (default today); an invalid date answers 422."""
    access = api_access(request, slug, "compliance.findings:read")
    day = as_of or timezone.localdate()
    error = engine.unsupported_date_error(day)
    if error:
        raise ValidationError({"as_of": error})
    return findings_out(access.organization, day)
