"""Replication: a cooperative, a person or the public asks to replicate a practice; its owner
and the organizer see the requests, accept or decline them, record mentoring, and link the new
cooperative in the network as an incubation whose origin is the practice."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory, UserFactory
from coopnet.network.models import Incubation
from coopnet.practices import selectors, services
from coopnet.practices.models import ReplicationRequest, ReplicationState


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()


def _ask(practice, **overrides):
    data = {
        "actor": None,
        "practice": practice,
        "requester": None,
        "name": "Gruppo di Fanano",
        "email": "fanano@example.org",
        "message": "Vorremmo aprire una bottega di comunità.",
        **overrides,
    }
    return services.replication_ask(**data)


def test_owner_and_organizer_see_a_request_others_do_not(practice, org, other_org, consortium):
    request = _ask(practice)
    assert list(selectors.replications(org)) == [request]
    assert list(selectors.replications(consortium)) == [request]
    assert list(selectors.replications(other_org)) == []


def test_a_request_is_not_repeated_and_names_bad_fields(practice, org, other_org):
    _ask(practice)
    with pytest.raises(ValidationError, match="già chiesto"):
        _ask(practice, email="FANANO@example.org ")
    with pytest.raises(ValidationError) as refused:
        _ask(practice, email="non-una-mail", message="")
    assert {"email", "message"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError, match="già vostra"):
        _ask(practice, requester=org)
    _ask(practice, requester=other_org)  # a cooperative asks too


def test_accept_mentor_and_link_the_new_cooperative_as_an_incubation(practice, org, consortium):
    request = _ask(practice)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Prima accogli"):
        services.mentoring_add(
            actor=None,
            request=request,
            mentor=org,
            mentee="Gruppo",
            start_date=today,
        )
    with pytest.raises(ValidationError) as refused:
        services.replication_decide(actor=None, request=request, accept=False, answer="")
    assert "answer" in refused.value.message_dict
    services.replication_decide(actor=None, request=request, accept=True)
    with pytest.raises(ValidationError, match="già stata decisa"):
        services.replication_decide(actor=None, request=request, accept=False, answer="No")
    stranger = OrganizationFactory()
    with pytest.raises(ValidationError) as refused:
        services.mentoring_add(
            actor=None,
            request=request,
            mentor=stranger,
            mentee="G",
            start_date=today,
        )
    assert "mentor" in refused.value.message_dict
    services.mentoring_add(
        actor=None, request=request, mentor=org, mentee="Gruppo di Fanano",
        start_date=today, notes="Due visite al mese.",
    )  # fmt: skip
    child = OrganizationFactory(kind=OrganizationKind.COMMUNITY_COOP, short_name="Fanano Coop")
    incubation = services.replication_incubate(
        actor=None, request=request, incubator=org, child=child, start_date=today
    )
    assert Incubation.objects.for_org(org).get() == incubation
    assert incubation.child == child
    assert practice.title in incubation.note
    assert ReplicationRequest.objects.get(pk=request.pk).incubation == incubation
    with pytest.raises(ValidationError, match="già collegata"):
        services.replication_incubate(
            actor=None,
            request=request,
            incubator=consortium,
            child=child,
            start_date=today,
        )


def test_the_public_form_is_rate_limited_with_a_honeypot(client, practice):
    url = reverse("practices:replication_ask", args=[practice.pk])
    assert b'name="website"' in client.get(url).content
    post = {"name": "<script>alert(1)</script>", "email": "a@example.org", "message": "Ciao"}
    assert client.post(url, {**post, "website": "spam"}).status_code == 302
    assert not ReplicationRequest.objects.exists()
    assert client.post(url, post).status_code == 302
    assert ReplicationRequest.objects.get().name == "<script>alert(1)</script>"
    refused = client.post(url, {**post, "email": "b@example.org", "message": ""})
    assert refused.status_code == 200
    assert "message" in refused.context["form"].errors
    for n in range(3):
        client.post(url, {**post, "email": f"c{n}@example.org"})
    assert client.post(url, {**post, "email": "z@example.org"}).status_code == 429


def test_a_logged_in_person_asks_for_their_cooperative(client, practice, other_org, outsider):
    client.force_login(outsider)
    url = reverse("practices:replication_ask", args=[practice.pk])
    page = client.get(url).content.decode()
    assert "Altra Coop" in page
    client.post(url, {"requester": other_org.pk, "name": "Marco", "email": "m@example.org",
                      "message": "Anche noi."})  # fmt: skip
    assert ReplicationRequest.objects.get().requester == other_org
    person = UserFactory()
    client.force_login(person)
    assert 'name="requester"' not in client.get(url).content.decode()


def test_the_pages_of_owner_and_organizer(client, practice, org, admin_user, consortium_staff):
    request = _ask(practice, name="<b>Gruppo</b>")
    client.force_login(admin_user)
    listing = client.get(reverse("practices:replications", args=[org.slug])).content.decode()
    assert "&lt;b&gt;Gruppo&lt;/b&gt;" in listing
    url = reverse("practices:replication", args=[org.slug, request.pk])
    assert client.post(url, {"action": "decide", "accept": "no", "answer": ""}).status_code == 200
    assert client.post(url, {"action": "decide", "accept": "si", "answer": ""}).status_code == 302
    today = timezone.localdate().isoformat()
    post = {"action": "mentoring", "m-mentor": org.pk, "m-mentee": "Gruppo", "m-start_date": today}
    assert client.post(url, post).status_code == 302
    child = OrganizationFactory(kind=OrganizationKind.COMMUNITY_COOP)
    post = {"action": "incubate", "i-child": org.pk, "i-start_date": today}
    refused = client.post(url, post)  # an organization cannot incubate itself
    assert refused.status_code == 200
    assert refused.context["incubation_form"].errors["child"]
    post["i-child"] = child.pk
    assert client.post(url, post).status_code == 302
    assert 'data-testid="incubation"' in client.get(url).content.decode()
    request.refresh_from_db()
    assert request.state == ReplicationState.ACCEPTED
    client.force_login(consortium_staff)
    assert (
        client.get(
            reverse("practices:replication", args=["consorzio-aurora", request.pk])
        ).status_code
        == 200
    )


def test_others_get_404(client, practice, other_org, outsider):
    request = _ask(practice)
    client.force_login(outsider)
    url = reverse("practices:replication", args=[other_org.slug, request.pk])
    assert client.get(url).status_code == 404
