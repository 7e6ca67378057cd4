"""Writes of the workforce app: employment, qualifications, the volunteer register.

Every function is atomic, validates with Italian messages (naming the rule where there is
one) and writes one audit entry. Special-category data is written only by ``vault``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.formatting import money
from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.core.parameters import parameter_value
from coopnet.members.models import Person

from .models import (
    Employment,
    ExpenseReimbursement,
    HoursStatus,
    Qualification,
    Volunteer,
    VolunteerHours,
    VolunteerInsurance,
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
VOLUNTEER_FIELDS = ("activities", "start_date", "end_date")
MAX_WEEKLY_HOURS = Decimal(168)  # the hours in a week: a physical bound, not a legal one


def _assign(instance: models.Model, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(instance, field, value)


def _same_organization(organization: Organization, person: Person) -> None:
    if person.organization_id != organization.pk:
        raise ValidationError({"person": _("La persona non appartiene a questa organizzazione.")})


# --- employment ----------------------------------------------------------------------------


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


def _check_employment(employment: Employment) -> None:
    if employment.end_date is not None and employment.end_date < employment.start_date:
        raise ValidationError(
            {"end_date": _("La data di fine non può precedere la data di inizio.")}
        )
    hours = employment.weekly_hours
    if hours is None or not Decimal(0) <= Decimal(hours) <= MAX_WEEKLY_HOURS:
        raise ValidationError({"weekly_hours": _("Le ore settimanali devono essere tra 0 e 168.")})
    if employment.gross_annual_pay is not None and employment.gross_annual_pay < 0:
        raise ValidationError(
            {"gross_annual_pay": _("La retribuzione annua non può essere negativa.")}
        )
    overlapping = Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=employment.start_date),
        organization_id=employment.organization_id,
        person_id=employment.person_id,
    ).exclude(pk=employment.pk)
    if employment.end_date is not None:
        overlapping = overlapping.filter(start_date__lte=employment.end_date)
    other = overlapping.order_by("start_date").first()
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


def _lock_person(person: Person) -> None:
    """Serialise writes about one person so that two overlapping periods cannot both pass."""
    Person.objects.select_for_update().filter(pk=person.pk).first()


def _save_employment(employment: Employment, organization: Organization) -> None:
    employment.branch = employment.branch or ""
    _check_branch(employment, organization)
    _check_employment(employment)
    employment.full_clean(exclude=["organization", "person"])
    employment.save()


@transaction.atomic
def employment_create(
    *, actor: User | None, organization: Organization, person: Person, data: Mapping[str, Any]
) -> Employment:
    """Record an employment period of ``person`` in ``organization``."""
    _same_organization(organization, person)
    _lock_person(person)
    employment = Employment(organization=organization, person=person)
    _assign(employment, data, EMPLOYMENT_FIELDS)
    _save_employment(employment, organization)
    log_action(
        actor=actor,
        organization=organization,
        action="workforce.employment.create",
        obj=employment,
        after=snapshot(employment),
    )
    return employment


@transaction.atomic
def employment_update(
    *, actor: User | None, employment: Employment, data: Mapping[str, Any]
) -> Employment:
    """Correct an employment period (contract, hours, dates, pay)."""
    organization = employment.organization
    _lock_person(employment.person)
    before = snapshot(employment)
    _assign(employment, data, EMPLOYMENT_FIELDS)
    _save_employment(employment, organization)
    log_action(
        actor=actor,
        organization=organization,
        action="workforce.employment.update",
        obj=employment,
        before=before,
        after=snapshot(employment),
    )
    return employment


@transaction.atomic
def employment_end(*, actor: User | None, employment: Employment, end_date: dt.date) -> Employment:
    """Close an employment period on ``end_date`` (the last day worked)."""
    if employment.end_date is not None:
        raise ValidationError({"end_date": _("Questo rapporto di lavoro è già chiuso.")})
    return employment_update(actor=actor, employment=employment, data={"end_date": end_date})


# --- qualifications ------------------------------------------------------------------------


def _save_qualification(qualification: Qualification) -> None:
    if (
        qualification.issued_on is not None
        and qualification.expires_on is not None
        and qualification.expires_on < qualification.issued_on
    ):
        raise ValidationError(
            {"expires_on": _("La scadenza non può precedere la data di rilascio.")}
        )
    qualification.full_clean(exclude=["organization", "person"])
    qualification.save()


@transaction.atomic
def qualification_create(
    *, actor: User | None, organization: Organization, person: Person, data: Mapping[str, Any]
) -> Qualification:
    """Record a qualification (OSS, ASA, nurse, ...) with its optional expiry."""
    _same_organization(organization, person)
    qualification = Qualification(organization=organization, person=person)
    _assign(qualification, data, QUALIFICATION_FIELDS)
    _save_qualification(qualification)
    log_action(
        actor=actor,
        organization=organization,
        action="workforce.qualification.create",
        obj=qualification,
        after=snapshot(qualification),
    )
    return qualification


@transaction.atomic
def qualification_update(
    *, actor: User | None, qualification: Qualification, data: Mapping[str, Any]
) -> Qualification:
    """Renew or correct a qualification."""
    before = snapshot(qualification)
    _assign(qualification, data, QUALIFICATION_FIELDS)
    _save_qualification(qualification)
    log_action(
        actor=actor,
        organization=qualification.organization,
        action="workforce.qualification.update",
        obj=qualification,
        before=before,
        after=snapshot(qualification),
    )
    return qualification


# --- volunteers ----------------------------------------------------------------------------


def _save_volunteer(volunteer: Volunteer) -> None:
    if volunteer.end_date is not None and volunteer.end_date < volunteer.start_date:
        raise ValidationError(
            {"end_date": _("La data di fine non può precedere la data di inizio.")}
        )
    clash = (
        Volunteer.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=volunteer.start_date),
            organization_id=volunteer.organization_id,
            person_id=volunteer.person_id,
        )
        .exclude(pk=volunteer.pk)
        .filter(start_date__lte=volunteer.end_date or dt.date.max)
    )
    if clash.exists():
        raise ValidationError(
            {"start_date": _("Questa persona è già iscritta nel registro dei volontari.")}
        )
    volunteer.full_clean(exclude=["organization", "person"])
    volunteer.save()


@transaction.atomic
def volunteer_register(
    *, actor: User | None, organization: Organization, person: Person, data: Mapping[str, Any]
) -> Volunteer:
    """Enter ``person`` in the volunteer register, with activities and start date."""
    _same_organization(organization, person)
    _lock_person(person)
    volunteer = Volunteer(organization=organization, person=person)
    _assign(volunteer, data, VOLUNTEER_FIELDS)
    _save_volunteer(volunteer)
    log_action(
        actor=actor,
        organization=organization,
        action="workforce.volunteer.register",
        obj=volunteer,
        after=snapshot(volunteer),
    )
    return volunteer


@transaction.atomic
def volunteer_update(
    *, actor: User | None, volunteer: Volunteer, data: Mapping[str, Any]
) -> Volunteer:
    """Change a volunteer's activities or dates (an end date closes the entry)."""
    before = snapshot(volunteer)
    _assign(volunteer, data, VOLUNTEER_FIELDS)
    _save_volunteer(volunteer)
    log_action(
        actor=actor,
        organization=volunteer.organization,
        action="workforce.volunteer.update",
        obj=volunteer,
        before=before,
        after=snapshot(volunteer),
    )
    return volunteer


def within_volunteering(volunteer: Volunteer, day: dt.date, field: str) -> None:
    if day < volunteer.start_date or (volunteer.end_date is not None and day > volunteer.end_date):
        raise ValidationError(
            {field: _("La data è fuori dal periodo di iscrizione nel registro dei volontari.")}
        )


@transaction.atomic
def insurance_add(
    *,
    actor: User | None,
    volunteer: Volunteer,
    insurer: str,
    policy_number: str,
    valid_from: dt.date,
    valid_to: dt.date,
) -> VolunteerInsurance:
    """Record the accident and occupational-disease cover of a volunteer (R-381-2c)."""
    if valid_to < valid_from:
        raise ValidationError(
            {"valid_to": _("La fine della copertura non può precedere il suo inizio.")}
        )
    insurance = VolunteerInsurance(
        organization_id=volunteer.organization_id,
        volunteer=volunteer,
        insurer=insurer.strip(),
        policy_number=policy_number.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    insurance.full_clean(exclude=["organization", "volunteer"])
    insurance.save()
    log_action(
        actor=actor,
        organization=volunteer.organization,
        action="workforce.insurance.add",
        obj=insurance,
        after=snapshot(insurance),
    )
    return insurance


def check_day_hours(volunteer: Volunteer, date: dt.date, hours: Decimal) -> None:
    """Validate ``hours`` more on ``date``: within the registration period and, with the
    approved and proposed hours of that day, at most 24. Call it inside a transaction: it
    locks the volunteer so that two entries at once cannot both fit."""
    if not Decimal(0) < hours <= Decimal(24):
        raise ValidationError(
            {"hours": _("Le ore di un giorno devono essere più di 0 e al massimo 24.")}
        )
    within_volunteering(volunteer, date, "date")
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    day_total = VolunteerHours.objects.filter(
        volunteer=volunteer,
        date=date,
        status__in=(HoursStatus.APPROVED, HoursStatus.PROPOSED),
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if day_total + hours > Decimal(24):
        raise ValidationError({"hours": _("Con queste ore il totale del giorno supererebbe 24.")})


def hours_save(
    *,
    volunteer: Volunteer,
    date: dt.date,
    hours: Decimal,
    activity: str,
    status: HoursStatus,
    proposed_by: User | None = None,
) -> VolunteerHours:
    """Validate and save one hours row; the caller holds the transaction and audits it."""
    check_day_hours(volunteer, date, hours)
    entry = VolunteerHours(
        organization_id=volunteer.organization_id,
        volunteer=volunteer,
        date=date,
        hours=hours,
        activity=activity.strip(),
        status=status,
        proposed_by=proposed_by,
    )
    entry.full_clean(exclude=["organization", "volunteer", "proposed_by"])
    entry.save()
    return entry


@transaction.atomic
def hours_record(
    *, actor: User | None, volunteer: Volunteer, date: dt.date, hours: Decimal, activity: str = ""
) -> VolunteerHours:
    """Record the hours a volunteer gave on one day (entered by staff: approved at once)."""
    entry = hours_save(
        volunteer=volunteer,
        date=date,
        hours=hours,
        activity=activity,
        status=HoursStatus.APPROVED,
    )
    log_action(
        actor=actor,
        organization=volunteer.organization,
        action="workforce.hours.record",
        obj=entry,
        after=snapshot(entry),
    )
    return entry


def _check_self_certified_caps(volunteer: Volunteer, day: dt.date, amount: Decimal) -> None:
    """R-381-2b: self-certified expenses stay within the daily and monthly caps in force."""
    day_max = parameter_value("r381.volunteer_expense_day_max", day)
    month_max = parameter_value("r381.volunteer_expense_month_max", day)
    self_certified = ExpenseReimbursement.objects.filter(volunteer=volunteer, self_certified=True)
    day_total = self_certified.filter(date=day).aggregate(total=Sum("amount"))["total"] or 0
    month_total = (
        self_certified.filter(date__year=day.year, date__month=day.month).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    if day_total + amount > day_max:
        raise ValidationError(
            {
                "amount": _(
                    "R-381-2b: i rimborsi autocertificati non possono superare %(max)s al giorno "
                    "(D.Lgs. 117/2017 art. 17 c.4, applicabile alle cooperative sociali secondo "
                    "la nota Min. Lavoro 10979/2020). Già rimborsati in questo giorno: %(done)s. "
                    "Per importi maggiori servono i giustificativi."
                )
                % {"max": money(day_max), "done": money(Decimal(day_total))}
            }
        )
    if month_total + amount > month_max:
        raise ValidationError(
            {
                "amount": _(
                    "R-381-2b: i rimborsi autocertificati non possono superare %(max)s al mese "
                    "(D.Lgs. 117/2017 art. 17 c.4, applicabile alle cooperative sociali secondo "
                    "la nota Min. Lavoro 10979/2020). Già rimborsati in questo mese: %(done)s. "
                    "Per importi maggiori servono i giustificativi."
                )
                % {"max": money(month_max), "done": money(Decimal(month_total))}
            }
        )


@transaction.atomic
def reimbursement_record(
    *,
    actor: User | None,
    volunteer: Volunteer,
    date: dt.date,
    amount: Decimal,
    self_certified: bool,
    description: str,
) -> ExpenseReimbursement:
    """Reimburse an expense to a volunteer (R-381-2b: no pay, only expenses)."""
    if amount <= 0:
        raise ValidationError({"amount": _("L'importo deve essere maggiore di zero.")})
    if not description.strip():
        raise ValidationError({"description": _("Descrivi la spesa.")})
    within_volunteering(volunteer, date, "date")
    # Lock the volunteer so that two self-certified expenses cannot both fit under the cap.
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    if self_certified:
        _check_self_certified_caps(volunteer, date, amount)
    reimbursement = ExpenseReimbursement(
        organization_id=volunteer.organization_id,
        volunteer=volunteer,
        date=date,
        amount=amount,
        self_certified=self_certified,
        description=description.strip(),
    )
    reimbursement.full_clean(exclude=["organization", "volunteer"])
    reimbursement.save()
    log_action(
        actor=actor,
        organization=volunteer.organization,
        action="workforce.reimbursement.record",
        obj=reimbursement,
        after=snapshot(reimbursement),
    )
    return reimbursement
