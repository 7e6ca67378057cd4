"""Employment periods and qualifications: atomic, validated in Italian, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.core.services import save_audited
from coopnet.members.models import Person

from ..models import Employment, Qualification
from ._common import (
    dates_ordered,
    end_after_start,
    lock_person,
    new_period_of,
    overlapping_periods,
    same_organization,
)

EMPLOYMENT_FIELDS = (
    "branch",
    "contract_type",
    "ccnl",
    "level",
    "weekly_hours",
    "start_date",
    "end_date",
    "gross_annual_pay",
)
QUALIFICATION_FIELDS = ("kind", "title", "issued_by", "issued_on", "expires_on")
MAX_WEEKLY_HOURS = Decimal(168)  # the hours in a week: a physical bound, not a legal one


def _check_branch(employment: Employment, organization: Organization) -> None:
    """R-381-1c: mixed A+B cooperatives tag every worker with a branch; others never do."""
    if organization.kind == OrganizationKind.SOCIAL_COOP_AB:
        if not employment.branch:
            raise ValidationError(
                {
                    "branch": _(
                        "Indica il ramo (A o B): in una cooperativa mista A+B ogni "
                        "lavoratore appartiene a un ramo (R-381-1c, circ. Min. Lavoro 153/1996)."
                    )
                }
            )
    elif employment.branch:
        raise ValidationError(
            {"branch": _("Il ramo si indica solo nelle cooperative sociali miste A+B.")}
        )


def _check_overlap(employment: Employment) -> None:
    other = overlapping_periods(employment).order_by("start_date").first()
    if other is not None:
        until = other.end_date.strftime("%d/%m/%Y") if other.end_date else _("oggi")
        raise ValidationError(
            {
                "start_date": _(
                    "Questo periodo si sovrappone a un altro rapporto della stessa persona "
                    "(dal %(start)s al %(end)s)."
                )
                % {"start": other.start_date.strftime("%d/%m/%Y"), "end": until}
            }
        )


def _clean_employment(employment: Employment) -> None:
    employment.branch = employment.branch or ""
    _check_branch(employment, employment.organization)
    end_after_start(employment.start_date, employment.end_date)
    hours = employment.weekly_hours
    if hours is None or not Decimal(0) <= Decimal(hours) <= MAX_WEEKLY_HOURS:
        raise ValidationError({"weekly_hours": _("Le ore settimanali devono essere tra 0 e 168.")})
    if employment.gross_annual_pay is not None and employment.gross_annual_pay < 0:
        raise ValidationError(
            {"gross_annual_pay": _("La retribuzione annua non può essere negativa.")}
        )
    _check_overlap(employment)
    employment.full_clean(exclude=["organization", "person"])


_save_employment = partial(save_audited, fields=EMPLOYMENT_FIELDS, clean=_clean_employment)


@transaction.atomic
def employment_create(
    *,
    actor: User | None,
    organization: Organization,
    person: Person | None,
    data: Mapping[str, Any],
    new_person: Mapping[str, Any] | None = None,
) -> Employment:
    """Record an employment period of ``person`` (or of a new person described by
    ``new_person``) in ``organization``."""
    employment = new_period_of(
        Employment, actor=actor, organization=organization, person=person, new_person=new_person
    )
    return _save_employment(
        actor=actor, instance=employment, data=data, action="workforce.employment.create"
    )


@transaction.atomic
def employment_update(
    *, actor: User | None, employment: Employment, data: Mapping[str, Any]
) -> Employment:
    """Correct an employment period (contract, hours, dates, pay)."""
    lock_person(employment.person)
    return _save_employment(
        actor=actor, instance=employment, data=data, action="workforce.employment.update"
    )


@transaction.atomic
def employment_end(*, actor: User | None, employment: Employment, end_date: dt.date) -> Employment:
    """Close an employment period on ``end_date`` (the last day worked)."""
    if employment.end_date is not None:
        raise ValidationError({"end_date": _("Questo rapporto di lavoro è già chiuso.")})
    return employment_update(actor=actor, employment=employment, data={"end_date": end_date})


# --- qualifications ------------------------------------------------------------------------


def _clean_qualification(qualification: Qualification) -> None:
    dates_ordered(
        qualification.issued_on,
        qualification.expires_on,
        "expires_on",
        _("La scadenza non può precedere la data di rilascio."),
    )
    qualification.full_clean(exclude=["organization", "person"])


_save_qualification = partial(save_audited, fields=QUALIFICATION_FIELDS, clean=_clean_qualification)


@transaction.atomic
def qualification_create(
    *, actor: User | None, organization: Organization, person: Person, data: Mapping[str, Any]
) -> Qualification:
    """Record a qualification (OSS, ASA, nurse, ...) with its optional expiry."""
    same_organization(organization, person)
    qualification = Qualification(organization=organization, person=person)
    return _save_qualification(
        actor=actor, instance=qualification, data=data, action="workforce.qualification.create"
    )


@transaction.atomic
def qualification_update(
    *, actor: User | None, qualification: Qualification, data: Mapping[str, Any]
) -> Qualification:
    """Renew or correct a qualification."""
    return _save_qualification(
        actor=actor, instance=qualification, data=data, action="workforce.qualification.update"
    )
