"""The coordinator's day: the board with conflicts, a carer's route sheet, creating visits
from the plans, and the visits waiting for review."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_date
from coopnet.core.decorators import org_view
from coopnet.core.forms import error_summary
from coopnet.core.web import attempt, current_user, get_or_404

from .. import selectors
from ..conflicts import day_conflicts, day_context
from ..forms import GenerateForm
from ..models import CarePlan, Visit
from ..objective import CarerDayFigures, board_figures
from ..services import visits
from ._common import READ, WRITE

REVIEW_PAGE = 200  # the oldest first: reviewing them brings up the next ones


def query_day(request: HttpRequest) -> dt.date:
    return query_date(request, "date", default=timezone.localdate())


def to_day(access: OrgAccess, day: dt.date) -> HttpResponse:
    url = reverse("care:day", kwargs={"org_slug": access.organization.slug})
    return redirect(f"{url}?date={day.isoformat()}")


def generate_visits(
    request: HttpRequest, access: OrgAccess, plan: CarePlan | None = None
) -> dt.date | None:
    """Create the visits of the days posted (of one plan, or of all) and say how many; the
    first day, or None when the days were not valid."""
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return None
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    attempt(
        request,
        lambda: visits.visits_generate(
            actor=current_user(request),
            organization=access.organization,
            start=start,
            end=end,
            plan=plan,
        ),
        lambda created: _("Visite create: %(n)s.") % {"n": created},
    )
    return start


@org_view(READ)
def day_board(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A day's visits by carer, with their conflicts, and the tools to fill and optimise it."""
    organization = access.organization
    day = query_day(request)
    rows = list(selectors.day_visits(organization, day))
    carers = list(selectors.carers(organization))
    context_data = day_context(organization, day, rows, carers)
    conflicts = day_conflicts(context_data, rows)
    by_carer: dict[int, list[Visit]] = defaultdict(list)
    open_visits = []
    for visit in rows:
        visit.conflict = conflicts.get(visit.pk)  # type: ignore[attr-defined]
        if visit.carer_id is None:
            open_visits.append(visit)
        else:
            by_carer[visit.carer_id].append(visit)
    figures = board_figures(rows, carers)
    groups = [
        (
            carer,
            by_carer[carer.pk],
            context_data.carer_days[carer.pk],
            figures.get(carer.pk, CarerDayFigures()),
        )
        for carer in carers
        if carer.pk in by_carer or (carer.active and context_data.carer_days[carer.pk].available)
    ]
    context = {
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "groups": groups,
        "open_visits": open_visits,
        "conflict_count": sum(1 for c in conflicts.values() if c),
        "unavailable": [
            (c, context_data.carer_days[c.pk].blockers)
            for c in carers
            if c.active and not context_data.carer_days[c.pk].available
        ],
        "runs": list(selectors.runs(organization, day)[:5]),
        "generate": GenerateForm(initial={"start": day, "end": day}),
        "total": len(rows),
    }
    return render(request, "care/day.html", context)


@org_view(READ)
def route_sheet(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """One carer's visits of a day in order, with addresses and needs, to print on A4."""
    carer = get_or_404(selectors.carer_detail, access.organization, pk)
    day = query_day(request)
    context = {"carer": carer, "day": day, "visits": list(selectors.own_visits(carer, day))}
    return render(request, "care/route_sheet.html", context)


@require_POST
@org_view(WRITE)
def generate(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    start = generate_visits(request, access)
    return to_day(access, start or timezone.localdate())


@org_view(READ)
def review_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Recorded visits whose minutes wait for a coordinator, oldest first."""
    rows = selectors.visits_to_review(access.organization)[:REVIEW_PAGE]
    return render(request, "care/review.html", {"visits": rows, "limit": REVIEW_PAGE})
