"""Votes: one per member, traced proxies, results hidden until closing and then frozen, lazy
closing on time, secret ballots that cannot be linked to voters, and what a decided
admission does to the libro soci."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from coopnet.core.models import AuditEntry
from coopnet.governance import selectors, services
from coopnet.governance.models import (
    Ballot,
    BallotParticipation,
    BallotResult,
    ItemKind,
    MeetingKind,
    Participant,
    SecretTally,
)
from coopnet.members import services as member_services
from coopnet.members.models import Membership, MembershipStatus
from coopnet.members.tests.factories import applicant, member

from .factories import (
    MEETING_DAY,
    close_by_hands,
    convened,
    first_item,
    in_session,
    members,
    numbers,
    participant,
    present,
    statute,
    vote,
)


def _rawvote(ballot, voter):
    """A vote written straight to the table, past every check of the service."""
    return BallotParticipation(
        organization_id=ballot.organization_id,
        ballot=ballot,
        voter=voter,
        cast_by=voter,
        channel="sala",
        choice="contrario",
        weight=1,
        voted_at=timezone.now(),
    )


@pytest.fixture
def assembly(org):
    """An ordinary assembly in session with five members present and an open ballot."""
    people = members(org, 5)
    meeting = in_session(org)
    present(meeting, *people)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    return meeting, people, ballot


def test_an_open_vote_records_each_members_choice(assembly):
    meeting, people, ballot = assembly
    vote(ballot, meeting, people[0], "contrario")
    vote(ballot, meeting, people[1], "favorevole")
    choices = dict(
        BallotParticipation.objects.filter(ballot=ballot).values_list("voter__membership", "choice")
    )
    assert choices == {people[0].pk: "contrario", people[1].pk: "favorevole"}


def test_a_second_vote_by_the_same_member_is_refused(assembly):
    meeting, people, ballot = assembly
    vote(ballot, meeting, people[0], "favorevole")
    with pytest.raises(ValidationError) as error:
        vote(ballot, meeting, people[0], "contrario")
    assert "art. 2538" in " ".join(error.value.messages)
    assert "ha già votato" in " ".join(error.value.messages)
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1


def test_the_database_refuses_a_second_vote_too(assembly):
    meeting, people, ballot = assembly
    first = vote(ballot, meeting, people[0], "favorevole")
    with pytest.raises(IntegrityError), transaction.atomic():
        _rawvote(ballot, first.voter).save()


def test_a_member_without_voting_rights_cannot_vote(org):
    newcomer = member(
        org,
        applied_on=MEETING_DAY - dt.timedelta(days=60),
        admitted_on=MEETING_DAY - dt.timedelta(days=30),
    )
    meeting = in_session(org)
    present(meeting, newcomer)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    with pytest.raises(ValidationError, match="R-CC-2538"):
        vote(ballot, meeting, newcomer, "favorevole")


def test_an_absent_member_cannot_vote_in_the_room(org):
    absent = member(org)
    meeting = in_session(org)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    with pytest.raises(ValidationError, match="non risulta presente"):
        vote(ballot, meeting, absent, "favorevole")


def test_only_the_delegate_votes_for_a_represented_member(org):
    grantor, delegate, stranger = members(org, 3)
    meeting = in_session(org)
    present(meeting, delegate, stranger)
    services.proxy_grant(
        actor=None, grantor=participant(meeting, grantor), delegate=participant(meeting, delegate)
    )
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    with pytest.raises(ValidationError, match="non ha una delega"):
        vote(ballot, meeting, grantor, "favorevole", cast_by=participant(meeting, stranger))
    cast = vote(ballot, meeting, grantor, "favorevole", cast_by=participant(meeting, delegate))
    assert cast.proxy is not None
    assert cast.cast_by.membership_id == delegate.pk


# --- closing -------------------------------------------------------------------------------


def test_results_are_computed_with_the_statutes_majority(assembly):
    _meeting, people, ballot = assembly
    result = close_by_hands(ballot, against=numbers(people[0]), abstain=numbers(people[1]))
    # 3 in favour of 5 present: more than half (absolute majority, art. 2368 default [U])
    assert result.tallies == {"favorevole": "3.0000", "contrario": "1.0000", "astenuto": "1.0000"}
    assert (result.quorum_reached, result.approved, result.uncertain_rule) == (True, True, True)
    assert result.voters == 5


def test_a_closed_result_never_changes(assembly):
    meeting, people, ballot = assembly
    vote(ballot, meeting, people[0], "favorevole")
    result = services.ballot_close(actor=None, ballot=ballot)
    # the service refuses to close again or to take a late vote
    with pytest.raises(ValidationError, match="non può più cambiare"):
        services.ballot_close(actor=None, ballot=ballot)
    with pytest.raises(ValidationError, match="chiusa"):
        vote(ballot, meeting, people[1], "contrario")
    # the model and the queryset refuse to update it
    with pytest.raises(PermissionError):
        result.save()
    with pytest.raises(PermissionError):
        BallotResult.objects.filter(pk=result.pk).update(approved=False)
    # and so does the database, whatever code runs
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE governance_ballotresult SET approved = %s WHERE id = %s", [False, result.pk]
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        _rawvote(ballot, participant(meeting, people[1])).save()
    assert BallotResult.objects.get(pk=result.pk).tallies == result.tallies


def test_quorum_not_reached_means_not_approved(org):
    people = members(org, 6)
    meeting = in_session(org)
    present(meeting, *people[:2])  # 2 of 6: less than half on first call
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    result = close_by_hands(ballot)
    assert (result.quorum_reached, result.approved) == (False, False)


# (kind, call, members, present, in favour, against, approved?)
ASSEMBLY_TABLE = [
    (MeetingKind.ORDINARY, "prima", 6, 3, 2, 1, True),
    (MeetingKind.ORDINARY, "prima", 6, 3, 1, 1, False),  # absolute majority of those present
    (MeetingKind.ORDINARY, "seconda", 6, 1, 1, 0, True),  # any attendance on second call
    (MeetingKind.EXTRAORDINARY, "prima", 6, 4, 3, 1, False),  # needs more than half of all 6
    (MeetingKind.EXTRAORDINARY, "prima", 6, 4, 4, 0, True),
    (MeetingKind.EXTRAORDINARY, "seconda", 6, 2, 2, 0, False),  # more than a third must attend
    (MeetingKind.EXTRAORDINARY, "seconda", 6, 3, 2, 1, True),  # two thirds of those present
    (MeetingKind.EXTRAORDINARY, "seconda", 6, 3, 1, 2, False),
]


@pytest.mark.parametrize(("kind", "call", "size", "here", "yes", "no", "approved"), ASSEMBLY_TABLE)
def test_assembly_outcomes_per_kind_and_call(org, kind, call, size, here, yes, no, approved):
    people = members(org, size)
    item = (
        ("Modifica dell'art. 5", ItemKind.STATUTE_CHANGE)
        if kind == MeetingKind.EXTRAORDINARY
        else ("Bilancio", ItemKind.ACCOUNTS)
    )
    meeting = in_session(org, kind=kind, call=call, items=(item,))
    present(meeting, *people[:here])
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    against = numbers(*people[yes : yes + no])
    abstain = numbers(*people[yes + no : here])
    assert close_by_hands(ballot, against=against, abstain=abstain).approved is approved


def test_a_confirmed_statute_with_simple_majority_per_head(org):
    # given a statute: per head, a third on first call, simple majority, confirmed
    statute(
        org,
        counting="teste",
        legal_person_votes=5,
        ordinary_first_quorum="0.3333",
        ordinary_first_majority="semplice",
        rules_confirmed=True,
    )
    people = members(org, 6)
    meeting = in_session(org)
    present(meeting, *people[:3])
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    result = close_by_hands(ballot, against=numbers(people[0]), abstain=numbers(people[1]))
    # 1 in favour, 1 against: a tie does not carry even a simple majority
    assert (result.quorum_reached, result.approved, result.uncertain_rule) == (True, False, False)


def test_votes_close_on_time_when_read(org):
    # given a remote vote opened yesterday that closed an hour ago
    statute(org, remote_voting_allowed=True)
    voter = member(org)
    meeting = convened(org)
    now = timezone.now()
    ballot = services.ballot_open(
        actor=None,
        item=first_item(meeting),
        secret=False,
        remote=True,
        closes_at=now - dt.timedelta(hours=1),
        now=now - dt.timedelta(days=1),
    )
    # then reading it says closed, and a vote is refused although nobody closed it
    assert selectors.ballot_state(ballot, now) == "closed"
    with pytest.raises(ValidationError, match="si è chiusa alle"):
        vote(ballot, meeting, voter, "favorevole", channel="online")
    # and the next page read closes it, with its result
    assert services.close_due_ballots(organization=org) == 1
    result = BallotResult.objects.get(ballot=ballot)
    assert result.automatic
    assert services.close_due_ballots(organization=org) == 0


def test_remote_votes_within_the_window(org):
    voter = member(org)
    meeting = convened(org)
    item = first_item(meeting)
    closes = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="R-CC-2538"):
        services.ballot_open(actor=None, item=item, secret=True, remote=True, closes_at=closes)
    statute(org, remote_voting_allowed=True)
    ballot = services.ballot_open(actor=None, item=item, secret=True, remote=True, closes_at=closes)
    # a member votes online before the session, without checking in
    vote(ballot, meeting, voter, "favorevole", channel="online")
    assert selectors.turnout(ballot) == (1, 1)
    # the chair cannot cut the announced window short
    with pytest.raises(ValidationError, match="resta aperto"):
        services.ballot_close(actor=None, ballot=ballot)


def test_postal_votes_need_the_statute(org):
    voter = member(org)
    meeting = in_session(org)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    with pytest.raises(ValidationError, match="corrispondenza"):
        vote(ballot, meeting, voter, "favorevole", channel="posta")
    statute(org, postal_voting_allowed=True)
    assert vote(ballot, meeting, voter, "favorevole", channel="posta").channel == "posta"


def test_an_election_elects_the_most_voted(org):
    people = members(org, 5)
    election = {
        "kind": ItemKind.ELECTION,
        "title": "Consiglio",
        "candidates": "Anna\nBruno\nCarla",
        "seats": 2,
    }
    meeting = in_session(org, items=(election,))
    present(meeting, *people)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=True)
    assert [code for code, _label in ballot.choices] == ["c1", "c2", "c3", "astenuto"]
    for person, choice in zip(people, ["c1", "c1", "c2", "c2", "c3"], strict=True):
        vote(ballot, meeting, person, choice)
    result = services.ballot_close(actor=None, ballot=ballot)
    assert result.elected == ["c1", "c2"]
    assert result.approved


# --- secret ballots ------------------------------------------------------------------------


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def test_a_secret_ballot_cannot_be_linked_to_its_voters(org):
    # given five members present and a secret ballot
    people = members(org, 5)
    meeting = in_session(org)
    present(meeting, *people)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=True)
    urns_before = set(SecretTally.objects.filter(ballot=ballot).values_list("pk", flat=True))
    # when they vote
    choices = ["favorevole", "contrario", "favorevole", "astenuto", "favorevole"]
    for person, choice in zip(people, choices, strict=True):
        vote(ballot, meeting, person, choice)
    result = services.ballot_close(actor=None, ballot=ballot)

    # then who voted is recorded, without any choice
    who = BallotParticipation.objects.filter(ballot=ballot)
    assert who.count() == 5
    assert set(who.values_list("choice", flat=True)) == {""}
    # and the choices are totals only: no voter, no participation, no time, no row per vote
    tally_columns = _columns(SecretTally._meta.db_table)
    assert tally_columns == {
        "id",
        "organization_id",
        "ballot_id",
        "choice",
        "capped",
        "sovventore",
        "votes",
        "papers",
        "sealed",
    }
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, SecretTally._meta.db_table)
    assert {target for _column, (_field, target) in relations.items()} <= {
        "core_organization",
        "governance_ballot",
    }
    assert (
        set(SecretTally.objects.filter(ballot=ballot).values_list("pk", flat=True)) == urns_before
    )
    # three choices x (ordinary, financing, sovventori), all created at opening
    assert len(urns_before) == 9
    assert all(SecretTally.objects.filter(ballot=ballot).values_list("sealed", flat=True))
    assert result.tallies == {"favorevole": "3.0000", "contrario": "1.0000", "astenuto": "1.0000"}
    # the audit trail records who voted, never how
    entries = AuditEntry.objects.filter(action="governance.ballot.vote")
    assert entries.count() == 5
    assert all("choice" not in (entry.after or {}) for entry in entries)
    # the two tables share no column that could join a voter to a choice: "choice" is empty
    # for a secret ballot, ids are an integer and a random UUID
    participation_columns = _columns(BallotParticipation._meta.db_table)
    shared = participation_columns & tally_columns
    assert shared == {"id", "organization_id", "ballot_id", "choice", "capped"}


def test_results_stay_hidden_while_the_vote_is_open(client, org, admin_user):
    people = members(org, 3)
    meeting = in_session(org)
    present(meeting, *people)
    item = first_item(meeting)
    ballot = services.ballot_open(actor=None, item=item, secret=False)
    vote(ballot, meeting, people[0], "contrario")
    client.force_login(admin_user)
    page = client.get(f"/o/{org.slug}/meetings/{meeting.pk}/ballots/{item.pk}/").content.decode()
    export = client.get(f"/o/{org.slug}/meetings/export.csv").content.decode()
    voters = client.get(
        f"/o/{org.slug}/meetings/{meeting.pk}/ballots/{item.pk}/voters.csv"
    ).content.decode()
    assert "Hanno votato 1 soci" in page
    assert 'data-testid="result"' not in page
    assert 'data-testid="votes"' not in page
    assert "approvata" not in export
    assert "contrario" not in voters.lower()
    # after closing, the result shows everywhere
    services.ballot_close(actor=None, ballot=ballot)
    assert "non approvata" in client.get(f"/o/{org.slug}/meetings/export.csv").content.decode()
    assert (
        "Contrario"
        in client.get(
            f"/o/{org.slug}/meetings/{meeting.pk}/ballots/{item.pk}/voters.csv"
        ).content.decode()
    )


# --- admissions decided in meetings (R-CC-2528) --------------------------------------------


def _refused_with_appeal(org) -> Membership:
    application = applicant(org, applied_on=dt.date(2026, 1, 10))
    member_services.membership_refuse(
        actor=None,
        membership=application,
        refused_on=dt.date(2026, 2, 1),
        reason="Requisiti mancanti",
    )
    return member_services.membership_appeal(
        actor=None, membership=application, filed_on=dt.date(2026, 2, 20)
    )


@pytest.mark.parametrize(
    ("against", "status"), [(0, MembershipStatus.ACTIVE), (3, MembershipStatus.REFUSED)]
)
def test_an_appeal_decided_by_the_assembly_updates_the_membership(org, against, status):
    people = members(org, 3)
    appellant = _refused_with_appeal(org)
    appeal = {"kind": ItemKind.ADMISSION_APPEAL, "title": "Ricorso", "membership": appellant}
    meeting = in_session(org, items=(appeal,))
    present(meeting, *people)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=True)
    for i, person in enumerate(people):
        vote(ballot, meeting, person, "contrario" if i < against else "favorevole")
    services.ballot_close(actor=None, ballot=ballot)
    appellant.refresh_from_db()
    assert appellant.status == status
    assert appellant.appeal_decided_on == MEETING_DAY
    assert appellant.appeal_upheld is (against == 0)
    assert first_item(meeting).effect_applied_on == MEETING_DAY


def test_a_board_admission_goes_to_the_members_workflow(org):
    directors = members(org, 3)
    candidate = applicant(org, applied_on=dt.date(2026, 5, 1))
    admission = {
        "kind": ItemKind.ADMISSION,
        "title": "Domanda di ammissione",
        "membership": candidate,
    }
    meeting = in_session(org, kind=MeetingKind.BOARD, board_members=directors, items=(admission,))
    present(meeting, *directors[:2])
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    assert close_by_hands(ballot).approved
    candidate.refresh_from_db()
    assert candidate.status == MembershipStatus.ACTIVE
    assert candidate.admitted_on == MEETING_DAY
    assert candidate.admission_decision_ref.startswith("Consiglio di amministrazione n. ")
    assert Participant.objects.filter(meeting=meeting).count() == 3  # the board's roll: directors


def test_a_refused_effect_keeps_the_ballot_closed_with_the_reason(org, monkeypatch):
    directors = members(org, 3)
    candidate = applicant(org, applied_on=dt.date(2026, 5, 1))
    admission = {"kind": ItemKind.ADMISSION, "title": "Ammissione", "membership": candidate}
    meeting = in_session(org, kind=MeetingKind.BOARD, board_members=directors, items=(admission,))
    present(meeting, *directors)

    def refuse(**kwargs):
        raise ValidationError("R-381-2a: troppi soci volontari.")

    monkeypatch.setattr(member_services, "membership_admit", refuse)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=False)
    assert close_by_hands(ballot).approved
    item = first_item(meeting)
    assert item.effect_error == "R-381-2a: troppi soci volontari."
    assert Ballot.objects.get(pk=ballot.pk).result.approved
