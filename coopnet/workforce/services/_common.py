"""Checks shared by the workforce services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, User
from coopnet.members.models import Person
from coopnet.members.services import person_create

from ..models import Employment, Volunteer

M = TypeVar("M", bound=models.Model)


def same_organization(organization: Organization, person: Person) -> None:
    if person.organization_id != organization.pk:
        raise ValidationError({"person": _("La persona non appartiene a questa organizzazione.")})


def lock_person(person: Person) -> None:
    """Serialise writes about one person so that two overlapping periods cannot both pass."""
    Person.objects.select_for_update().filter(pk=person.pk).first()


def new_period_of(
    model: type[M],
    *,
    actor: User | None,
    organization: Organization,
    person: Person | None,
    new_person: Mapping[str, Any] | None,
) -> M:
    """A new ``model`` row (an employment or volunteering period) of ``person``, or of a new
    person from ``new_person`` (created in the caller's transaction, so undone with the rest
    when a later check refuses); the person stays locked until that transaction ends."""
    if person is None:
        person = person_create(actor=actor, organization=organization, data=new_person or {})
    same_organization(organization, person)
    lock_person(person)
    return model(organization=organization, person=person)


def overlapping_periods(row: Employment | Volunteer) -> QuerySet[Any]:
    """The other periods of the same person in the organization that overlap ``row``'s
    (``start_date`` to ``end_date``, open-ended when it has none)."""
    return (
        type(row)
        .objects.for_org(row.organization_id)
        .filter(
            Q(end_date__isnull=True) | Q(end_date__gte=row.start_date),
            person_id=row.person_id,
            start_date__lte=row.end_date or dt.date.max,
        )
        .exclude(pk=row.pk)
    )


def dates_ordered(start: dt.date | None, end: dt.date | None, field: str, message: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError({field: message})


def end_after_start(start: dt.date | None, end: dt.date | None) -> None:
    dates_ordered(start, end, "end_date", _("La data di fine non può precedere la data di inizio."))
