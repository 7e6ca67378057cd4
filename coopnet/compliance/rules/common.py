"""How a rule is declared (``Rule``) and checked, and the helpers its parts share.

A rule is data: its id, title, law, level, the organization kinds it covers and its unit,
plus two functions: ``measure`` computes the numbers (from the facts and the dated
parameters) and ``text`` writes the Italian explanation and action from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind
from coopnet.core.parameters import ParameterMissingError

from ..findings import Finding, Level, Status, Unit
from ..selectors import OrgFacts, load_facts

SOCIAL = OrganizationKind.social_cooperatives()
# Kinds whose members are recorded in a libro soci, so the Civil Code's member rules apply.
COOPERATIVES = SOCIAL | {OrganizationKind.COMMUNITY_COOP, OrganizationKind.COOP}
RATIO_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Measure:
    """What a rule computed, before any word is written about it.

    ``data`` is published with the finding (counts, ratios, ISO dates: never a name);
    ``notes`` holds what only the text needs (a notice, a parameter, which case applies).
    A status ``not_applicable`` publishes no number: the text gives the reason.
    """

    status: Status
    value: Decimal | None = None
    threshold: Decimal | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    notes: Mapping[str, Any] = field(default_factory=dict)


# (explanation, action): Italian, built from a Measure and the day checked. A rule whose action
# depends on the status only gives the explanation, and ``Rule.actions`` the action.
Text = tuple[str, str]


@dataclass(frozen=True)
class Rule:
    """One rule of DOMAIN.md, declared once; ``RULES`` lists them in the dashboard's order."""

    id: str
    title: str | Promise
    law: str
    level: Level
    kinds: Collection[str]
    measure: Callable[[Organization, OrgFacts], Measure]
    text: Callable[[Measure, dt.date], str | Text]
    actions: Mapping[Status, str | Promise] = field(default_factory=dict)
    unit: Unit = Unit.NONE

    def check(
        self, organization: Organization, as_of: dt.date, facts: OrgFacts | None = None
    ) -> Finding:
        """The finding on ``as_of``: not applicable to a kind outside ``kinds`` or before
        the law's parameters are in force; ``facts`` preloaded by the engine, else loaded."""
        if organization.kind not in self.kinds:
            return self.not_applicable(
                as_of,
                _("La regola non riguarda questo tipo di organizzazione (%(kind)s).")
                % {"kind": organization.get_kind_display()},
            )
        try:
            measured = self.measure(organization, facts_for(organization, as_of, facts))
        except ParameterMissingError:  # that a law was not yet in force is certain: level C
            return self.not_applicable(
                as_of,
                _("La norma (%(law)s) non era ancora in vigore il %(date)s.")
                % {"law": self.law, "date": day(as_of)},
                level=Level.CERTAIN,
            )
        written = self.text(measured, as_of)
        if isinstance(written, tuple):
            explanation, action = written
        else:
            explanation, action = written, str(self.actions.get(measured.status, ""))
        if measured.status == Status.NOT_APPLICABLE:
            return self.not_applicable(as_of, explanation)
        return Finding(
            rule=self.id,
            status=measured.status,
            value=measured.value,
            threshold=measured.threshold,
            as_of=as_of,
            explanation=explanation,
            data=dict(measured.data),
            action=action,
            level=self.level,
            unit=self.unit,
        )

    def not_applicable(self, as_of: dt.date, reason: str, level: Level | None = None) -> Finding:
        return Finding(
            rule=self.id,
            status=Status.NOT_APPLICABLE,
            value=None,
            threshold=None,
            as_of=as_of,
            explanation=reason,
            level=level or self.level,
        )


def facts_for(organization: Organization, as_of: dt.date, facts: OrgFacts | None) -> OrgFacts:
    """The facts the engine preloaded, or those of this one organization."""
    if facts is not None:
        return facts
    return load_facts([organization], as_of)[organization.pk]


def ok_or(failed: Status, passed: bool) -> Status:
    """``ok`` when the check ``passed``, else ``failed``."""
    return Status.OK if passed else failed


def ratio(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def day(value: dt.date | str) -> str:
    """A date (or the ISO date of a finding's data) as dd/mm/yyyy."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")
