"""Carers (workers and volunteers from the workforce registers), absences, calendar links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.services import assign
from coopnet.members.models import Person
from coopnet.workforce.models import Employment, Volunteer

from ..models import Absence, Carer, CarerKind
from ..tokens import new_token
from ._common import (
    Audited,
    coordinates_pair,
    dates_ordered,
    minutes,
    same_organization,
    store_token_hash,
    weekdays,
)

CARER_FIELDS = (
    "kind",
    "start_latitude",
    "start_longitude",
    "end_latitude",
    "end_longitude",
    "working_days",
    "shift_start",
    "shift_end",
    "break_start",
    "break_end",
    "lunch_earliest",
    "lunch_latest",
    "lunch_minutes",
    "overtime",
    "overtime_weight",
    "max_minutes_day",
    "max_minutes_week",
    "transport_mode",
    "active",
)
ABSENCE_FIELDS = ("kind", "start_date", "end_date", "note")


def _clean_break(carer: Carer) -> None:
    """A break has both ends, ends after it starts and lies inside the shift."""
    start, end = carer.break_start, carer.break_end
    if start is None and end is None:
        return
    if start is None or end is None:
        field = "break_start" if start is None else "break_end"
        raise ValidationError({field: _("Indica sia l'inizio sia la fine della pausa.")})
    if end <= start:
        raise ValidationError({"break_end": _("La pausa deve finire dopo il suo inizio.")})
    if start <= carer.shift_start or end >= carer.shift_end:
        raise ValidationError({"break_start": _("La pausa deve stare dentro il turno.")})


def _clean_lunch(carer: Carer) -> None:
    """A lunch window has all three parts, ends after it starts, holds the minimum duration
    and is not asked together with a fixed break."""
    earliest, latest, length = carer.lunch_earliest, carer.lunch_latest, carer.lunch_minutes
    if earliest is None and latest is None and length is None:
        return
    if earliest is None or latest is None or length is None:
        field = "lunch_earliest" if earliest is None else "lunch_latest"
        raise ValidationError(
            {
                field if length is not None else "lunch_minutes": _(
                    "Pausa pranzo: indica non prima delle, finita entro le e la durata minima "
                    "(oppure lascia vuoti tutti e tre)."
                )
            }
        )
    if latest <= earliest:
        raise ValidationError(
            {
                "lunch_latest": _(
                    "Pausa pranzo: «finita entro le» deve venire dopo «non prima delle»."
                )
            }
        )
    if not 1 <= length <= minutes(latest) - minutes(earliest):
        raise ValidationError(
            {"lunch_minutes": _("Pausa pranzo: la durata minima deve stare nella fascia.")}
        )
    if carer.break_start is not None:
        raise ValidationError(
            {
                "lunch_earliest": _(
                    "Pausa pranzo: indica la pausa fissa oppure la fascia della pausa pranzo, "
                    "non entrambe."
                )
            }
        )


def _clean_carer(carer: Carer) -> None:
    person_id, organization_id = carer.person_id, carer.organization_id
    if carer.kind == CarerKind.PAID:
        if not Employment.objects.filter(
            organization_id=organization_id, person_id=person_id
        ).exists():
            raise ValidationError(
                {
                    "kind": _(
                        "Questa persona non ha un rapporto di lavoro nel registro del personale."
                    )
                }
            )
    elif carer.kind == CarerKind.VOLUNTEER:
        if not Volunteer.objects.filter(
            organization_id=organization_id, person_id=person_id
        ).exists():
            raise ValidationError(
                {"kind": _("Questa persona non è iscritta nel registro dei volontari.")}
            )
    else:
        raise ValidationError({"kind": _("Scegli se è un operatore retribuito o un volontario.")})
    coordinates_pair(
        carer.start_latitude,
        carer.start_longitude,
        lat_field="start_latitude",
        lon_field="start_longitude",
    )
    coordinates_pair(
        carer.end_latitude, carer.end_longitude, lat_field="end_latitude", lon_field="end_longitude"
    )
    carer.working_days = weekdays(carer.working_days or "", "working_days")
    if carer.shift_start is None or carer.shift_end is None or carer.shift_end <= carer.shift_start:
        raise ValidationError({"shift_end": _("Il turno deve finire dopo il suo inizio.")})
    _clean_break(carer)
    _clean_lunch(carer)
    if carer.max_minutes_week < carer.max_minutes_day:
        raise ValidationError(
            {
                "max_minutes_week": _(
                    "Il massimo settimanale non può essere minore di quello giornaliero."
                )
            }
        )
    duplicate = Carer.objects.filter(organization_id=organization_id, person_id=person_id)
    if duplicate.exclude(pk=carer.pk).exists():
        raise ValidationError({"person": _("Questa persona è già tra gli operatori.")})
    carer.full_clean(exclude=["organization", "person", "ics_token_hash"])


CARER = Audited(CARER_FIELDS, _clean_carer, "care.carer", audited=CARER_FIELDS)


@transaction.atomic
def carer_create(
    *, actor: User | None, organization: Organization, person: Person, data: Mapping[str, Any]
) -> Carer:
    """Make a worker (with an employment) or a volunteer (in the register) schedulable."""
    same_organization(organization, person, "person")
    return CARER.save(actor, Carer(organization=organization, person=person), data)


@transaction.atomic
def carer_update(*, actor: User | None, carer: Carer, data: Mapping[str, Any]) -> Carer:
    return CARER.save(actor, carer, data)


@transaction.atomic
def absence_record(*, actor: User | None, carer: Carer, data: Mapping[str, Any]) -> Absence:
    """Record days a carer will not work (illness, leave); re-plan the days it touches."""
    absence = Absence(organization_id=carer.organization_id, carer=carer)
    assign(absence, data, ABSENCE_FIELDS)
    if absence.start_date is None or absence.end_date is None:
        raise ValidationError({"start_date": _("Indica i giorni di assenza.")})
    dates_ordered(absence.start_date, absence.end_date)
    absence.note = (absence.note or "").strip()
    absence.full_clean(exclude=["organization", "carer"])
    absence.save()
    log_action(
        actor=actor,
        organization=carer.organization,
        action="care.absence.record",
        obj=absence,
        after=snapshot(absence),
    )
    return absence


@transaction.atomic
def ics_token_regenerate(*, actor: User | None, carer: Carer) -> str:
    """A new secret for the carer's calendar feed; the old link stops working. The token is
    returned once and only its hash is kept."""
    token, digest = new_token()
    store_token_hash(
        actor=actor, obj=carer, field="ics_token_hash", digest=digest, action="care.carer.ics_token"
    )
    return token


@transaction.atomic
def ics_token_revoke(*, actor: User | None, carer: Carer) -> None:
    store_token_hash(
        actor=actor, obj=carer, field="ics_token_hash", digest="", action="care.carer.ics_revoke"
    )
