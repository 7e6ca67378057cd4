"""Hours volunteers propose from their phone, and their review by staff."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import AuditEntry, Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.workforce import selectors, services
from coopnet.workforce.models import HoursStatus, VolunteerHours

from .factories import PersonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer_user(org):
    """A member of ``org`` whose person is in the volunteer register."""
    return RoleAssignmentFactory(organization=org, role=Role.MEMBER).user


@pytest.fixture
def volunteer(org, volunteer_user):
    person = PersonFactory.create(organization=org, user=volunteer_user, surname="Neri")
    return VolunteerFactory.create(organization=org, person=person, start_date=dt.date(2020, 1, 1))


@pytest.fixture
def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def own_url(org):
    return reverse("workforce:own_volunteering", kwargs={"org_slug": org.slug})


def review_url(org, entry):
    return reverse("workforce:hours_review", kwargs={"org_slug": org.slug, "pk": entry.pk})


def withdraw_url(org, entry):
    return reverse("workforce:own_hours_withdraw", kwargs={"org_slug": org.slug, "pk": entry.pk})


def propose(volunteer, user, day, hours="3"):
    return services.hours_propose(
        actor=user, volunteer=volunteer, date=day, hours=Decimal(hours), activity="Mensa"
    )


def totals(org, volunteer, year):
    """The approved hours as the register, the yearly table, the volunteer's own page and the
    staff's volunteer page count them."""
    listed: Any = selectors.volunteers(org, today=timezone.localdate()).get(pk=volunteer.pk)
    detail: Any = selectors.volunteer_detail(org, volunteer.pk)
    monthly = sum((row.total for row in selectors.hours_by_month(org, year)), Decimal(0))
    return (
        listed.total_hours or Decimal(0),
        monthly,
        selectors.approved_hours_in_year(volunteer, year),
        detail.total_hours or Decimal(0),
    )


def test_proposed_hours_are_shown_but_not_counted(
    client, org, volunteer, volunteer_user, yesterday
):
    # given a volunteer logged in on their own page
    client.force_login(volunteer_user)
    # when they propose hours for yesterday
    response = client.post(
        own_url(org), {"date": yesterday.isoformat(), "hours": "2,5", "activity": "Mensa"}
    )
    # then the row waits for staff, appears on their page, and no total counts it
    assert response.status_code == 302
    entry = VolunteerHours.objects.get()
    assert entry.status == HoursStatus.PROPOSED
    assert entry.proposed_by == volunteer_user
    page = client.get(own_url(org)).content.decode()
    assert "Da approvare" in page
    assert 'data-testid="withdraw"' in page
    assert totals(org, volunteer, yesterday.year) == (0, 0, 0, 0)
    assert AuditEntry.objects.filter(action="workforce.hours.propose").count() == 1


def test_staff_approve_and_the_hours_count(
    client, org, admin_user, volunteer, volunteer_user, yesterday
):
    # given a proposed row
    entry = propose(volunteer, volunteer_user, yesterday)
    client.force_login(admin_user)
    listing = client.get(reverse("workforce:volunteers", kwargs={"org_slug": org.slug}))
    assert 'data-testid="pending-count">1<' in listing.content.decode()
    # when staff approve it
    response = client.post(review_url(org, entry), {"decision": "approva"})
    # then it counts everywhere, and who decided and when is recorded and audited
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == HoursStatus.APPROVED
    assert entry.reviewed_by == admin_user
    assert entry.reviewed_at is not None
    assert totals(org, volunteer, yesterday.year) == (3, 3, 3, 3)
    audit = AuditEntry.objects.get(action="workforce.hours.approve")
    assert audit.actor == admin_user
    assert (audit.before or {})["status"] == "proposta"
    assert (audit.after or {})["status"] == "approvata"
    # and a second decision on the same row is not possible
    assert client.post(review_url(org, entry), {"decision": "respingi"}).status_code == 404


def test_staff_reject_with_a_note(client, org, hr_user, volunteer, volunteer_user, yesterday):
    entry = propose(volunteer, volunteer_user, yesterday)
    client.force_login(hr_user)
    client.post(review_url(org, entry), {"decision": "respingi", "note": "Giorno di chiusura"})
    entry.refresh_from_db()
    assert entry.status == HoursStatus.REJECTED
    assert entry.review_note == "Giorno di chiusura"
    assert AuditEntry.objects.filter(action="workforce.hours.reject").exists()
    assert totals(org, volunteer, yesterday.year) == (0, 0, 0, 0)
    # the volunteer sees the decision and its reason, and can no longer withdraw the row
    client.force_login(volunteer_user)
    page = client.get(own_url(org)).content.decode()
    assert "Respinta" in page
    assert "Giorno di chiusura" in page
    assert 'data-testid="withdraw"' not in page


def test_volunteer_withdraws_only_own_proposed_rows(
    client, org, volunteer, volunteer_user, yesterday
):
    proposed = propose(volunteer, volunteer_user, yesterday)
    approved = services.hours_record(
        actor=None, volunteer=volunteer, date=yesterday, hours=Decimal(1)
    )
    other = VolunteerFactory.create(organization=org)
    others = services.hours_record(actor=None, volunteer=other, date=yesterday, hours=Decimal(1))
    client.force_login(volunteer_user)
    # an approved row stays, with an explanation
    response = client.post(withdraw_url(org, approved), follow=True)
    assert "non sono più in attesa" in response.content.decode()
    # another volunteer's row does not exist for them
    assert client.post(withdraw_url(org, others)).status_code == 404
    # their own proposed row goes, and the withdrawal is audited
    assert client.post(withdraw_url(org, proposed)).status_code == 302
    assert set(VolunteerHours.objects.values_list("pk", flat=True)) == {approved.pk, others.pk}
    assert AuditEntry.objects.filter(action="workforce.hours.withdraw").count() == 1
    with pytest.raises(PermissionDenied):
        services.hours_withdraw(actor=volunteer_user, entry=others)


def test_other_members_cannot_see_the_page_nor_propose(
    client, org, member_user, volunteer, yesterday
):
    # given a member of the same organization who is not a volunteer
    client.force_login(member_user)
    data = {"date": yesterday.isoformat(), "hours": "2"}
    # then the page does not exist for them
    assert client.get(own_url(org)).status_code == 404
    assert client.post(own_url(org), data).status_code == 404
    # and the service refuses hours for somebody else
    with pytest.raises(PermissionDenied):
        propose(volunteer, member_user, yesterday)
    assert not VolunteerHours.objects.exists()


def test_volunteer_of_another_organization_gets_404(client, org, other_org):
    user = RoleAssignmentFactory(organization=org, role=Role.MEMBER).user
    RoleAssignmentFactory(organization=other_org, role=Role.MEMBER, user=user)
    person = PersonFactory.create(organization=other_org, user=user)
    VolunteerFactory.create(organization=other_org, person=person)
    client.force_login(user)
    assert client.get(own_url(org)).status_code == 404
    assert client.get(own_url(other_org)).status_code == 200


def test_review_needs_staff(
    client, org, member_user, coordinator, volunteer, volunteer_user, yesterday
):
    entry = propose(volunteer, volunteer_user, yesterday)
    pending = reverse("workforce:pending_hours", kwargs={"org_slug": org.slug})
    for user in (member_user, volunteer_user, coordinator):
        client.force_login(user)
        assert client.post(review_url(org, entry), {"decision": "approva"}).status_code == 404
    # the coordinator reads the queue but gets no buttons
    page = client.get(pending).content.decode()
    assert "Neri" in page
    assert 'data-testid="approve"' not in page
    assert client.get(review_url(org, entry)).status_code == 404
    client.force_login(member_user)
    assert client.get(pending).status_code == 404
    entry.refresh_from_db()
    assert entry.status == HoursStatus.PROPOSED


def test_staff_who_volunteer_cannot_approve_their_own_hours(org, volunteer, yesterday):
    user = volunteer.person.user
    RoleAssignmentFactory(organization=org, role=Role.COOP_ADMIN, user=user)
    entry = propose(volunteer, user, yesterday)
    with pytest.raises(ValidationError, match="approvate da altri"):
        services.hours_review(actor=user, entry=entry, approve=True)


def test_day_limit_counts_proposed_hours(org, admin_user, volunteer, volunteer_user, yesterday):
    propose(volunteer, volunteer_user, yesterday, hours="20")
    with pytest.raises(ValidationError) as staff_error:
        services.hours_record(actor=None, volunteer=volunteer, date=yesterday, hours=Decimal(5))
    assert "supererebbe 24" in str(staff_error.value.message_dict["hours"])
    with pytest.raises(ValidationError):
        propose(volunteer, volunteer_user, yesterday, hours="5")
    # a rejected row frees its hours again
    entry = VolunteerHours.objects.get()
    services.hours_review(actor=admin_user, entry=entry, approve=False)
    services.hours_record(actor=None, volunteer=volunteer, date=yesterday, hours=Decimal(5))


def test_future_and_out_of_period_dates_are_refused(client, org, volunteer, volunteer_user):
    client.force_login(volunteer_user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(own_url(org), {"date": tomorrow.isoformat(), "hours": "2"})
    assert response.status_code == 200
    assert "giorno futuro" in response.content.decode()
    before_start = volunteer.start_date - dt.timedelta(days=1)
    response = client.post(own_url(org), {"date": before_start.isoformat(), "hours": "2"})
    assert "fuori dal periodo" in response.content.decode()
    response = client.post(own_url(org), {"date": "2024-03-01", "hours": "25"})
    assert "al massimo 24" in response.content.decode()
    assert not VolunteerHours.objects.exists()


def test_navigation_offers_the_page_only_to_volunteers(
    client, org, member_user, volunteer, volunteer_user
):
    portal = reverse("members:portal", kwargs={"org_slug": org.slug})
    client.force_login(member_user)
    assert own_url(org) not in client.get(portal).content.decode()
    client.force_login(volunteer_user)
    assert own_url(org) in client.get(portal).content.decode()


def test_own_page_queries_do_not_grow(client, org, volunteer, volunteer_user, yesterday):
    client.force_login(volunteer_user)
    propose(volunteer, volunteer_user, yesterday)
    with CaptureQueriesContext(connection) as few:
        assert client.get(own_url(org)).status_code == 200
    for days in range(2, 12):
        propose(volunteer, volunteer_user, yesterday - dt.timedelta(days=days))
        services.hours_record(
            actor=None,
            volunteer=volunteer,
            date=yesterday - dt.timedelta(days=days),
            hours=Decimal(1),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(own_url(org)).content.decode()
    assert page.count('data-testid="hours-row"') == 21
    assert "Il mio volontariato" in page
    assert len(many) == len(few)
