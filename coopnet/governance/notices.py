"""The notice of convocation: an e-mail (or PEC) with the agenda and an ICS calendar file."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import AgendaItem, Call, Meeting

EXPECTED_LENGTH = dt.timedelta(hours=2)  # for the calendar entry only


def calendar_file(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """An ICS file with one event per call (R-CC-2369: the second call on another day)."""
    calendar = Calendar()
    calendar.add("prodid", "-//coopnet//governance//IT")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    agenda = "\n".join(str(item) for item in items)
    calls = [(Call.FIRST, meeting.first_call_at), (Call.SECOND, meeting.second_call_at)]
    for call, start in calls:
        if start is None:
            continue
        event = Event()
        event.add("uid", f"coopnet-{meeting.organization_id}-{meeting.pk}-{call}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", start)
        event.add("dtend", start + EXPECTED_LENGTH)
        event.add("summary", f"{meeting} · {meeting.organization} ({Call(call).label})")
        event.add("location", meeting.place or meeting.online_url)
        event.add("description", agenda)
        if meeting.online_url:
            event.add("url", meeting.online_url)
        calendar.add_component(event)
    return calendar.to_ical()


def subject(meeting: Meeting) -> str:
    return _("Convocazione: %(meeting)s di %(org)s, %(day)s") % {
        "meeting": meeting.get_kind_display(),
        "org": meeting.organization.short_name,
        "day": timezone.localtime(meeting.first_call_at).strftime("%d/%m/%Y %H:%M"),
    }


def message(
    meeting: Meeting,
    items: list[AgendaItem],
    *,
    name: str,
    address: str,
    ics: bytes,
    base_url: str,
) -> EmailMessage:
    portal = base_url.rstrip("/") + reverse(
        "governance:mine", kwargs={"org_slug": meeting.organization.slug}
    )
    body = render_to_string(
        "governance/notice_email.txt",
        {
            "meeting": meeting,
            "items": items,
            "name": name,
            "portal_url": portal if base_url else "",
        },
    )
    email = EmailMessage(subject=subject(meeting), body=body, to=[address])
    email.attach("convocazione.ics", ics, "text/calendar")
    return email
