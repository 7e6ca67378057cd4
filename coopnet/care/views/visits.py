"""One visit for a coordinator: its page with conflicts, and its actions (assign, edit,
cancel, mark missed, check in and out, correct the times, confirm after review)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import User
from coopnet.core.web import attempt, current_user, get_or_404

from .. import selectors
from ..conflicts import visit_conflicts
from ..forms import (
    AssignForm,
    CheckOutForm,
    CorrectionForm,
    ReasonForm,
    ReviewForm,
    VisitEditForm,
)
from ..models import Visit, VisitStatus
from ..services import visits
from ._common import READ, WRITE, back, review_warning

T = TypeVar("T")
ACTIVE = (VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS)  # visits whose conflicts still matter


@org_view(READ)
def visit_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    organization = access.organization
    visit = get_or_404(selectors.visit_detail, organization, pk)
    start = (
        timezone.localtime(visit.planned_start).time()
        if visit.planned_start
        else visit.window_start
    )
    carers = selectors.carers(organization, active_only=True)
    conflicts = None
    if visit.carer is not None and visit.planned_start is not None and visit.status in ACTIVE:
        conflicts = visit_conflicts(visit, visit.carer, visit.planned_start)
    context = {
        "visit": visit,
        "conflicts": conflicts,
        "assign": AssignForm(initial={"carer": visit.carer_id, "start": start}, carers=carers),
        "edit": VisitEditForm(
            initial={
                "window_start": visit.window_start,
                "window_end": visit.window_end,
                "duration": visit.duration,
                "notes": visit.notes,
            }
        ),
        "reason": ReasonForm(),
        "review": ReviewForm(),
        "check_out": CheckOutForm(),
        "correction": CorrectionForm(
            initial={
                "checked_in_at": _local_time(visit.checked_in_at),
                "checked_out_at": _local_time(visit.checked_out_at),
            }
        ),
        "corrections": visit.corrections.select_related("actor"),
        "is_open": visit.status in VisitStatus.open(),
    }
    return render(request, "care/visit_detail.html", context)


def _local_time(moment: dt.datetime | None) -> dt.time | None:
    return timezone.localtime(moment).time().replace(second=0, microsecond=0) if moment else None


def _on_day(day: dt.date, value: dt.time | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, value)) if value is not None else None


def _act(
    request: HttpRequest,
    access: OrgAccess,
    pk: int,
    write: Callable[[User, Visit, dict[str, Any]], T],
    message: str,
    *,
    form: Callable[[QueryDict], forms.Form] | None = None,
    invalid: str = "",
    then: Callable[[T], None] | None = None,
) -> HttpResponse:
    """A button on the visit page: read the posted ``form`` (when ``invalid`` is given, an
    invalid form is refused with that message; else its valid fields are used), run the
    service, say how it went (and ``then`` what else to say), back to the visit."""
    visit = get_or_404(selectors.visit_detail, access.organization, pk)
    data: dict[str, Any] = {}
    if form is not None:
        posted = form(request.POST)
        if not posted.is_valid() and invalid:
            messages.error(request, invalid)
            return back("visit", access, pk=pk)
        data = posted.cleaned_data
    result = attempt(request, lambda: write(current_user(request), visit, data), message)
    if result is not None and then is not None:
        then(result)
    return back("visit", access, pk=pk)


@require_POST
@org_view(WRITE)
def visit_assign(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    carers = selectors.carers(access.organization, active_only=True)

    def warn(warnings: list[str]) -> None:
        for warning in warnings:
            messages.warning(request, _("Attenzione: %(w)s.") % {"w": warning})

    return _act(
        request,
        access,
        pk,
        lambda user, visit, data: visits.visit_assign(
            actor=user,
            visit=visit,
            carer=data["carer"],
            planned_start=_on_day(visit.date, data["start"]),  # type: ignore[arg-type]
        ),
        _("Visita assegnata."),
        form=lambda post: AssignForm(post, carers=carers),
        invalid=_("Scegli l'operatore e l'ora di inizio."),
        then=warn,
    )


@require_POST
@org_view(WRITE)
def visit_unassign(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _act(
        request,
        access,
        pk,
        lambda user, visit, _data: visits.visit_unassign(actor=user, visit=visit),
        _("Visita tolta all'operatore."),
    )


@require_POST
@org_view(WRITE)
def visit_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _act(
        request,
        access,
        pk,
        lambda user, visit, data: visits.visit_edit(actor=user, visit=visit, data=data),
        _("Visita modificata."),
        form=VisitEditForm,
        invalid=_("Controlla fascia oraria e durata."),
    )


def _with_reason(
    request: HttpRequest, access: OrgAccess, pk: int, service: Callable[..., Visit], message: str
) -> HttpResponse:
    return _act(
        request,
        access,
        pk,
        lambda user, visit, data: service(actor=user, visit=visit, reason=data["reason"]),
        message,
        form=ReasonForm,
        invalid=_("Scrivi il motivo."),
    )


@require_POST
@org_view(WRITE)
def visit_cancel(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _with_reason(request, access, pk, visits.visit_cancel, _("Visita annullata."))


@require_POST
@org_view(WRITE)
def visit_missed(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _with_reason(
        request, access, pk, visits.visit_mark_missed, _("Visita segnata come non svolta.")
    )


@require_POST
@org_view(WRITE)
def visit_check_in(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _act(
        request,
        access,
        pk,
        lambda user, visit, _data: visits.visit_check_in(actor=user, visit=visit),
        _("Arrivo registrato."),
        then=lambda visit: review_warning(request, visit),
    )


@require_POST
@org_view(WRITE)
def visit_check_out(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _act(
        request,
        access,
        pk,
        lambda user, visit, data: visits.visit_check_out(
            actor=user,
            visit=visit,
            notes=data.get("notes", ""),
            tasks_done=data.get("tasks_done", ""),
        ),
        _("Uscita registrata: visita svolta."),
        form=CheckOutForm,
        then=lambda visit: review_warning(request, visit),
    )


@require_POST
@org_view(WRITE)
def visit_review(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Accept a flagged visit: its minutes count in the delivered hours from now on."""
    return _act(
        request,
        access,
        pk,
        lambda user, visit, data: visits.visit_review_accept(
            actor=user, visit=visit, note=data.get("note", "")
        ),
        _("Visita confermata: i suoi minuti ora contano nelle ore."),
        form=ReviewForm,
    )


@require_POST
@org_view(WRITE)
def visit_correct(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    def volunteer_reminder(visit: Visit) -> None:
        if visit.by_volunteer:
            messages.warning(
                request, _("Correggi anche le ore nel registro dei volontari, se cambiano.")
            )

    return _act(
        request,
        access,
        pk,
        lambda user, visit, data: visits.visit_correct_times(
            actor=user,
            visit=visit,
            reason=data["reason"],
            checked_in_at=_on_day(visit.date, data["checked_in_at"]),
            checked_out_at=_on_day(visit.date, data["checked_out_at"]),
        ),
        _("Orari corretti."),
        form=CorrectionForm,
        invalid=_("Scrivi il motivo della correzione."),
        then=volunteer_reminder,
    )
