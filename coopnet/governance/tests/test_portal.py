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
from coopnet.governance.models import BallotParticipation, SecretTally
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
    prefix = f"b{ballot.pk}v{line.pk}"
    response = client.post(
        url("mine_vote", org, meeting.pk, ballot.pk),
        {"voter_pk": line.pk, f"{prefix}-voter": line.pk, f"{prefix}-choice": "contrario"},
    )
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
    prefix = f"b{ballot.pk}v{represented.pk}"
    client.post(
        url("mine_vote", org, meeting.pk, ballot.pk),
        {
            "voter_pk": represented.pk,
            f"{prefix}-voter": represented.pk,
            f"{prefix}-choice": "favorevole",
        },
    )
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
    prefix = f"b{ballot.pk}v{stranger.pk}"
    response = client.post(
        url("mine_vote", org, meeting.pk, ballot.pk),
        {"voter_pk": stranger.pk, f"{prefix}-voter": stranger.pk, f"{prefix}-choice": "favorevole"},
    )
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
    prefix = f"b{ballot.pk}v{line.pk}"
    response = client.post(
        url("mine_vote", org, meeting.pk, ballot.pk),
        {"voter_pk": line.pk, f"{prefix}-voter": line.pk, f"{prefix}-choice": "favorevole"},
    )
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
    prefix = f"b{ballot.pk}v{line.pk}"
    client.post(
        url("mine_vote", org, meeting.pk, ballot.pk),
        {"voter_pk": line.pk, f"{prefix}-voter": line.pk, f"{prefix}-choice": "favorevole"},
    )
    assert BallotParticipation.objects.get(ballot=ballot).channel == "online"
