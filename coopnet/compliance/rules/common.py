"""Helpers shared by the rule functions: loading facts, ratios, dates."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind

from ..findings import Finding, Level, Status
from ..selectors import OrgFacts, load_facts

SOCIAL = OrganizationKind.social_cooperatives()
# Kinds whose members are recorded in a libro soci, so the Civil Code's member rules apply.
COOPERATIVES = SOCIAL | {OrganizationKind.COMMUNITY_COOP, OrganizationKind.COOP}
RATIO_PLACES = Decimal("0.0001")


def facts_for(organization: Organization, as_of: dt.date, facts: OrgFacts | None) -> OrgFacts:
    """The facts the engine preloaded, or those of this one organization."""
    if facts is not None:
        return facts
    return load_facts([organization], as_of)[organization.pk]


def not_applicable(rule: str, as_of: dt.date, level: Level, reason: str) -> Finding:
    return Finding(
        rule=rule,
        status=Status.NOT_APPLICABLE,
        value=None,
        threshold=None,
        as_of=as_of,
        explanation=reason,
        level=level,
    )


def kind_not_covered(
    rule: str, as_of: dt.date, level: Level, organization: Organization
) -> Finding:
    return not_applicable(
        rule,
        as_of,
        level,
        _("La regola non riguarda questo tipo di organizzazione (%(kind)s).")
        % {"kind": organization.get_kind_display()},
    )


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")
