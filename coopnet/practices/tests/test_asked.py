"""The requester's side of replication («Le mie richieste di replica»): a cooperative sees the
requests it made, a person the ones they made without a cooperative, each with the answer and
the mentoring once given; anyone else gets 404; a request still waiting is withdrawn after one
confirmation; the practice's page links to the request already made."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import AuditEntry, Role
from coopnet.core.tests.factories import RoleAssignmentFactory, UserFactory
from coopnet.practices import selectors, services
from coopnet.practices.models import ReplicationRequest, ReplicationState


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()


def _ask(practice, *, actor=None, requester=None, email="fanano@example.org", **overrides):
    return services.replication_ask(
        actor=actor,
        practice=practice,
        requester=requester,
        name=overrides.pop("name", "Gruppo di Fanano"),
        email=email,
        message=overrides.pop("message", "Vorremmo aprire una bottega di comunità."),
    )


@pytest.fixture
def person(db):
    """Someone logged in without any role, asking as a group that wants to start a coop."""
    return UserFactory(email="gruppo@example.org")


@pytest.fixture
def other_admin(other_org):
    return RoleAssignmentFactory.create(organization=other_org, role=Role.COOP_ADMIN).user


@pytest.fixture
def third_org_admin(db):
    return RoleAssignmentFactory.create(
        organization__short_name="Terza Coop", role=Role.COOP_ADMIN
    ).user


def test_the_requesting_cooperative_sees_only_its_own_requests(
    client, practice, other_org, other_admin, third_org_admin, person
):
    # given: other_org asked, a third cooperative asked, a person asked
    ours = _ask(practice, actor=other_admin, requester=other_org, email="m@altra.example")
    third = third_org_admin.role_assignments.get().organization
    _ask(practice, actor=third_org_admin, requester=third, email="t@terza.example")
    _ask(practice, actor=person, email="gruppo@example.org")
    # when / then: the selector and the page of other_org hold its request only
    assert list(selectors.asked_replications(other_org)) == [ours]
    client.force_login(other_admin)
    page = client.get(reverse("practices:asked_replications", args=[other_org.slug]))
    assert page.status_code == 200
    assert list(page.context["requests"]) == [ours]
    html = page.content.decode()
    assert practice.title in html
    assert reverse("practices:asked_replication", args=[other_org.slug, ours.pk]) in html
    assert "t@terza.example" not in html


def test_the_detail_shows_state_answer_and_mentoring_once_given(
    client, practice, org, other_org, other_admin
):
    request = _ask(practice, actor=other_admin, requester=other_org)
    client.force_login(other_admin)
    url = reverse("practices:asked_replication", args=[other_org.slug, request.pk])
    page = client.get(url).content.decode()
    assert "Da valutare" in page
    assert 'data-testid="answer"' not in page
    assert 'data-testid="withdraw"' in page
    # the owner accepts with an answer and records a mentoring
    services.replication_decide(
        actor=None, request=request, accept=True, answer="Volentieri: <b>sentiamoci</b>."
    )
    services.mentoring_add(
        actor=None,
        request=request,
        mentor=org,
        mentee="Altra Coop",
        start_date=dt.date(2026, 3, 1),
    )
    page = client.get(url).content.decode()
    assert "Accolta" in page
    assert "Volentieri: &lt;b&gt;sentiamoci&lt;/b&gt;." in page
    assert "01/03/2026" in page
    assert 'data-testid="withdraw"' not in page
    listing = client.get(reverse("practices:asked_replications", args=[other_org.slug]))
    assert org.short_name in listing.content.decode()  # the mentor, in the list too


def test_a_person_sees_only_their_own_requests_in_the_account_area(
    client, practice, person, other_org, other_admin
):
    mine = _ask(practice, actor=person, email="gruppo@example.org")
    _ask(practice, actor=UserFactory(), email="altri@example.org")  # another person
    _ask(practice, actor=None, email="anonimo@example.org")  # the public form, no login
    _ask(practice, actor=person, requester=other_org, email="x@example.org")  # for a coop
    assert list(selectors.my_replications(person)) == [mine]
    client.force_login(person)
    page = client.get(reverse("practices:my_replications"))
    assert page.status_code == 200
    assert list(page.context["requests"]) == [mine]
    assert client.get(reverse("practices:my_replication", args=[mine.pk])).status_code == 200
    profile = client.get(reverse("profile")).content.decode()
    assert reverse("practices:my_replications") in profile


def test_someone_else_gets_404(
    client, practice, org, admin_user, member_user, other_org, other_admin, person
):
    theirs = _ask(practice, actor=other_admin, requester=other_org)
    personal = _ask(practice, actor=person, email="gruppo@example.org")
    org_urls = [
        reverse(name, args=[other_org.slug, theirs.pk])
        for name in ("practices:asked_replication", "practices:asked_replication_withdraw")
    ]
    own_urls = [
        reverse(name, args=[org.slug, theirs.pk])
        for name in ("practices:asked_replication", "practices:asked_replication_withdraw")
    ]
    person_urls = [
        reverse(name, args=[personal.pk])
        for name in ("practices:my_replication", "practices:my_replication_withdraw")
    ]
    # another cooperative's admin, in its own org and in other_org's URLs
    client.force_login(admin_user)
    for url in org_urls + own_urls + person_urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert client.get(reverse("practices:asked_replications", args=[org.slug])).status_code == 200
    # a plain member of the requesting cooperative has no role to ask: 404
    client.force_login(member_user)
    assert client.get(reverse("practices:asked_replications", args=[org.slug])).status_code == 404
    # the requester's admin does not see the person's request, the person not the coop's
    client.force_login(other_admin)
    for url in person_urls:
        assert client.get(url).status_code == 404
    client.force_login(person)
    for url in org_urls:
        assert client.get(url).status_code == 404
    assert ReplicationRequest.objects.filter(state=ReplicationState.NEW).count() == 2


def test_withdraw_asks_once_then_is_audited_and_refused_after_an_answer(
    client, practice, other_org, other_admin, person
):
    request = _ask(practice, actor=other_admin, requester=other_org)
    client.force_login(other_admin)
    url = reverse("practices:asked_replication_withdraw", args=[other_org.slug, request.pk])
    # given the confirmation page, nothing changed yet
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'data-testid="withdraw-confirm"' in confirm.content.decode()
    request.refresh_from_db()
    assert request.state == ReplicationState.NEW
    # when confirmed
    done = client.post(url)
    assert done.status_code == 302
    assert done.url == reverse("practices:asked_replication", args=[other_org.slug, request.pk])
    request.refresh_from_db()
    assert request.state == ReplicationState.WITHDRAWN
    assert request.withdrawn_at is not None
    entry = AuditEntry.objects.get(action="practices.replication.withdraw")
    assert entry.actor == other_admin
    assert entry.after == {"state": "ritirata"}
    # then the owner cannot accept it, and asking again is possible
    with pytest.raises(ValidationError, match="ritirato"):
        services.replication_decide(actor=None, request=request, accept=True)
    with pytest.raises(ValidationError) as twice:
        services.replication_withdraw(actor=other_admin, request=request)
    assert "state" in twice.value.message_dict
    again = _ask(practice, actor=other_admin, requester=other_org)
    assert again.state == ReplicationState.NEW
    # an answered request is not withdrawn: the page says why
    services.replication_decide(actor=None, request=again, accept=False, answer="Non ora.")
    url = reverse("practices:asked_replication_withdraw", args=[other_org.slug, again.pk])
    assert client.get(url).status_code == 302  # no confirmation for what cannot be done
    refused = client.post(url, follow=True)
    assert "ha già avuto una risposta" in refused.content.decode()
    again.refresh_from_db()
    assert again.state == ReplicationState.DECLINED


def test_a_person_withdraws_their_request(client, practice, person):
    request = _ask(practice, actor=person, email="gruppo@example.org")
    client.force_login(person)
    url = reverse("practices:my_replication_withdraw", args=[request.pk])
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.state == ReplicationState.WITHDRAWN


def test_withdraw_takes_the_moment(practice):
    request = _ask(practice)
    moment = timezone.make_aware(dt.datetime.combine(dt.date(2026, 5, 4), dt.time(10, 30)))
    row = services.replication_withdraw(actor=None, request=request, now=moment)
    assert row.withdrawn_at == moment


def test_the_practice_page_links_to_the_request_already_made(
    client, practice, other_org, other_admin, person
):
    url = reverse("practices:practice", args=[practice.pk])
    client.force_login(other_admin)
    assert 'data-testid="asked-already"' not in client.get(url).content.decode()
    # the cooperative asks through the form: back on the practice page, the link
    ask = reverse("practices:replication_ask", args=[practice.pk])
    post = {"requester": other_org.pk, "name": "Marco", "email": "m@example.org", "message": "Sì"}
    page = client.post(ask, post, follow=True).content.decode()
    request = ReplicationRequest.objects.get()
    assert "Hai già chiesto di replicare questa pratica" in page
    assert reverse("practices:asked_replication", args=[other_org.slug, request.pk]) in page
    # a person's own request links to the account area; the public sees no link
    client.force_login(person)
    assert 'data-testid="asked-already"' not in client.get(url).content.decode()
    mine = _ask(practice, actor=person, email="gruppo@example.org")
    assert reverse("practices:my_replication", args=[mine.pk]) in client.get(url).content.decode()
    # withdrawn, the link goes: they may ask again
    services.replication_withdraw(actor=person, request=mine)
    assert 'data-testid="asked-already"' not in client.get(url).content.decode()
    client.logout()
    assert 'data-testid="asked-already"' not in client.get(url).content.decode()


def test_the_nav_links_to_the_requests_asked(client, practice, other_org, other_admin):
    client.force_login(other_admin)
    page = client.get(reverse("practices:home", args=[other_org.slug])).content.decode()
    assert reverse("practices:asked_replications", args=[other_org.slug]) in page
