"""The family's read-only page of a beneficiary's visits, at a secret address outside /o/: no
login, the token is the key. Rows carry only what the family may see (given names, times,
service, state), so the template cannot show needs, notes or anyone's contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coopnet.core.web import get_or_404

from .. import selectors, tokens
from ..models import Visit, VisitStatus

DAYS = 7  # today and the next six


@dataclass(frozen=True)
class FamilyVisit:
    date: dt.date
    time: str
    service: str
    state: str
    status: str
    carer: str


def _hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _status(visit: Visit) -> str:
    if visit.status == VisitStatus.IN_PROGRESS and visit.checked_in_at:
        return _("In corso dalle %(time)s") % {"time": _hhmm(visit.checked_in_at)}
    if visit.status == VisitStatus.DONE and visit.checked_out_at:
        return _("Conclusa alle %(time)s") % {"time": _hhmm(visit.checked_out_at)}
    if visit.status == VisitStatus.MISSED:
        return _("Non effettuata")
    return _("Programmata")


def _row(visit: Visit) -> FamilyVisit:
    if visit.planned_start:
        time = _hhmm(visit.planned_start)
    else:
        time = f"{visit.window_start:%H:%M}\u2013{visit.window_end:%H:%M}"
    return FamilyVisit(
        date=visit.date,
        time=time,
        service=visit.service_type.name,
        # to a family an assigned visit and one still to assign are both "planned"
        state=VisitStatus.SCHEDULED if visit.status == VisitStatus.PLANNED else visit.status,
        status=_status(visit),
        carer=visit.carer.person.given_name if visit.carer else "",
    )


@require_GET
def family_page(request: HttpRequest, token: str) -> HttpResponse:
    """Today's and the next six days' visits with their live state; unknown or revoked: 404."""
    beneficiary = get_or_404(tokens.beneficiary_by_family_token, token)
    today = timezone.localdate()
    rows = selectors.family_visits(beneficiary, today, today + dt.timedelta(days=DAYS - 1))
    context = {
        "cooperative": beneficiary.organization.short_name,
        "given_name": beneficiary.person.given_name,
        "today": today,
        "updated": timezone.localtime(),
        "visits": [_row(visit) for visit in rows],
    }
    response = render(request, "care/family.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
