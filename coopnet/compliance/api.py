"""API endpoint of the compliance engine: ``GET /orgs/{slug}/compliance?as_of=YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from coopnet.core.access import OrgAccess
from coopnet.core.api import PlausibleDate, api_access, responses

from . import engine
from .privacy import for_viewer
from .rules import RULES
from .schemas import FindingOut

router = Router(tags=["compliance"])


def findings_out(access: OrgAccess, as_of: dt.date) -> list[dict[str, Any]]:
    """Every rule's finding as ``FindingOut`` fields, in the order of ``RULES``, as the
    viewer may see it (small disadvantage counts hidden: ``privacy.for_viewer``)."""
    findings = [for_viewer(f, access) for f in engine.run(access.organization, as_of)]
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
        for rule, f in zip(RULES, findings, strict=True)
    ]


@router.get(
    "/orgs/{slug}/compliance",
    response=responses({200: list[FindingOut]}, 404, 422),
    summary="Compliance findings of an organization on a date",
)
def compliance_findings(
    request: HttpRequest, slug: str, as_of: PlausibleDate | None = None
) -> list[dict[str, Any]]:
    """Findings of every rule on ``as_of`` (default today); an invalid date answers 422."""
    access = api_access(request, slug, "compliance.findings:read")
    day = as_of or timezone.localdate()
    error = engine.unsupported_date_error(day)
    if error:
        raise ValidationError({"as_of": error})
    return findings_out(access, day)
