"""The read-only iCalendar feed of one carer's visits (any calendar app can subscribe).

The feed is reachable without a login at a secret address, so it carries only what the carer
needs to get there: the service, the beneficiary's name and the address; never needs,
contacts or health notes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Carer, VisitStatus
from .selectors import calendar_visits

PAST_DAYS = 14
FUTURE_DAYS = 60


def carer_calendar(carer: Carer, *, today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//coopnet//visite//IT")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Visite di %(name)s") % {"name": carer.person})
    calendar.add("x-wr-timezone", "Europe/Rome")
    visits = calendar_visits(
        carer, today - dt.timedelta(days=PAST_DAYS), today + dt.timedelta(days=FUTURE_DAYS)
    )
    for visit in visits:
        assert visit.planned_start is not None
        event = Event()
        event.add("uid", f"visita-{visit.pk}@coopnet")
        event.add("dtstamp", visit.updated_at)
        event.add("dtstart", visit.planned_start)
        event.add("dtend", visit.planned_end)
        event.add("summary", f"{visit.service_type.name} · {visit.beneficiary.person}")
        event.add("location", visit.beneficiary.address)
        event.add("status", "CONFIRMED")
        if visit.status == VisitStatus.DONE:
            event.add("description", _("Visita svolta"))
        calendar.add_component(event)
    return calendar.to_ical()
