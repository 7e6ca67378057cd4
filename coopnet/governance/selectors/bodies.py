"""Reads of the bodies and their offices: the bodies with their current members, a body's
history, the offices in force on a day (the social report's section 3)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet

from coopnet.core.models import Organization
from coopnet.members.models import Person, PersonKind

from ..models import Body, Office


def in_force(day: dt.date) -> Q:
    """Offices held on ``day``: started, and not ended by then."""
    return Q(start_date__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def bodies(organization: Organization, day: dt.date) -> QuerySet[Body]:
    """The organization's bodies, each with ``current`` (its offices in force on ``day``)."""
    current = Office.objects.for_org(organization).filter(in_force(day)).select_related("person")
    return Body.objects.for_org(organization).prefetch_related(
        Prefetch("offices", queryset=current, to_attr="current")
    )


def body_detail(organization: Organization, pk: int) -> Body:
    return Body.objects.for_org(organization).get(pk=pk)


def body_offices(body: Body) -> QuerySet[Office]:
    """Every term in the body, current ones first, then the ended ones latest first."""
    return (
        Office.objects.for_org(body.organization_id)
        .filter(body=body)
        .select_related("person")
        .order_by(F("ended_on").desc(nulls_first=True), "role", "start_date")
    )


def office_detail(organization: Organization, pk: int) -> Office:
    return Office.objects.for_org(organization).select_related("body", "person").get(pk=pk)


def offices_on(organization: Organization, day: dt.date) -> QuerySet[Office]:
    """The offices held on ``day`` in every body, with their body and person."""
    return (
        Office.objects.for_org(organization)
        .filter(in_force(day))
        .select_related("body", "person")
        .order_by("body__kind", "body__name", "role", "person__surname")
    )


def office_candidates(organization: Organization) -> QuerySet[Person]:
    """The natural persons of the organization (members, workers, others it knows)."""
    return Person.objects.for_org(organization).filter(kind=PersonKind.NATURAL)
