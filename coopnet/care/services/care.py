"""Beneficiaries and their care plans (PAI): lines with a weekly pattern and carer choices.

Changing a plan or a line also brings the visits not yet given (from today on, still to be
assigned or assigned) into line with it, so that the day boards never show a stale pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.services import assign
from coopnet.members.models import MemberCategory, Person

from ..models import (
    Beneficiary,
    CarePlan,
    CarePlanLine,
    CarePlanLineCarer,
    Carer,
    CarerPreference,
    DoubleVisitKind,
    Visit,
    VisitStatus,
)
from ._common import (
    Audited,
    coordinates_pair,
    dates_ordered,
    minutes,
    same_organization,
    weekdays,
)

BENEFICIARY_FIELDS = (
    "membership",
    "address",
    "comune",
    "latitude",
    "longitude",
    "family_contacts",
    "needs",
    "active",
)
PLAN_FIELDS = ("start_date", "end_date", "funding", "notes")
LINE_FIELDS = (
    "service_type",
    "weekdays",
    "window_start",
    "window_end",
    "duration",
    "carers_needed",
    "double_kind",
    "min_gap",
    "max_gap",
    "optional",
)


# --- beneficiaries --------------------------------------------------------------------------


def _clean_beneficiary(beneficiary: Beneficiary) -> None:
    beneficiary.address = (beneficiary.address or "").strip()
    if not beneficiary.address:
        raise ValidationError({"address": _("Scrivi l'indirizzo dove si svolge il servizio.")})
    coordinates_pair(beneficiary.latitude, beneficiary.longitude)
    membership = beneficiary.membership
    if membership is not None:
        if membership.person_id != beneficiary.person_id:
            raise ValidationError(
                {"membership": _("L'iscrizione nel libro soci è di un'altra persona.")}
            )
        if membership.category != MemberCategory.FRUITORE:
            raise ValidationError(
                {"membership": _("Si collega solo un'iscrizione come socio fruitore.")}
            )
    duplicate = Beneficiary.objects.filter(
        organization_id=beneficiary.organization_id, person_id=beneficiary.person_id
    ).exclude(pk=beneficiary.pk)
    if duplicate.exists():
        raise ValidationError({"person": _("Questa persona è già tra gli utenti.")})
    beneficiary.full_clean(exclude=["organization", "person", "membership", "comune"])


BENEFICIARY = Audited(BENEFICIARY_FIELDS, _clean_beneficiary, "care.beneficiary")


@transaction.atomic
def beneficiary_create(
    *, actor: User | None, organization: Organization, person: Person, data: Mapping[str, Any]
) -> Beneficiary:
    """Take ``person`` into care (utente), with the address where the service is given."""
    same_organization(organization, person, "person")
    return BENEFICIARY.save(actor, Beneficiary(organization=organization, person=person), data)


@transaction.atomic
def beneficiary_update(
    *, actor: User | None, beneficiary: Beneficiary, data: Mapping[str, Any]
) -> Beneficiary:
    return BENEFICIARY.save(actor, beneficiary, data)


# --- plans ----------------------------------------------------------------------------------


def _clean_plan(plan: CarePlan) -> None:
    dates_ordered(plan.start_date, plan.end_date)
    organization = plan.organization
    same_organization(organization, plan.funding, "funding")
    plan.full_clean(exclude=["organization", "beneficiary", "funding"])


@transaction.atomic
def care_plan_create(
    *, actor: User | None, beneficiary: Beneficiary, data: Mapping[str, Any]
) -> CarePlan:
    """Open a care plan (PAI) for ``beneficiary``; its lines come next."""
    plan = CarePlan(organization=beneficiary.organization, beneficiary=beneficiary)
    return Audited(PLAN_FIELDS, _clean_plan, "care.plan").save(actor, plan, data)


@transaction.atomic
def care_plan_update(*, actor: User | None, plan: CarePlan, data: Mapping[str, Any]) -> CarePlan:
    """Change dates, funding or notes; visits after a new end date are removed if not given."""
    before = snapshot(plan)
    assign(plan, data, PLAN_FIELDS)
    _clean_plan(plan)
    plan.save()
    removed = sum(_sync_future_visits(line) for line in plan.lines.select_related("plan"))
    log_action(
        actor=actor,
        action="care.plan.update",
        obj=plan,
        before=before,
        after={**snapshot(plan), "future_visits_removed": removed},
    )
    return plan


# --- plan lines -----------------------------------------------------------------------------


def _clean_line(line: CarePlanLine) -> None:
    organization = line.organization
    same_organization(organization, line.service_type, "service_type")
    line.weekdays = weekdays(line.weekdays or "", "weekdays")
    if line.window_start is None or line.window_end is None:
        raise ValidationError({"window_end": _("Indica la fascia oraria.")})
    if line.window_end <= line.window_start:
        raise ValidationError({"window_end": _("La fascia deve finire dopo il suo inizio.")})
    span = minutes(line.window_end) - minutes(line.window_start)
    if not line.duration or line.duration < 5:
        raise ValidationError({"duration": _("La durata minima è di 5 minuti.")})
    if line.duration > span:
        raise ValidationError(
            {"duration": _("La durata non sta nella fascia oraria (%(n)s minuti).") % {"n": span}}
        )
    if line.carers_needed not in (1, 2):
        raise ValidationError({"carers_needed": _("Una visita richiede uno o due operatori.")})
    if line.carers_needed == 1:
        line.double_kind, line.min_gap, line.max_gap = "", 0, 0
    elif not line.double_kind:
        raise ValidationError(
            {"double_kind": _("Per due operatori indica se lavorano insieme o in sequenza.")}
        )
    elif line.double_kind == DoubleVisitKind.SIMULTANEOUS:
        line.min_gap, line.max_gap = 0, 0
    elif line.max_gap < line.min_gap:
        raise ValidationError(
            {"max_gap": _("L'intervallo massimo non può essere minore del minimo.")}
        )
    line.full_clean(exclude=["organization", "plan", "service_type"])


def _set_carers(line: CarePlanLine, preferred: Iterable[Carer], avoided: Iterable[Carer]) -> None:
    preferred, avoided = list(preferred), list(avoided)
    for carer in (*preferred, *avoided):
        same_organization(line.organization, carer, "preferred")
    both = {c.pk for c in preferred} & {c.pk for c in avoided}
    if both:
        raise ValidationError(
            {"avoided": _("Un operatore non può essere insieme preferito e da evitare.")}
        )
    CarePlanLineCarer.objects.filter(line=line).delete()
    CarePlanLineCarer.objects.bulk_create(
        [
            CarePlanLineCarer(
                organization_id=line.organization_id, line=line, carer=carer, preference=kind
            )
            for kind, carers in (
                (CarerPreference.PREFERRED, preferred),
                (CarerPreference.AVOIDED, avoided),
            )
            for carer in carers
        ]
    )


def _save_line(
    line: CarePlanLine,
    data: Mapping[str, Any],
    preferred: Iterable[Carer],
    avoided: Iterable[Carer],
) -> None:
    assign(line, data, LINE_FIELDS)
    _clean_line(line)
    line.save()
    _set_carers(line, preferred, avoided)


def _carer_ids(line: CarePlanLine) -> dict[str, list[int]]:
    links = CarePlanLineCarer.objects.filter(line=line).order_by("carer_id")
    return {
        kind: [link.carer_id for link in links if link.preference == kind]
        for kind in CarerPreference.values
    }


def _sync_future_visits(line: CarePlanLine) -> int:
    """Bring the line's visits not yet given, from today on, into line with the plan: new
    times, and visits the pattern no longer has removed. Returns how many were removed."""
    today = timezone.localdate()
    plan = line.plan
    future = Visit.objects.filter(line=line, date__gte=today, status__in=VisitStatus.open())
    future.update(
        window_start=line.window_start,
        window_end=line.window_end,
        duration=line.duration,
        service_type=line.service_type,
        optional=line.optional,
        updated_at=timezone.now(),
    )
    stale = [
        v.pk
        for v in future.only("pk", "date", "slot")
        if str(v.date.isoweekday()) not in line.weekdays
        or v.slot >= line.carers_needed
        or v.date < plan.start_date
        or (plan.end_date is not None and v.date > plan.end_date)
    ]
    Visit.objects.filter(pk__in=stale).delete()
    return len(stale)


@transaction.atomic
def care_plan_line_create(
    *,
    actor: User | None,
    plan: CarePlan,
    data: Mapping[str, Any],
    preferred: Iterable[Carer] = (),
    avoided: Iterable[Carer] = (),
) -> CarePlanLine:
    """Add a service on a weekly pattern to a plan."""
    line = CarePlanLine(organization=plan.organization, plan=plan)
    _save_line(line, data, preferred, avoided)
    log_action(
        actor=actor,
        organization=plan.organization,
        action="care.plan_line.create",
        obj=line,
        after={**snapshot(line), **_carer_ids(line)},
    )
    return line


@transaction.atomic
def care_plan_line_update(
    *,
    actor: User | None,
    line: CarePlanLine,
    data: Mapping[str, Any],
    preferred: Iterable[Carer] = (),
    avoided: Iterable[Carer] = (),
) -> CarePlanLine:
    """Change a line; its future visits not yet given follow the new pattern."""
    before = {**snapshot(line), **_carer_ids(line)}
    _save_line(line, data, preferred, avoided)
    removed = _sync_future_visits(line)
    log_action(
        actor=actor,
        action="care.plan_line.update",
        obj=line,
        before=before,
        after={**snapshot(line), **_carer_ids(line), "future_visits_removed": removed},
    )
    return line


@transaction.atomic
def care_plan_line_delete(*, actor: User | None, line: CarePlanLine) -> None:
    """Remove a line that has no visit given or under way; its open visits go with it."""
    given = Visit.objects.filter(line=line).filter(
        ~Q(status__in=VisitStatus.open()) | Q(date__lt=timezone.localdate())
    )
    if given.exists():
        raise ValidationError(
            _(
                "Questa riga ha visite già svolte o passate: non si cancella. "
                "Chiudi il piano con una data di fine."
            )
        )
    before = {**snapshot(line), **_carer_ids(line)}
    log_action(actor=actor, action="care.plan_line.delete", obj=line, before=before)
    Visit.objects.filter(line=line).delete()
    line.delete()
