"""Two simultaneous votes by the same member, each in its own thread and connection.

On PostgreSQL the transactions really overlap: a barrier starts them together, the first to
lock the ballot keeps its transaction open until the other is seen waiting for the lock
(``Overlap``), and the service's own "already voted" check is disabled so that the database's
UNIQUE constraint is what stops the second one. SQLite (in memory, shared cache) cannot wait
for a lock between connections, so there the two threads take turns; the invariant asserted
is the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from coopnet.core.tests.concurrency import Overlap, run_together
from coopnet.governance import services
from coopnet.governance.models import BallotParticipation, BallotResult, SecretTally
from coopnet.governance.services import ballots as ballot_services

from .factories import first_item, in_session, members, participant, present


@pytest.mark.parametrize("secret", [False, True])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_votes_by_the_same_member_count_once(org, monkeypatch, secret):
    # given a member present and an open ballot
    voter, other = members(org, 2)
    meeting = in_session(org)
    present(meeting, voter, other)
    ballot = services.ballot_open(actor=None, item=first_item(meeting), secret=secret)
    line = participant(meeting, voter)
    # the service's own check is skipped: only the UNIQUE constraint stands in the way
    monkeypatch.setattr(
        ballot_services, "_locked_open_ballot", Overlap()(ballot_services._locked_open_ballot)
    )
    monkeypatch.setattr(
        ballot_services.BallotParticipation.objects, "filter", _no_duplicate_check(ballot_services)
    )

    # when the same member votes twice at the same moment from two connections
    def vote(choice: str) -> Callable[[], Any]:
        return lambda: services.ballot_vote(
            actor=None, ballot=ballot, voter=line, choice=choice, channel="sala"
        )

    results = run_together(vote("favorevole"), vote("contrario"))
    monkeypatch.undo()

    # then exactly one vote is recorded; the other is refused with the reason
    statuses = sorted(status for status, _value in results)
    assert statuses == ["error", "ok"], results
    error = next(value for status, value in results if status == "error")
    assert isinstance(error, ValidationError)
    assert "ha già votato" in " ".join(error.messages)
    assert BallotParticipation.objects.filter(ballot=ballot, voter=line).count() == 1
    if secret:
        papers = sum(SecretTally.objects.filter(ballot=ballot).values_list("papers", flat=True))
        assert papers == 1
    result = services.ballot_close(actor=None, ballot=ballot)
    assert result.voters == 1
    assert BallotResult.objects.count() == 1


def _no_duplicate_check(module: Any) -> Callable[..., Any]:
    """``BallotParticipation.objects.filter`` that finds no earlier vote of the same voter."""
    real = module.BallotParticipation.objects.filter

    def filter_(*args: Any, **kwargs: Any) -> Any:
        if set(kwargs) == {"ballot", "voter"}:
            return module.BallotParticipation.objects.none()
        return real(*args, **kwargs)

    return filter_
