"""The compliance engine: every rule for one organization, for many, and a trend over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind

from .disadvantage import WORK_INTEGRATION_KINDS, workforce_aggregates
from .findings import Finding
from .parameters import ParameterReader
from .rules import RULES
from .rules.common import SOCIAL, ratio
from .selectors import load_facts, members_on_day, membership_history

# The Civil Code reform (D.Lgs. 6/2003) came into force on this day; every rule's parameters
# start then, so earlier dates cannot be checked.
SUPPORTED_FROM = dt.date(2004, 1, 1)


def unsupported_date_error(as_of: dt.date) -> str:
    """An Italian message when ``as_of`` cannot be checked, else an empty string."""
    if as_of < SUPPORTED_FROM:
        return _("I controlli coprono le date dal %(date)s in poi.") % {
            "date": SUPPORTED_FROM.strftime("%d/%m/%Y")
        }
    return ""


def run(organization: Organization, as_of: dt.date) -> list[Finding]:
    """Every rule's finding for ``organization`` on ``as_of``, in the order of ``RULES``."""
    return run_many([organization], as_of)[organization.pk]


def run_many(organizations: Iterable[Organization], as_of: dt.date) -> dict[int, list[Finding]]:
    """Findings by organization id, with the facts of all organizations loaded together.

    The number of queries does not depend on how many organizations are checked (parameters
    are looked up once per key and region in force).
    """
    facts = load_facts(organizations, as_of, params=ParameterReader())
    return {pk: [rule.check(f.organization, as_of, f) for rule in RULES] for pk, f in facts.items()}


def month_ends(as_of: dt.date, months: int) -> list[dt.date]:
    """The last ``months`` month ends on or before ``as_of``, oldest first."""
    ends: list[dt.date] = []
    current = as_of + dt.timedelta(days=1)
    current = dt.date(current.year, current.month, 1) - dt.timedelta(days=1)
    while len(ends) < months:
        ends.append(current)
        current = dt.date(current.year, current.month, 1) - dt.timedelta(days=1)
    return ends[::-1]


@dataclass(frozen=True)
class TrendPoint:
    """The main ratios at one month end (None where a rule does not apply)."""

    day: dt.date
    members: int
    volunteer_share: Decimal | None
    workers: Decimal | None
    disadvantaged: Decimal | None
    share_of_workers: Decimal | None
    share_of_non_disadvantaged: Decimal | None


def trend(organization: Organization, as_of: dt.date, months: int = 24) -> list[TrendPoint]:
    """Members, volunteer share (R-381-2a) and disadvantaged shares (R-381-4b) by month end."""
    points = month_ends(as_of, months)
    history = membership_history(organization)
    social = organization.kind in SOCIAL
    work = None
    if organization.kind in WORK_INTEGRATION_KINDS:
        work = workforce_aggregates([organization], points, ParameterReader())[organization.pk]
    result = []
    for i, point in enumerate(points):
        members, volunteers = members_on_day(history, point)
        days = work.windows[i] if work is not None else None
        d = days.disadvantaged_days if days else 0
        t = days.worker_days if days else 0
        result.append(
            TrendPoint(
                day=point,
                members=members,
                volunteer_share=ratio(volunteers, members) if social else None,
                workers=days.workers if days else None,
                disadvantaged=days.disadvantaged if days else None,
                share_of_workers=ratio(d, t) if days else None,
                share_of_non_disadvantaged=ratio(d, t - d) if days else None,
            )
        )
    return result


def is_group(organization: Organization) -> bool:
    return organization.kind in OrganizationKind.groups()
