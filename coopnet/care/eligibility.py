"""Who may work on a day and give which service: qualifications valid that day, employment or
volunteer register, insurance (R-381-2c), absences, working days, R-381-2d.

Reads only; used by the manual assignment (conflicts), the solver's problem and the pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from coopnet.core.models import Organization
from coopnet.workforce.models import (
    Employment,
    Qualification,
    QualificationKind,
    Volunteer,
    VolunteerInsurance,
)

from .models import Absence, AbsenceKind, Carer, CarerKind, ServiceType


@dataclass(frozen=True)
class CarerDay:
    """A carer as they stand on one day."""

    carer: Carer
    day: dt.date
    skills: frozenset[str]  # qualification kinds valid that day
    expired: dict[str, dt.date] = field(default_factory=dict)  # kind -> expired on
    blockers: tuple[str, ...] = ()  # why they cannot work that day at all
    volunteer: Volunteer | None = None  # their register entry on the day

    @property
    def available(self) -> bool:
        return not self.blockers


def _active_on(day: dt.date, start: str = "start_date", end: str = "end_date") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def carer_days(
    organization: Organization, day: dt.date, carers: Iterable[Carer]
) -> dict[int, CarerDay]:
    """Each carer's standing on ``day``, by carer id; a fixed number of queries."""
    carers = list(carers)
    person_ids = [c.person_id for c in carers]
    skills: dict[int, set[str]] = defaultdict(set)
    expired: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for person_id, kind, issued_on, expires_on in Qualification.objects.filter(
        organization=organization, person_id__in=person_ids
    ).values_list("person_id", "kind", "issued_on", "expires_on"):
        if issued_on is not None and issued_on > day:
            continue
        if expires_on is not None and expires_on < day:
            previous = expired[person_id].get(kind)
            expired[person_id][kind] = max(expires_on, previous or expires_on)
        else:
            skills[person_id].add(kind)
    employed = set(
        Employment.objects.filter(
            _active_on(day), organization=organization, person_id__in=person_ids
        ).values_list("person_id", flat=True)
    )
    volunteers = {
        v.person_id: v
        for v in Volunteer.objects.filter(
            _active_on(day), organization=organization, person_id__in=person_ids
        )
    }
    insured = set(
        VolunteerInsurance.objects.filter(
            organization=organization,
            volunteer__in=list(volunteers.values()),
            valid_from__lte=day,
            valid_to__gte=day,
        ).values_list("volunteer_id", flat=True)
    )
    absent = dict(
        Absence.objects.filter(
            organization=organization,
            carer__in=carers,
            start_date__lte=day,
            end_date__gte=day,
        ).values_list("carer_id", "kind")
    )
    result = {}
    for carer in carers:
        volunteer = volunteers.get(carer.person_id)
        blockers = _blockers(carer, day, employed, volunteer, insured, absent.get(carer.pk))
        result[carer.pk] = CarerDay(
            carer=carer,
            day=day,
            skills=frozenset(skills[carer.person_id]),
            expired={
                k: v
                for k, v in expired[carer.person_id].items()
                if k not in skills[carer.person_id]
            },
            blockers=tuple(blockers),
            volunteer=volunteer,
        )
    return result


def _blockers(
    carer: Carer,
    day: dt.date,
    employed: set[int],
    volunteer: Volunteer | None,
    insured: set[int],
    absence: str | None,
) -> list[str]:
    blockers = []
    if not carer.active:
        blockers.append(_("operatore non attivo"))
    if carer.kind == CarerKind.PAID and carer.person_id not in employed:
        blockers.append(_("nessun rapporto di lavoro in corso il %(day)s") % {"day": _fmt(day)})
    if carer.kind == CarerKind.VOLUNTEER:
        if volunteer is None:
            blockers.append(
                _("non iscritto nel registro dei volontari il %(day)s") % {"day": _fmt(day)}
            )
        elif volunteer.pk not in insured:
            blockers.append(
                _("volontario senza assicurazione valida il %(day)s (R-381-2c)")
                % {"day": _fmt(day)}
            )
    if absence is not None:
        blockers.append(_("assente: %(kind)s") % {"kind": AbsenceKind(absence).label})
    if str(day.isoweekday()) not in carer.working_days:
        blockers.append(_("giorno non lavorativo"))
    return blockers


def service_blockers(service_type: ServiceType, carer_day: CarerDay) -> list[str]:
    """Why ``carer_day`` may not give ``service_type`` (empty: they may)."""
    reasons = list(carer_day.blockers)
    required = service_type.required_qualification
    if required and required not in carer_day.skills:
        label = QualificationKind(required).label
        if required in carer_day.expired:
            reasons.append(
                _("qualifica %(kind)s scaduta il %(day)s")
                % {"kind": label, "day": _fmt(carer_day.expired[required])}
            )
        else:
            reasons.append(_("manca la qualifica %(kind)s") % {"kind": label})
    if carer_day.carer.is_volunteer and not service_type.volunteer_allowed:
        reasons.append(
            _("servizio riservato al personale: non si affida a un volontario (R-381-2d)")
        )
    return reasons
