"""The roll, check-in and proxies: the 90-day rule, plural votes, the financing members'
cap and R-CC-2539 (cap per delegate, one proxy per member, no withdrawal after the vote)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from coopnet.core.models import Parameter
from coopnet.governance import selectors, services
from coopnet.governance.models import (
    Attendance,
    Meeting,
    MeetingKind,
    Participant,
    Proxy,
    StatuteGovernance,
)
from coopnet.members.tests.factories import member

from .factories import (
    MEETING_DAY,
    convened,
    first_item,
    in_session,
    legal_member,
    members,
    participant,
    present,
    statute,
    vote,
)

F = Fraction


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- voting rights on the meeting's day (R-CC-2538) ----------------------------------------


@pytest.mark.parametrize(("days", "can_vote"), [(89, False), (90, True), (91, True)])
def test_voting_rights_after_90_days_on_the_register(org, days, can_vote):
    # given a member admitted ``days`` days before the first call
    newcomer = member(
        org,
        applied_on=MEETING_DAY - dt.timedelta(days=days + 5),
        admitted_on=MEETING_DAY - dt.timedelta(days=days),
    )
    # when the assembly is convened
    meeting = convened(org)
    # then they are on the roll, and vote only from the 90th day
    line = participant(meeting, newcomer)
    assert line.on_roll
    assert line.can_vote is can_vote


def test_members_admitted_after_the_meeting_or_gone_are_not_on_the_roll(org):
    later = member(org, applied_on=MEETING_DAY, admitted_on=MEETING_DAY + dt.timedelta(days=1))
    staying = member(org)
    meeting = convened(org)
    lines = Participant.objects.filter(meeting=meeting)
    assert list(lines.values_list("membership_id", flat=True)) == [staying.pk]
    assert not lines.filter(membership=later).exists()


def test_the_roll_follows_the_day_of_the_second_call(org):
    # given a member who reaches 90 days on the day of the second call
    newcomer = member(
        org,
        applied_on=MEETING_DAY - dt.timedelta(days=100),
        admitted_on=MEETING_DAY - dt.timedelta(days=89),
    )
    # when the assembly is held on second call (one day later)
    meeting = in_session(org, call="seconda")
    # then their rights are those of that day
    assert meeting.held_on == MEETING_DAY + dt.timedelta(days=1)
    assert participant(meeting, newcomer).can_vote


# --- plural votes --------------------------------------------------------------------------


def test_legal_persons_hold_the_statutes_votes(org):
    statute(org, legal_person_votes=3, sovventore_votes=5)
    company = legal_member(org)
    funder = member(org, category="sovventore")
    worker = member(org)
    meeting = convened(org)
    assert participant(meeting, company).weight == 3
    assert participant(meeting, funder).weight == 5
    assert participant(meeting, worker).weight == 1
    # the sovventore's five votes count as two: a third of all members' votes, theirs
    # included (L. 59/1992 art. 4 c.3)
    panel = selectors.quorum_panel(meeting)
    assert panel.total_votes == F(3 + 1 + 2)


def test_per_head_counting_gives_everyone_one_vote(org):
    statute(org, legal_person_votes=5, counting="teste")
    company = legal_member(org)
    meeting = convened(org)
    assert participant(meeting, company).weight == 1


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("legal_person_votes", 6, "R-CC-2538"),
        ("sovventore_votes", 6, "R-CC-2526"),
        ("legal_person_votes", 0, "R-CC-2538"),
    ],
)
def test_plural_votes_beyond_the_law_are_refused(org, field, value, rule):
    with pytest.raises(ValidationError) as error:
        statute(org, **{field: value})
    assert rule in error.value.message_dict[field][0]


# --- the financing members' cap (R-CC-2526) ------------------------------------------------


@pytest.mark.parametrize(("financing", "counted"), [(2, F(2)), (3, F(3)), (4, F(3)), (6, F(3))])
def test_financing_members_count_at_most_one_third_of_votes_present(org, financing, counted):
    # given six ordinary members and some financing members, all present
    ordinary = members(org, 6)
    funders = members(org, financing, category="finanziatore")
    meeting = in_session(org)
    present(meeting, *ordinary, *funders)
    # then the financing members' votes count at most one third of the votes present
    panel = selectors.quorum_panel(meeting)
    assert panel.financing_raw == financing
    assert panel.financing_counted == counted
    assert panel.present_votes == 6 + counted
    assert panel.financing_counted / panel.present_votes <= F(1, 3)


def _six_workers_against(org, others, *, secret=False):
    """Six workers vote against and ``others`` in favour, everyone in the room."""
    workers = members(org, 6)
    meeting = in_session(org)
    present(meeting, *workers, *others)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=secret)
    choices = [(w, "contrario") for w in workers] + [(o, "favorevole") for o in others]
    for voter, choice in choices:
        vote(ballot, meeting, voter, choice)
    return meeting, ballot


def test_financing_members_cannot_outvote_the_cooperators(org):
    # given six workers against and four financing members in favour
    _meeting, ballot = _six_workers_against(org, members(org, 4, category="finanziatore"))
    # when the vote closes
    result = services.ballot_close(actor=None, ballot=ballot)
    # then the four financing votes count as three (one third of 9), and the motion fails
    assert result.tallies == {"favorevole": "3.0000", "contrario": "6.0000", "astenuto": "0.0000"}
    assert result.present_votes == 9
    assert result.financing_coefficient == pytest.approx(0.75)
    assert not result.approved


# --- the soci sovventori's cap (L. 59/1992 art. 4 c.3) --------------------------------------


def test_sovventori_count_at_most_one_third_of_all_members_votes(org, client, admin_user):
    # given six workers against and two soci sovventori with five votes each in favour
    statute(org, sovventore_votes=5)
    meeting, ballot = _six_workers_against(org, members(org, 2, category="sovventore"))
    # then the panel counts their ten votes as three: a third of all members' votes, theirs
    # included (3 = 1/3 of 6 + 3)
    panel = selectors.quorum_panel(meeting)
    assert (panel.sovventori_raw, panel.sovventori_counted) == (10, 3)
    assert panel.present_votes == panel.total_votes == 9
    # when the vote closes, the stored result applies the same cap, and the motion fails
    result = services.ballot_close(actor=None, ballot=ballot)
    assert result.tallies == {"favorevole": "3.0000", "contrario": "6.0000", "astenuto": "0.0000"}
    assert result.sovventori_coefficient == Decimal("0.3")
    assert result.financing_coefficient == 1
    assert not result.approved
    # and the rule is shown where it applied: the chair's panel, the result and the minutes
    rule = "L. 59/1992 art. 4 c.3"
    client.force_login(admin_user)
    chair = client.get(reverse("governance:quorum", args=[org.slug, meeting.pk])).content
    assert rule in chair.decode()
    assert "verificare lo statuto." not in chair.decode()  # a cap applied, not a warning
    page = client.get(reverse("governance:ballot", args=[org.slug, meeting.pk, ballot.item_id]))
    assert f"ogni voto conta 0,30 ({rule}" in page.content.decode()
    minutes = render_to_string(
        "governance/minutes_pdf.html", services.minutes.minutes_context(meeting)
    )
    assert f"ogni voto conta 0,30 ({rule}" in minutes
    assert "3 su 10" in minutes  # the sovventori's votes counted in the quorum


def test_the_quorum_panel_shows_the_share_present_in_the_italian_format(org, client, admin_user):
    # given three of eleven members present
    workers = members(org, 11)
    meeting = in_session(org)
    present(meeting, *workers[:3])
    # when the chair's panel is shown
    client.force_login(admin_user)
    page = client.get(reverse("governance:quorum", args=[org.slug, meeting.pk])).content.decode()
    # then the share is one Italian percentage (core.formatting), not a second format
    assert "3 / 11 (27,3%)" in page
    assert "27,27" not in page


def test_the_sovventori_cap_is_on_all_members_votes_not_those_present(org):
    # given twelve workers on the register of whom three come, and two sovventori (2 votes each)
    statute(org, sovventore_votes=2)
    workers = members(org, 12)
    sovventori = members(org, 2, category="sovventore")
    meeting = in_session(org, call="seconda")
    present(meeting, *workers[:3], *sovventori)
    # then their four votes count in full: the third is of all members' votes (12 + 4), as the
    # law says, and not of the seven present (R-CC-2526 c.2 is the financing members' rule)
    panel = selectors.quorum_panel(meeting)
    assert (panel.sovventori_raw, panel.sovventori_counted) == (4, 4)
    assert panel.present_votes == 7


def test_the_sovventori_cap_is_read_from_the_parameter_table(org):
    # given a later law setting a quarter (a new dated row, no code change)
    Parameter.objects.create(
        key="l59.sovventori_votes_max_share",
        value=Decimal("0.25"),
        valid_from=MEETING_DAY - dt.timedelta(days=1),
        source="test",
    )
    statute(org, sovventore_votes=5)
    workers = members(org, 6)
    sovventori = members(org, 1, category="sovventore")
    meeting = in_session(org)
    present(meeting, *workers, *sovventori)
    # then five sovventore votes count as two: a quarter of 6 + 2
    assert selectors.quorum_panel(meeting).sovventori_counted == 2


def test_a_secret_ballot_caps_the_sovventori_from_their_own_urn(org):
    statute(org, sovventore_votes=5)
    sovventori = members(org, 2, category="sovventore")
    _meeting, ballot = _six_workers_against(org, sovventori, secret=True)
    result = services.ballot_close(actor=None, ballot=ballot)
    assert result.tallies == {"favorevole": "3.0000", "contrario": "6.0000", "astenuto": "0.0000"}
    assert not result.approved


# --- check-in ------------------------------------------------------------------------------


def test_check_in_and_out_move_the_quorum(org):
    people = members(org, 4)
    meeting = in_session(org)
    assert not selectors.quorum_panel(meeting).reached
    present(meeting, *people[:2])
    panel = selectors.quorum_panel(meeting)
    assert (panel.in_person, panel.present_votes, panel.reached) == (2, 2, True)  # half of 4
    services.participant_check_out(actor=None, participant=participant(meeting, people[0]))
    assert not selectors.quorum_panel(meeting).reached


def test_online_attendance_needs_the_statute(org):
    someone = member(org)
    meeting = in_session(org)
    with pytest.raises(ValidationError) as error:
        present(meeting, someone, mode=Attendance.ONLINE)
    assert "R-CC-2538" in _messages(error)
    statute(org, remote_voting_allowed=True)
    present(meeting, someone, mode=Attendance.ONLINE)
    assert selectors.quorum_panel(meeting).online == 1


def test_a_member_checked_in_twice_is_refused(org):
    someone = member(org)
    meeting = in_session(org)
    present(meeting, someone)
    with pytest.raises(ValidationError, match="già registrato"):
        present(meeting, someone)


# --- proxies (R-CC-2539) -------------------------------------------------------------------


def _proxy(meeting: Meeting, grantor, delegate) -> Proxy:
    return services.proxy_grant(
        actor=None, grantor=participant(meeting, grantor), delegate=participant(meeting, delegate)
    )


def test_a_proxy_counts_the_represented_member_as_present(org):
    delegate, grantor, _absent = members(org, 3)
    meeting = in_session(org)
    _proxy(meeting, grantor, delegate)
    assert selectors.quorum_panel(meeting).represented == 0  # the delegate is not here yet
    present(meeting, delegate)
    panel = selectors.quorum_panel(meeting)
    assert (panel.in_person, panel.represented, panel.present_votes) == (1, 1, 2)


def test_proxies_beyond_the_statutes_cap_are_refused(org):
    # given a statute allowing two proxies per delegate
    statute(org, proxy_max_per_delegate=2)
    delegate, *grantors = members(org, 4)
    meeting = convened(org)
    _proxy(meeting, grantors[0], delegate)
    _proxy(meeting, grantors[1], delegate)
    # when a third member delegates the same person
    with pytest.raises(ValidationError) as error:
        _proxy(meeting, grantors[2], delegate)
    # then it is refused, naming the rule
    message = error.value.message_dict["delegate"][0]
    assert "R-CC-2539" in message
    assert "massimo" in message
    assert Proxy.objects.filter(meeting=meeting).count() == 2


def test_the_default_cap_is_ten_proxies(org):
    delegate, *grantors = members(org, 12)
    meeting = convened(org)
    for grantor in grantors[:10]:
        _proxy(meeting, grantor, delegate)
    with pytest.raises(ValidationError, match="R-CC-2539"):
        _proxy(meeting, grantors[10], delegate)


def test_a_statute_saved_above_the_law_is_held_to_the_legal_cap(org):
    # given a statute row that says 12 proxies (written before the statute page checked it)
    statute(org)
    StatuteGovernance.objects.filter(organization=org).update(proxy_max_per_delegate=12)
    delegate, *grantors = members(org, 12)
    meeting = convened(org)
    for grantor in grantors[:10]:
        _proxy(meeting, grantor, delegate)
    # when an eleventh member delegates the same person, then the law's ten win
    with pytest.raises(ValidationError) as error:
        _proxy(meeting, grantors[10], delegate)
    assert "art. 2539 c.c." in error.value.message_dict["delegate"][0]


def test_a_delegate_without_voting_rights_is_refused(org):
    # given a delegate on the register for 89 days only
    grantor = member(org)
    newcomer = member(
        org,
        applied_on=MEETING_DAY - dt.timedelta(days=120),
        admitted_on=MEETING_DAY - dt.timedelta(days=89),
    )
    meeting = convened(org)
    with pytest.raises(ValidationError) as error:
        _proxy(meeting, grantor, newcomer)
    message = error.value.message_dict["delegate"][0]
    assert "R-CC-2539" in message
    assert "R-CC-2538" in message
    assert "90 giorni" in message


def test_a_member_delegates_only_once(org):
    grantor, first, second = members(org, 3)
    meeting = convened(org)
    _proxy(meeting, grantor, first)
    with pytest.raises(ValidationError) as error:
        _proxy(meeting, grantor, second)
    assert "una sola volta" in error.value.message_dict["grantor"][0]


def test_proxies_do_not_chain(org):
    a, b, c = members(org, 3)
    meeting = convened(org)
    _proxy(meeting, a, b)
    with pytest.raises(ValidationError, match="a sua volta"):
        _proxy(meeting, c, a)
    with pytest.raises(ValidationError, match="rappresenta già"):
        _proxy(meeting, b, c)


def test_a_present_member_does_not_delegate_and_a_grantor_cannot_check_in(org):
    grantor, delegate, other = members(org, 3)
    meeting = in_session(org)
    present(meeting, other)
    with pytest.raises(ValidationError, match="presente"):
        _proxy(meeting, other, delegate)
    _proxy(meeting, grantor, delegate)
    with pytest.raises(ValidationError, match="ritira prima la delega"):
        present(meeting, grantor)


def test_board_members_do_not_vote_by_proxy(org):
    directors = members(org, 3)
    meeting = convened(
        org, kind=MeetingKind.BOARD, board_members=directors, items=(("Varie", "altro"),)
    )
    with pytest.raises(ValidationError, match="consiglio"):
        _proxy(meeting, directors[0], directors[1])


def test_a_proxy_cannot_be_withdrawn_after_the_delegate_voted_with_it(org):
    # given a proxy, and the delegate present
    grantor, delegate = members(org, 2)
    meeting = in_session(org)
    proxy = _proxy(meeting, grantor, delegate)
    present(meeting, delegate)
    # when the delegate votes for the grantor
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    cast = vote(ballot, meeting, grantor, "favorevole", cast_by=participant(meeting, delegate))
    # then the vote is traced to the proxy, and the proxy can no longer be withdrawn
    assert (cast.proxy_id, cast.cast_by_id) == (proxy.pk, participant(meeting, delegate).pk)
    with pytest.raises(ValidationError) as error:
        services.proxy_withdraw(actor=None, proxy=proxy)
    assert "R-CC-2539" in _messages(error)


def test_a_proxy_can_be_withdrawn_before_the_vote(org):
    grantor, delegate = members(org, 2)
    meeting = in_session(org)
    proxy = _proxy(meeting, grantor, delegate)
    services.proxy_withdraw(actor=None, proxy=proxy)
    # then the grantor may come in person, or delegate someone else
    present(meeting, grantor)
    assert Proxy.objects.get(pk=proxy.pk).withdrawn_at is not None
