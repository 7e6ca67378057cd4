"""The volunteer register: entries, insurance (R-381-2c) and reimbursed expenses (R-381-2b)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coopnet.core.formatting import money
from coopnet.core.models import Organization, User
from coopnet.core.parameters import parameter_value
from coopnet.core.services import save_audited
from coopnet.members.models import Person

from ..models import ExpenseReimbursement, Volunteer, VolunteerInsurance
from ._common import dates_ordered, end_after_start, new_period_of, overlapping_periods

VOLUNTEER_FIELDS = ("activities", "start_date", "end_date")

R = TypeVar("R", VolunteerInsurance, ExpenseReimbursement)


def _clean_volunteer(volunteer: Volunteer) -> None:
    end_after_start(volunteer.start_date, volunteer.end_date)
    if overlapping_periods(volunteer).exists():
        raise ValidationError(
            {"start_date": _("Questa persona è già iscritta nel registro dei volontari.")}
        )
    volunteer.full_clean(exclude=["organization", "person"])


_save_volunteer = partial(save_audited, fields=VOLUNTEER_FIELDS, clean=_clean_volunteer)


@transaction.atomic
def volunteer_register(
    *,
    actor: User | None,
    organization: Organization,
    person: Person | None,
    data: Mapping[str, Any],
    new_person: Mapping[str, Any] | None = None,
) -> Volunteer:
    """Enter ``person`` (or a new person described by ``new_person``) in the volunteer
    register, with activities and start date."""
    volunteer = new_period_of(
        Volunteer, actor=actor, organization=organization, person=person, new_person=new_person
    )
    return _save_volunteer(
        actor=actor, instance=volunteer, data=data, action="workforce.volunteer.register"
    )


@transaction.atomic
def volunteer_update(
    *, actor: User | None, volunteer: Volunteer, data: Mapping[str, Any]
) -> Volunteer:
    """Change a volunteer's activities or dates (an end date closes the entry)."""
    return _save_volunteer(
        actor=actor, instance=volunteer, data=data, action="workforce.volunteer.update"
    )


def within_volunteering(volunteer: Volunteer, day: dt.date, field: str) -> None:
    if day < volunteer.start_date or (volunteer.end_date is not None and day > volunteer.end_date):
        raise ValidationError(
            {field: _("La data è fuori dal periodo di iscrizione nel registro dei volontari.")}
        )


def lock_volunteer(volunteer: Volunteer) -> None:
    """Serialise the checks of a volunteer's daily hours and expense caps."""
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()


def _add_row(actor: User | None, row: R, data: Mapping[str, Any], action: str) -> R:
    """Save a new row of a volunteer's (built with its organization and volunteer), audited."""
    return save_audited(
        actor=actor,
        instance=row,
        data=data,
        fields=tuple(data),
        clean=lambda new: new.full_clean(exclude=["organization", "volunteer"]),
        action=action,
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
    dates_ordered(
        valid_from,
        valid_to,
        "valid_to",
        _("La fine della copertura non può precedere il suo inizio."),
    )
    data = {
        "insurer": insurer.strip(),
        "policy_number": policy_number.strip(),
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    insurance = VolunteerInsurance(organization=volunteer.organization, volunteer=volunteer)
    return _add_row(actor, insurance, data, "workforce.insurance.add")


def _check_self_certified_caps(volunteer: Volunteer, day: dt.date, amount: Decimal) -> None:
    """R-381-2b: self-certified expenses stay within the daily and monthly caps in force."""
    self_certified = ExpenseReimbursement.objects.filter(volunteer=volunteer, self_certified=True)
    day_rows = self_certified.filter(date=day)
    month_rows = self_certified.filter(date__year=day.year, date__month=day.month)
    caps = (
        (
            day_rows,
            "r381.volunteer_expense_day_max",
            _(
                "R-381-2b: i rimborsi autocertificati non possono superare %(max)s al giorno "
                "(D.Lgs. 117/2017 art. 17 c.4, applicabile alle cooperative sociali secondo "
                "la nota Min. Lavoro 10979/2020). Già rimborsati in questo giorno: %(done)s. "
                "Per importi maggiori servono i giustificativi."
            ),
        ),
        (
            month_rows,
            "r381.volunteer_expense_month_max",
            _(
                "R-381-2b: i rimborsi autocertificati non possono superare %(max)s al mese "
                "(D.Lgs. 117/2017 art. 17 c.4, applicabile alle cooperative sociali secondo "
                "la nota Min. Lavoro 10979/2020). Già rimborsati in questo mese: %(done)s. "
                "Per importi maggiori servono i giustificativi."
            ),
        ),
    )
    for rows, parameter, message in caps:
        cap = parameter_value(parameter, day)
        done = rows.aggregate(total=Sum("amount"))["total"] or 0
        if done + amount > cap:
            raise ValidationError(
                {"amount": message % {"max": money(cap), "done": money(Decimal(done))}}
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
    lock_volunteer(volunteer)
    if self_certified:
        _check_self_certified_caps(volunteer, date, amount)
    data = {
        "date": date,
        "amount": amount,
        "self_certified": self_certified,
        "description": description.strip(),
    }
    reimbursement = ExpenseReimbursement(organization=volunteer.organization, volunteer=volunteer)
    return _add_row(actor, reimbursement, data, "workforce.reimbursement.record")
