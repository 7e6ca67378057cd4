"""The carer's calendar feed: secret address, only their visits, parses as iCalendar."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coopnet.care.services import carers as carer_services
from coopnet.care.services import visits
from coopnet.core.models import AuditEntry
from coopnet.core.tokens import hash_token

from .conftest import at
from .factories import LineFactory, VisitFactory, paid_carer

pytestmark = pytest.mark.django_db


def planned(org, carer, day, hour):
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=day)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(day, hour))
    return visit


def test_the_feed_shows_only_that_carers_visits_and_parses(client, org):
    # given two carers with visits tomorrow
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    mine, theirs = paid_carer(org), paid_carer(org)
    visit = planned(org, mine, tomorrow, 9)
    planned(org, theirs, tomorrow, 10)
    token = carer_services.ics_token_regenerate(actor=None, carer=mine)
    # when the calendar app fetches the secret address, without logging in
    response = client.get(reverse("care:ics", kwargs={"token": token}))
    # then it gets one event: the carer's visit, at its time and address
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["uid"]) == f"visita-{visit.pk}@coopnet"
    assert event.decoded("dtstart") == at(tomorrow, 9)
    assert event.decoded("dtend") == at(tomorrow, 10)
    assert str(event["location"]) == visit.beneficiary.address
    assert str(visit.beneficiary.person) in str(event["summary"])


def test_a_wrong_or_revoked_token_is_not_found(client, org):
    carer = paid_carer(org)
    assert client.get(reverse("care:ics", kwargs={"token": "nope"})).status_code == 404
    old = carer_services.ics_token_regenerate(actor=None, carer=carer)
    new = carer_services.ics_token_regenerate(actor=None, carer=carer)
    assert client.get(reverse("care:ics", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("care:ics", kwargs={"token": new})).status_code == 200
    carer.refresh_from_db()
    assert carer.ics_token_hash == hash_token(new)
    assert new not in carer.ics_token_hash
    carer_services.ics_token_revoke(actor=None, carer=carer)
    assert client.get(reverse("care:ics", kwargs={"token": new})).status_code == 404
    # each change is audited
    assert AuditEntry.objects.filter(action="care.carer.ics_token").count() == 2


def test_the_feed_is_read_only(client, org):
    token = carer_services.ics_token_regenerate(actor=None, carer=paid_carer(org))
    url = reverse("care:ics", kwargs={"token": token})
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405
