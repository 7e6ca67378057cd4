"""The carer's phone pages (today's visits, check-in and check-out) and the calendar feed.

A carer sees and registers only their own visits: every lookup goes through their carer
record, so another carer's visit answers 404 like a missing one.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_date
from coopnet.core.decorators import org_view
from coopnet.core.web import attempt, current_user, get_or_404

from .. import ics, selectors, tokens
from ..forms import CheckOutForm
from ..models import Carer
from ..services import carers, visits
from ._common import review_warning

OWN = "care.visits:own"


def _carer(request: HttpRequest, access: OrgAccess) -> Carer | None:
    return selectors.carer_for_user(access.organization, current_user(request))


def _today_url(access: OrgAccess, day: dt.date | None = None, anchor: str = "") -> str:
    url = reverse("care:today", kwargs={"org_slug": access.organization.slug})
    if day is not None and day != timezone.localdate():
        url += f"?date={day.isoformat()}"
    return url + (f"#{anchor}" if anchor else "")


@org_view(OWN)
def today(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Today's visits in order, with address, map link and the check-in/out buttons."""
    carer = _carer(request, access)
    day = query_date(request, "date", default=timezone.localdate())
    rows = list(selectors.own_visits(carer, day)) if carer else []
    context = {
        "carer": carer,
        "day": day,
        "is_today": day == timezone.localdate(),
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "visits": rows,
        "check_out": CheckOutForm(),
    }
    return render(request, "care/today.html", context)


def _own_visit_action(
    request: HttpRequest, access: OrgAccess, pk: int, check_in: bool
) -> HttpResponse:
    carer = _carer(request, access)
    if carer is None:
        raise Http404
    visit = get_or_404(selectors.own_visit, carer, pk)
    if check_in:
        done = attempt(
            request,
            lambda: visits.visit_check_in(actor=current_user(request), visit=visit),
            _("Arrivo registrato."),
        )
    else:
        form = CheckOutForm(request.POST)
        form.is_valid()
        done = attempt(
            request,
            lambda: visits.visit_check_out(
                actor=current_user(request),
                visit=visit,
                notes=form.cleaned_data.get("notes", ""),
                tasks_done=form.cleaned_data.get("tasks_done", ""),
            ),
            _("Uscita registrata. Grazie!"),
        )
    if done is not None:
        review_warning(request, done)
    return redirect(_today_url(access, visit.date, f"visit-{visit.pk}"))


@require_POST
@org_view(OWN)
def own_check_in(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _own_visit_action(request, access, pk, check_in=True)


@require_POST
@org_view(OWN)
def own_check_out(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _own_visit_action(request, access, pk, check_in=False)


@org_view(OWN)
def calendar_link(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Create (or replace) the secret address of the carer's calendar feed; shown once."""
    carer = _carer(request, access)
    if carer is None:
        raise Http404
    url = webcal_url = ""
    if request.method == "POST":
        token = carers.ics_token_regenerate(actor=current_user(request), carer=carer)
        url = request.build_absolute_uri(reverse("care:ics", kwargs={"token": token}))
        # webcal:// makes phones and desktop calendars offer to subscribe to the feed.
        webcal_url = "webcal://" + url.split("://", 1)[1]
    context = {
        "carer": carer,
        "url": url,
        "webcal_url": webcal_url,
        "has_link": bool(carer.ics_token_hash),
    }
    return render(request, "care/calendar_link.html", context)


@require_GET
def ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The carer's visits as an iCalendar feed; no login, the secret token is the key."""
    carer = get_or_404(tokens.carer_by_token, token)
    response = HttpResponse(ics.carer_calendar(carer), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
