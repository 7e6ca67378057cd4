"""Governance pages: who sees what (three personas), forms that show the rule they break,
and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopnet.governance import selectors, services
from coopnet.governance.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    Participant,
    Proxy,
    StatuteGovernance,
)
from coopnet.members.tests.factories import PersonFactory, member

from .factories import (
    FIRST_CALL,
    IN_TIME,
    close_by_hands,
    convened,
    first_item,
    in_session,
    meeting,
    members,
    participant,
    present,
)


def url(name, org, *args):
    return reverse(f"governance:{name}", args=[org.slug, *args])


@pytest.fixture
def closed_meeting(org, admin_user, django_capture_on_commit_callbacks):
    """A held and closed assembly with a document, a vote and archived minutes; the member
    persona is on its roll."""
    people = members(org, 3)
    created = meeting(org)
    point = first_item(created)
    services.document_attach(
        actor=admin_user,
        item=point,
        title="Bilancio",
        file=SimpleUploadedFile("b.pdf", b"%PDF-1.4 b"),
    )
    services.meeting_convene(actor=None, meeting=created, notice_given_on=IN_TIME)
    held = services.meeting_open(
        actor=None, meeting=created, call="prima", chair_name="A", secretary_name="B"
    )
    present(held, *people)
    ballot = services.ballot_open(actor=None, item=point, secret=False)
    close_by_hands(ballot)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_close(actor=None, meeting=held)
    return Meeting.objects.get(pk=held.pk)


def _office_urls(org, m):
    point = first_item(m)
    document = point.documents.get()
    return [
        url("register", org),
        url("export_csv", org),
        url("statute", org),
        url("meeting_new", org),
        url("detail", org, m.pk),
        url("edit", org, m.pk),
        url("notices", org, m.pk),
        url("item", org, m.pk, point.pk),
        url("document", org, m.pk, document.pk),
        url("minutes", org, m.pk),
        url("chair", org, m.pk),
        url("quorum", org, m.pk),
        url("ballot", org, m.pk, point.pk),
        url("ballot_voters", org, m.pk, point.pk),
    ]


def _status(client, page_url):
    """The status of a GET, a download read to its end: that closes its file, and the test
    client closes it without closing the database connection (``response.close()`` would)."""
    response = client.get(page_url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_the_coop_admin_opens_every_office_page(client, org, admin_user, closed_meeting):
    client.force_login(admin_user)
    statuses = {u: _status(client, u) for u in _office_urls(org, closed_meeting)}
    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("persona", ["member_user", "outsider"])
def test_members_and_outsiders_get_404_on_office_pages(
    client, org, closed_meeting, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    statuses = {u: client.get(u).status_code for u in _office_urls(org, closed_meeting)}
    statuses["convene"] = client.post(url("convene", org, closed_meeting.pk)).status_code
    statuses["close"] = client.post(url("close", org, closed_meeting.pk)).status_code
    assert set(statuses.values()) == {404}, statuses


def test_the_minutes_download_is_the_archived_pdf(client, org, admin_user, closed_meeting):
    client.force_login(admin_user)
    response = client.get(url("minutes", org, closed_meeting.pk))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- the member's side ---------------------------------------------------------------------


def test_a_member_sees_their_meetings_documents_and_minutes(
    client, org, member_user, closed_meeting
):
    mine = Participant.objects.filter(meeting=closed_meeting).order_by("pk")[0]
    mine.membership.person.user = member_user
    mine.membership.person.save()
    client.force_login(member_user)
    page = client.get(url("mine", org))
    assert page.status_code == 200
    assert closed_meeting in [p.meeting for p in page.context["past"]]
    document = first_item(closed_meeting).documents.get()
    assert client.get(url("mine_meeting", org, closed_meeting.pk)).status_code == 200
    document_file = client.get(url("mine_document", org, closed_meeting.pk, document.pk))
    assert b"".join(document_file.streaming_content) == b"%PDF-1.4 b"
    minutes = client.get(url("mine_minutes", org, closed_meeting.pk))
    assert b"".join(minutes.streaming_content).startswith(b"%PDF")


def test_a_member_not_on_the_roll_gets_404(client, org, member_user, closed_meeting):
    client.force_login(member_user)
    assert client.get(url("mine", org)).status_code == 200  # an empty list
    assert client.get(url("mine_meeting", org, closed_meeting.pk)).status_code == 404
    assert client.get(url("mine_minutes", org, closed_meeting.pk)).status_code == 404


@pytest.mark.parametrize("name", ["mine"])
def test_outsiders_do_not_see_the_member_pages(client, org, outsider, name):
    client.force_login(outsider)
    assert client.get(url(name, org)).status_code == 404


# --- forms through the pages ---------------------------------------------------------------


def test_the_office_creates_prepares_and_convenes_an_assembly(
    client, org, admin_user, django_capture_on_commit_callbacks
):
    members(org, 2)
    client.force_login(admin_user)
    response = client.post(
        url("meeting_new", org),
        {
            "kind": "ordinaria",
            "first_call_at": "2026-06-15T18:00",
            "second_call_at": "2026-06-15T20:00",
            "place": "Sede",
        },
    )
    assert "R-CC-2369" in response.content.decode()  # the second call on the same day
    response = client.post(
        url("meeting_new", org),
        {
            "kind": "ordinaria",
            "first_call_at": "2026-06-15T18:00",
            "second_call_at": "2026-06-16T18:00",
            "place": "Sede",
        },
    )
    created = Meeting.objects.get(organization=org)
    assert response.status_code == 302
    client.post(
        url("detail", org, created.pk), {"kind": "bilancio", "title": "Bilancio 2025", "seats": 1}
    )
    assert AgendaItem.objects.filter(meeting=created).count() == 1
    late = client.post(url("convene", org, created.pk), {"notice_given_on": "2026-06-10"})
    assert "R-CC-2366" in late.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("convene", org, created.pk), {"notice_given_on": "2026-05-20", "confirmed": "1"}
        )
    assert Meeting.objects.get(pk=created.pk).status == MeetingStatus.CONVENED


def test_convening_says_who_gets_the_notice_and_asks_once(
    client, org, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    # given three members: one with e-mail and PEC, one with e-mail only, one with neither
    member(org, person=PersonFactory(organization=org, email="a@example.org", pec="a@pec.it"))
    member(org, person=PersonFactory(organization=org, email="b@example.org", pec=""))
    member(org, person=PersonFactory(organization=org, email="", pec=""))
    created = meeting(org)
    client.force_login(admin_user)
    # when the office asks to convene
    asked = client.post(url("convene", org, created.pk), {"notice_given_on": "2026-05-20"})
    # then nothing happens yet: the page says what will happen and asks to confirm
    page = asked.content.decode()
    assert asked.status_code == 200
    assert Meeting.objects.get(pk=created.pk).status == MeetingStatus.DRAFT
    assert 'data-testid="convene-confirm"' in page
    assert "2 soci su 3" in page  # reached electronically
    assert "2 per e-mail" in page
    assert "1 per PEC" in page
    assert "1 senza recapito elettronico" in page
    # when they confirm, it is done at once, without a second question
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url("convene", org, created.pk), {"notice_given_on": "2026-05-20", "confirmed": "1"}
        )
    assert done.status_code == 302
    assert Meeting.objects.get(pk=created.pk).status == MeetingStatus.CONVENED
    assert len(mailoutbox) == 3  # two e-mails and one PEC


def test_the_chair_sees_why_a_proxy_is_refused(client, org, admin_user):
    grantor = member(org)
    newcomer = member(org, applied_on=dt.date(2026, 5, 1), admitted_on=dt.date(2026, 5, 20))
    created = convened(org)
    client.force_login(admin_user)
    response = client.post(
        url("proxy_grant", org, created.pk),
        {"grantor": grantor.register_number, "delegate": newcomer.register_number},
    )
    page = response.content.decode()
    assert "R-CC-2539" in page
    assert "90 giorni" in page
    assert not Proxy.objects.exists()


def test_the_chair_sees_proxies_on_the_roll(client, org, admin_user):
    grantor, delegate = members(org, 2)
    created = convened(org)
    services.proxy_grant(
        actor=None, grantor=participant(created, grantor), delegate=participant(created, delegate)
    )
    client.force_login(admin_user)
    page = client.get(url("chair", org, created.pk), {"presence": "proxies"})
    assert [p.pk for p in page.context["page"]] == [participant(created, grantor).pk]
    assert "delega a" in page.content.decode()
    everyone = client.get(url("chair", org, created.pk)).content.decode()
    assert "rappresenta 1 socio" in everyone


def test_the_chair_runs_the_vote_from_the_pages(client, org, admin_user):
    people = members(org, 3)
    created = convened(org)
    point = first_item(created)
    client.force_login(admin_user)
    client.post(
        url("open_session", org, created.pk),
        {"call": "prima", "chair_name": "Ada", "secretary_name": "Bruno"},
    )
    for person in people:
        client.post(
            url("check_in", org, created.pk), {"number": person.register_number, "mode": "presente"}
        )
    assert client.get(url("quorum", org, created.pk)).context["panel"].in_person == 3
    client.post(url("ballot_open", org, created.pk, point.pk), {})
    client.post(
        url("ballot_vote", org, created.pk, point.pk),
        {"number": people[0].register_number, "choice": "contrario", "channel": "sala"},
    )
    again = client.post(
        url("ballot_vote", org, created.pk, point.pk),
        {"number": people[0].register_number, "choice": "favorevole", "channel": "sala"},
    )
    assert "ha già votato" in again.content.decode()
    client.post(url("ballot_hands", org, created.pk, point.pk), {"against": "", "abstain": ""})
    client.post(url("ballot_close", org, created.pk, point.pk))
    page = client.get(url("ballot", org, created.pk, point.pk))
    assert page.context["result"].approved
    assert page.context["rows"][0][2] == "2.0000"


# --- query counts --------------------------------------------------------------------------


def _queries(client, address) -> int:
    client.get(address)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_register_queries_do_not_grow(client, org, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    meeting(org)
    few = _queries(client, url("register", org))
    for _ in range(8):
        meeting(org)
    with django_assert_max_num_queries(few):
        client.get(url("register", org))
    assert few <= 12


def test_chair_page_queries_do_not_grow(client, org, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    people = members(org, 4)
    small = in_session(org)
    present(small, *people[:2])
    few = _queries(client, url("chair", org, small.pk))
    more = members(org, 26)
    big = in_session(org)
    present(big, *people, *more[:10])
    for grantor, delegate in zip(more[10:16], more[:6], strict=True):
        services.proxy_grant(
            actor=None, grantor=participant(big, grantor), delegate=participant(big, delegate)
        )
    with django_assert_max_num_queries(few):
        client.get(url("chair", org, big.pk))
    assert few <= 30


def test_ballot_and_notices_queries_do_not_grow(
    client, org, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)

    def held(size):
        people = members(org, size)
        m = in_session(org)
        present(m, *people)
        ballot = services.ballot_open(actor=None, item=first_item(m), secret=False)
        close_by_hands(ballot)
        return m

    small, big = held(2), held(20)
    small_ballot = url("ballot", org, small.pk, first_item(small).pk)
    big_ballot = url("ballot", org, big.pk, first_item(big).pk)
    few_ballot = _queries(client, small_ballot)
    few_notices = _queries(client, url("notices", org, small.pk))
    with django_assert_max_num_queries(few_ballot):
        client.get(big_ballot)
    with django_assert_max_num_queries(few_notices):
        client.get(url("notices", org, big.pk))


def test_member_pages_queries_do_not_grow(client, org, member_user, django_assert_max_num_queries):
    person = PersonFactory(organization=org, user=member_user)
    me = member(org, person=person)
    client.force_login(member_user)
    first = in_session(org)
    present(first, me)
    few = _queries(client, url("mine", org))
    few_meeting = _queries(client, url("mine_meeting", org, first.pk))
    for _ in range(4):
        convened(org, items=(("A", "altro"), ("B", "altro"), ("C", "altro")))
    with django_assert_max_num_queries(few):
        client.get(url("mine", org))
    big = in_session(org, items=(("A", "altro"), ("B", "altro"), ("C", "altro"), ("D", "altro")))
    for point in AgendaItem.objects.filter(meeting=big):
        services.ballot_open(actor=None, item=point, secret=False)
    present(big, me)
    with django_assert_max_num_queries(few_meeting):
        client.get(url("mine_meeting", org, big.pk))


def test_first_call_is_shown_in_rome_time(client, org, admin_user):
    created = meeting(org)
    client.force_login(admin_user)
    assert (
        FIRST_CALL.strftime("%d/%m/%Y %H:%M")
        in client.get(url("detail", org, created.pk)).content.decode()
    )


def test_the_office_records_the_statutes_voting_rules(client, org, admin_user):
    client.force_login(admin_user)
    page = client.get(url("statute", org))
    assert "[U]" in page.content.decode()  # the 2368/2369 defaults are uncertain
    assert "L. 59/1992 art. 4 c.3" in page.content.decode()  # the sovventori's cap, applied
    data = {
        k: v
        for k, v in model_to_dict(selectors.default_statute(org, dt.date(2026, 1, 1))).items()
        if v is not False and k != "organization"
    }
    refused = client.post(url("statute", org), {**data, "legal_person_votes": 6})
    assert "R-CC-2538" in refused.content.decode()
    assert not StatuteGovernance.objects.exists()
    saved = client.post(
        url("statute", org), {**data, "legal_person_votes": 3, "rules_confirmed": "on"}
    )
    assert saved.status_code == 302
    rules = StatuteGovernance.objects.get(organization=org)
    assert (rules.legal_person_votes, rules.rules_confirmed) == (3, True)
    assert rules.extraordinary_second_quorum_strict  # unchanged from the legal default


def test_the_statute_page_refuses_more_proxies_per_delegate_than_the_law(client, org, admin_user):
    client.force_login(admin_user)
    data = {
        k: v
        for k, v in model_to_dict(selectors.default_statute(org, dt.date(2026, 1, 1))).items()
        if v is not False and k != "organization"
    }
    refused = client.post(url("statute", org), {**data, "proxy_max_per_delegate": 11})
    assert refused.status_code == 200
    assert "art. 2539 c.c." in refused.content.decode()
    assert "al massimo 10" in refused.content.decode()
    assert not StatuteGovernance.objects.exists()
    saved = client.post(url("statute", org), {**data, "proxy_max_per_delegate": 10})
    assert saved.status_code == 302
    assert StatuteGovernance.objects.get(organization=org).proxy_max_per_delegate == 10
