"""What is wrong with giving a visit to a carer at a time: blocking reasons (the law, expired
qualifications, absences) and warnings (overlaps, outside shift or window, during the
break, carers to avoid).

Reads only; the assignment service refuses blocking conflicts and reports the warnings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.models import Organization

from .eligibility import CarerDay, carer_days, service_blockers
from .models import CarePlanLineCarer, Carer, CarerPreference, Visit, VisitStatus

# Visits that occupy a carer's time on the day board.
BUSY = (VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS, VisitStatus.DONE)


@dataclass
class Conflicts:
    blocking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.blocking or self.warnings)


def _hm(moment: dt.datetime | dt.time) -> str:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime("%H:%M")


def _span(visit: Visit, start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return start, start + dt.timedelta(minutes=visit.duration)


def assignment_conflicts(
    visit: Visit,
    carer: Carer,
    start: dt.datetime,
    *,
    carer_day: CarerDay,
    others: Iterable[Visit],
    avoided: Iterable[int] = (),
    partner: Visit | None = None,
) -> Conflicts:
    """Conflicts of giving ``visit`` to ``carer`` at ``start``; ``others`` are the carer's
    other visits that day, ``partner`` the other half of a double visit."""
    found = Conflicts(blocking=service_blockers(visit.service_type, carer_day))
    if partner is not None and partner.carer_id == carer.pk:
        found.blocking.append(_("lo stesso operatore è già sull'altra metà della visita doppia"))
    begin, end = _span(visit, start)
    local_begin, local_end = timezone.localtime(begin), timezone.localtime(end)
    for other in others:
        if other.pk == visit.pk or other.planned_start is None:
            continue
        other_begin, other_end = _span(other, other.planned_start)
        if begin < other_end and other_begin < end:
            found.warnings.append(
                _("si sovrappone a un'altra visita (%(start)s-%(end)s)")
                % {"start": _hm(other_begin), "end": _hm(other_end)}
            )
    if (
        local_begin.time() < carer.shift_start
        or local_end.time() > carer.shift_end
        or (local_end.date() != local_begin.date())
    ):
        found.warnings.append(
            _("fuori dal turno (%(start)s-%(end)s)")
            % {"start": _hm(carer.shift_start), "end": _hm(carer.shift_end)}
        )
    pause_start, pause_end = carer.break_start, carer.break_end
    if (
        pause_start is not None
        and pause_end is not None
        and local_begin.time() < pause_end
        and pause_start < local_end.time()
    ):
        found.warnings.append(
            _("durante la pausa (%(start)s-%(end)s)")
            % {"start": _hm(pause_start), "end": _hm(pause_end)}
        )
    if local_begin.time() < visit.window_start:
        found.warnings.append(
            _("inizia prima della fascia oraria (%(start)s)") % {"start": _hm(visit.window_start)}
        )
    elif local_end.time() > visit.window_end or local_end.date() != local_begin.date():
        found.warnings.append(
            _("finisce dopo la fascia oraria (%(end)s)") % {"end": _hm(visit.window_end)}
        )
    if carer.pk in set(avoided):
        found.warnings.append(_("operatore da evitare per questo utente"))
    return found


@dataclass(frozen=True)
class DayContext:
    """What the conflicts of a day's visits need, loaded with a fixed number of queries."""

    carer_days: dict[int, CarerDay]
    busy: dict[int, list[Visit]]  # carer id -> their visits that day
    avoided: dict[int, set[int]]  # line id -> carers to avoid
    partners: dict[tuple[int, dt.date, int], Visit]  # (line, date, slot) -> visit


def day_context(
    organization: Organization, day: dt.date, visits: list[Visit], carers: Iterable[Carer]
) -> DayContext:
    busy: dict[int, list[Visit]] = defaultdict(list)
    for visit in visits:
        if visit.carer_id is not None and visit.status in BUSY:
            busy[visit.carer_id].append(visit)
    avoided: dict[int, set[int]] = defaultdict(set)
    for line_id, carer_id in CarePlanLineCarer.objects.filter(
        line_id__in={v.line_id for v in visits}, preference=CarerPreference.AVOIDED
    ).values_list("line_id", "carer_id"):
        avoided[line_id].add(carer_id)
    return DayContext(
        carer_days=carer_days(organization, day, carers),
        busy=busy,
        avoided=avoided,
        partners={(v.line_id, v.date, v.slot): v for v in visits},
    )


def partner_of(visit: Visit, partners: dict[tuple[int, dt.date, int], Visit]) -> Visit | None:
    return partners.get((visit.line_id, visit.date, 1 - visit.slot)) if visit.slot < 2 else None


def visit_conflicts(visit: Visit, carer: Carer, start: dt.datetime) -> Conflicts:
    """Conflicts of ``visit`` given to ``carer`` at ``start``, loading only what they need:
    the carer's visits that day and the other half of a double visit."""
    others = list(
        Visit.objects.filter(
            Q(carer=carer) | Q(line_id=visit.line_id),
            organization_id=visit.organization_id,
            date=visit.date,
        )
        .exclude(pk=visit.pk)
        .select_related("service_type")
    )
    context = day_context(visit.organization, visit.date, [visit, *others], [carer])
    return assignment_conflicts(
        visit,
        carer,
        start,
        carer_day=context.carer_days[carer.pk],
        others=context.busy.get(carer.pk, ()),
        avoided=context.avoided.get(visit.line_id, ()),
        partner=partner_of(visit, context.partners),
    )


def day_conflicts(context: DayContext, visits: list[Visit]) -> dict[int, Conflicts]:
    """The conflicts of each assigned visit of a day, by visit id."""
    result = {}
    for visit in visits:
        if visit.carer is None or visit.planned_start is None or visit.status not in BUSY:
            continue
        if visit.status == VisitStatus.DONE:
            continue
        carer = visit.carer
        result[visit.pk] = assignment_conflicts(
            visit,
            carer,
            visit.planned_start,
            carer_day=context.carer_days[carer.pk],
            others=context.busy.get(carer.pk, ()),
            avoided=context.avoided.get(visit.line_id, ()),
            partner=partner_of(visit, context.partners),
        )
    return result
