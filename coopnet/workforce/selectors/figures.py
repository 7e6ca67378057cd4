"""Figures of the staff and the volunteers for the social report: counts and sums, no names.

No special-category data here (the disadvantaged share is compliance's R-381-4b average).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from coopnet.core.models import Organization

from ..models import Employment, ExpenseReimbursement, Volunteer, VolunteerHours
from .staff import APPROVED_HOURS, in_force_on

# DM 4/7/2019 §6.4 asks for the staff's age; these bands are a product choice.
AGE_BANDS = ((30, "<30"), (50, "30-49"), (None, "50+"))
UNKNOWN = "nd"  # not recorded (sex, birth date, CCNL)


def age_band(birth_date: dt.date | None, on: dt.date) -> str:
    """The band of a person's age on ``on`` (``nd`` when the birth date is not recorded)."""
    if birth_date is None:
        return UNKNOWN
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return next(label for limit, label in AGE_BANDS if limit is None or age < limit)


@dataclass(frozen=True)
class StaffFigures:
    """People employed on a day (heads: one person with two contracts counts once, under
    the contract that started last) by sex, age band, contract and CCNL."""

    workers: int
    by_sex: dict[str, int]
    by_age: dict[str, int]
    by_contract: dict[str, int]
    by_ccnl: dict[str, int]


def staff_figures(organization: Organization, on: dt.date) -> StaffFigures:
    """Heads employed on ``on`` by sex, age band, contract and CCNL; one query."""
    rows = (
        Employment.objects.for_org(organization)
        .filter(in_force_on(on))
        .order_by("person_id", "start_date")
        .values_list("person_id", "person__sex", "person__birth_date", "contract_type", "ccnl")
    )
    heads: dict[int, tuple[str, dt.date | None, str, str]] = {
        person: (sex, born, contract, ccnl) for person, sex, born, contract, ccnl in rows
    }  # the latest contract wins
    people = heads.values()
    return StaffFigures(
        workers=len(heads),
        by_sex=dict(Counter(sex or UNKNOWN for sex, _b, _c, _n in people)),
        by_age=dict(Counter(age_band(born, on) for _s, born, _c, _n in people)),
        by_contract=dict(Counter(contract for _s, _b, contract, _n in people)),
        by_ccnl=dict(Counter(ccnl.strip() or UNKNOWN for _s, _b, _c, ccnl in people)),
    )


@dataclass(frozen=True)
class VolunteerFigures:
    """Volunteers on the register between two days, their approved hours and reimbursements
    (DM 4/7/2019 §6.4: total, self-certified, number of volunteers reimbursed)."""

    volunteers: int
    hours: Decimal
    reimbursed: Decimal
    self_certified: Decimal
    reimbursed_volunteers: int


def volunteer_figures(organization: Organization, start: dt.date, end: dt.date) -> VolunteerFigures:
    """Volunteers registered at any time between ``start`` and ``end``, with their approved
    hours and expense reimbursements in those days; three queries."""
    registered = (
        Volunteer.objects.for_org(organization)
        .filter(start_date__lte=end)
        .exclude(end_date__lt=start)
        .values("person_id")
        .distinct()
        .count()
    )
    hours = (
        VolunteerHours.objects.for_org(organization)
        .filter(APPROVED_HOURS, date__gte=start, date__lte=end)
        .aggregate(total=Sum("hours"))["total"]
    )
    money = (
        ExpenseReimbursement.objects.for_org(organization)
        .filter(date__gte=start, date__lte=end)
        .aggregate(
            total=Sum("amount"),
            self_certified=Sum("amount", filter=Q(self_certified=True)),
            volunteers=Count("volunteer__person_id", distinct=True),
        )
    )
    zero = Decimal("0")
    return VolunteerFigures(
        volunteers=registered,
        hours=hours or zero,
        reimbursed=money["total"] or zero,
        self_certified=money["self_certified"] or zero,
        reimbursed_volunteers=money["volunteers"],
    )
