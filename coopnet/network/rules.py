"""Network rules shown as warnings or advice on organization pages (reused by compliance)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind

SOCIAL_COOP_NAME = re.compile(r"cooperativa\s+sociale", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    """A rule that applies to an organization: its stable id, the law and a message."""

    rule_id: str
    law: str
    message: str
    severity: str  # "warning" (a legal requirement) or "advice" (a network principle)

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message} ({self.law})"


def legal_name_notice(kind: str, legal_name: str) -> Notice | None:
    """R-381-1b: a social cooperative's legal name must contain "cooperativa sociale"."""
    if kind not in OrganizationKind.social_cooperatives() or SOCIAL_COOP_NAME.search(legal_name):
        return None
    return Notice(
        rule_id="R-381-1b",
        law=_("L. 381/1991, art. 1 c. 3"),
        message=_(
            "La ragione sociale di una cooperativa sociale deve contenere "
            "l'indicazione «cooperativa sociale»."
        ),
        severity="warning",
    )


def incubation_notice(organization: Organization, *, has_incubated: bool) -> Notice | None:
    """R-NET-3 (advice): each social cooperative commits to incubating a new one."""
    if not organization.is_social_cooperative or has_incubated:
        return None
    return Notice(
        rule_id="R-NET-3",
        law=_("principi della rete delle cooperative sociali («campi di fragole»)"),
        message=_(
            "Questa cooperativa non ha ancora incubato una nuova cooperativa sociale: "
            "è un consiglio, non un obbligo di legge."
        ),
        severity="advice",
    )


def organization_notices(organization: Organization, *, has_incubated: bool) -> list[Notice]:
    """Every notice that applies to ``organization``, warnings first."""
    found = [
        legal_name_notice(organization.kind, organization.legal_name),
        incubation_notice(organization, has_incubated=has_incubated),
    ]
    return [notice for notice in found if notice is not None]
