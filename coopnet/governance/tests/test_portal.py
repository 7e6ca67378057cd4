"""The member's side: joining online, voting for themselves and for whom they represent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.governance import services
from coopnet.governance.models import BallotParticipation, Proxy, SecretTally
from coopnet.members.tests.factories import PersonFactory, member

from .factories import convened, first_item, in_session, members, participant, present, statute


def url(name, org, *args):
    return reverse(f"governance:{name}", args=[org.slug, *args])


@pytest.fixture
def me(org, member_user):
    """``member_user``'s membership, linked to their account."""
    return member(org, person=PersonFactory(organization=org, user=member_user, surname="Gallo"))


def _flash(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _vote(client, org, meeting, ballot, voter, choice):
    """The member's vote form for ``voter`` (themselves or a member they represent), posted."""
    prefix = f"b{ballot.pk}v{voter.pk}"
    return client.post(
        url("mine_vote", org, meeting.pk, ballot.pk),
        {"voter_pk": voter.pk, f"{prefix}-voter": voter.pk, f"{prefix}-choice": choice},
    )


def test_a_member_joins_online_and_votes_secretly(client, org, member_user, me):
    statute(org, remote_voting_allowed=True)
    members(org, 2)
    meeting = in_session(org)
    point = first_item(meeting)
    ballot = services.ballot_open(actor=None, item=point, secret=True)
    client.force_login(member_user)
    # before joining, the page asks them to check in
    page = client.get(url("mine_meeting", org, meeting.pk)).content.decode()
    assert "registra la tua presenza" in page
    client.post(url("mine_checkin", org, meeting.pk))
    line = participant(meeting, me)
    assert line.attendance == "online"
    # when they vote
    response = _vote(client, org, meeting, ballot, line, "contrario")
    assert "Voto registrato" in _flash(response)
    # then who voted is known, how is only in the totals
    vote = BallotParticipation.objects.get(ballot=ballot)
    assert (vote.voter_id, vote.channel, vote.choice) == (line.pk, "online", "")
    assert (
        SecretTally.objects.get(
            ballot=ballot, choice="contrario", capped=False, sovventore=False
        ).votes
        == 1
    )
    assert "Hai votato." in client.get(url("mine_meeting", org, meeting.pk)).content.decode()


def test_a_delegate_votes_for_the_members_they_represent(client, org, member_user, me):
    grantor = member(org)
    meeting = in_session(org)
    services.proxy_grant(
        actor=None, grantor=participant(meeting, grantor), delegate=participant(meeting, me)
    )
    present(meeting, me)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    client.force_login(member_user)
    page = client.get(url("mine_meeting", org, meeting.pk)).content.decode()
    assert "(delega)" in page
    represented = participant(meeting, grantor)
    _vote(client, org, meeting, ballot, represented, "favorevole")
    vote = BallotParticipation.objects.get(ballot=ballot, voter=represented)
    assert vote.cast_by_id == participant(meeting, me).pk
    assert vote.proxy is not None
    assert vote.channel == "sala"


def test_a_member_cannot_vote_for_someone_who_did_not_delegate_them(client, org, member_user, me):
    other = member(org)
    meeting = in_session(org)
    present(meeting, me, other)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    client.force_login(member_user)
    stranger = participant(meeting, other)
    response = _vote(client, org, meeting, ballot, stranger, "favorevole")
    assert "R-CC-2539" in _flash(response)
    assert not BallotParticipation.objects.exists()


def test_voting_needs_the_member_role(client, org, me, member_user):
    # given the same person holding only an administrator's role (no governance.ballot:vote)
    admin_only = RoleAssignmentFactory(organization=org, role=Role.COOP_ADMIN).user
    me.person.user = admin_only
    me.person.save()
    meeting = in_session(org)
    present(meeting, me)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    client.force_login(admin_only)
    line = participant(meeting, me)
    response = _vote(client, org, meeting, ballot, line, "favorevole")
    assert response.status_code == 404
    assert not BallotParticipation.objects.exists()


def test_a_remote_window_lets_members_vote_before_the_session(client, org, member_user, me):
    statute(org, remote_voting_allowed=True)
    meeting = convened(org)
    ballot = services.ballot_open(
        actor=None,
        item=first_item(meeting),
        secret=True,
        remote=True,
        closes_at=timezone.now() + dt.timedelta(days=3),
    )
    client.force_login(member_user)
    upcoming = client.get(url("mine", org)).context["upcoming"]
    assert [p.meeting_id for p in upcoming] == [meeting.pk]
    line = participant(meeting, me)
    _vote(client, org, meeting, ballot, line, "favorevole")
    assert BallotParticipation.objects.get(ballot=ballot).channel == "online"


# --- proxies asked from the member's own page (R-CC-2539) ----------------------------------


def test_a_member_delegates_from_their_page_and_the_chair_sees_it(
    client, org, member_user, me, admin_user
):
    # given a convened assembly and another member with voting rights
    delegate = member(org, person=PersonFactory(organization=org, surname="Bianchi"))
    meeting = convened(org)
    client.force_login(member_user)
    page = client.get(url("mine_meeting", org, meeting.pk)).content.decode()
    assert 'data-testid="proxy-form"' in page
    assert "finché non l'ha usata" in page  # says what delegating does before asking
    # when they delegate Bianchi by register number
    response = client.post(
        url("mine_proxy", org, meeting.pk), {"delegate": delegate.register_number}
    )
    assert response.status_code == 302
    assert "Bianchi" in _flash(response)
    # then the proxy is recorded as given by the member themselves
    proxy = Proxy.objects.get(meeting=meeting, withdrawn_at__isnull=True)
    assert (proxy.grantor, proxy.delegate) == (
        participant(meeting, me),
        participant(meeting, delegate),
    )
    assert proxy.recorded_by == member_user
    # and the chair sees it on the roll and, once the delegate is in, in the quorum
    present(meeting, delegate)
    client.force_login(admin_user)
    chair = client.get(url("chair", org, meeting.pk)).content.decode()
    assert f'data-testid="proxy-of-{me.register_number}"' in chair
    assert client.get(url("quorum", org, meeting.pk)).context["panel"].represented == 1


def test_the_statutes_limit_refuses_a_proxy_with_the_reason_next_to_the_field(
    client, org, member_user, me
):
    # given a statute allowing one proxy per delegate, already used
    statute(org, proxy_max_per_delegate=1)
    delegate, other = members(org, 2)
    meeting = convened(org)
    services.proxy_grant(
        actor=None, grantor=participant(meeting, other), delegate=participant(meeting, delegate)
    )
    client.force_login(member_user)
    # when the member delegates the same person
    response = client.post(
        url("mine_proxy", org, meeting.pk), {"delegate": delegate.register_number}
    )
    # then it is refused, saying why, and nothing is recorded
    assert response.status_code == 200
    form = response.context["proxy_form"]
    assert "R-CC-2539" in form.errors["delegate"][0]
    assert "R-CC-2539" in response.content.decode()
    assert not Proxy.objects.filter(grantor=participant(meeting, me)).exists()
    unknown = client.post(url("mine_proxy", org, meeting.pk), {"delegate": 9999})
    assert "9999" in unknown.context["proxy_form"].errors["delegate"][0]


def test_a_member_withdraws_their_proxy_until_it_is_used(client, org, member_user, me):
    delegate = member(org)
    meeting = convened(org)
    client.force_login(member_user)
    client.post(url("mine_proxy", org, meeting.pk), {"delegate": delegate.register_number})
    page = client.get(url("mine_meeting", org, meeting.pk)).content.decode()
    assert 'data-testid="proxy-withdraw"' in page
    response = client.post(url("mine_proxy_withdraw", org, meeting.pk))
    assert "ritirata" in _flash(response)
    assert not Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).exists()
    # nothing left to withdraw: not found
    assert client.post(url("mine_proxy_withdraw", org, meeting.pk)).status_code == 404


def test_delegating_needs_the_member_role(client, org, me):
    # given the same person holding only an administrator's role (no governance.ballot:vote)
    admin_only = RoleAssignmentFactory(organization=org, role=Role.COOP_ADMIN).user
    me.person.user = admin_only
    me.person.save()
    delegate = member(org)
    meeting = convened(org)
    client.force_login(admin_only)
    page = client.get(url("mine_meeting", org, meeting.pk)).content.decode()
    assert 'data-testid="proxy-form"' not in page
    response = client.post(
        url("mine_proxy", org, meeting.pk), {"delegate": delegate.register_number}
    )
    assert response.status_code == 404
    assert not Proxy.objects.exists()


# --- confirming attendance before the session ----------------------------------------------


def test_a_member_confirms_attendance_and_the_chair_counts_it_apart_from_the_quorum(
    client, org, member_user, me, admin_user
):
    # given a convened assembly whose statute allows attending online
    statute(org, remote_voting_allowed=True)
    members(org, 2)
    meeting = convened(org)
    client.force_login(member_user)
    page = client.get(url("mine_meeting", org, meeting.pk)).content.decode()
    assert 'data-testid="confirm-attendance"' in page
    # when the member says they will attend online
    response = client.post(url("mine_confirm", org, meeting.pk), {"mode": "online"})
    assert "online" in _flash(response)
    line = participant(meeting, me)
    assert (line.confirmed, line.attendance) == ("online", "assente")  # a promise, not presence
    # then the chair sees it live, and the quorum does not count it
    client.force_login(admin_user)
    panel = client.get(url("quorum", org, meeting.pk))
    assert panel.context["panel"].confirmed == {"presente": 0, "online": 1}
    assert panel.context["panel"].present_votes == 0
    assert 'data-testid="confirmed"' in panel.content.decode()


def test_attending_online_is_confirmed_only_when_the_statute_allows_it(
    client, org, member_user, me
):
    meeting = convened(org)
    client.force_login(member_user)
    response = client.post(url("mine_confirm", org, meeting.pk), {"mode": "online"})
    assert "R-CC-2538" in _flash(response)
    assert participant(meeting, me).confirmed == ""
    client.post(url("mine_confirm", org, meeting.pk), {"mode": "presente"})
    assert participant(meeting, me).confirmed == "presente"
