"""Writes at the end of a vote: the tally with the statute's weights and caps, the result
written once, lazy closing on time, and what a decided admission does to the libro soci
(R-CC-2528)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, user_or_none
from coopnet.core.models import Organization, User
from coopnet.members import services as member_services

from .. import rules, selectors
from ..models import (
    AgendaItem,
    Ballot,
    BallotParticipation,
    BallotResult,
    Call,
    ItemKind,
    Meeting,
    SecretTally,
)
from .ballots import ABSTAIN, AGAINST, FAVOUR, local_time


def _choice_votes(ballot: Ballot) -> dict[str, rules.Votes]:
    """Votes per choice, the financing members' and the sovventori's apart (from the urns
    when secret)."""
    result: dict[str, rules.Votes] = {code: rules.Votes() for code, _label in ballot.choices}
    rows: Iterable[tuple[str, bool, bool, int | None]]
    if ballot.secret:
        rows = SecretTally.objects.filter(ballot=ballot).values_list(
            "choice", "capped", "sovventore", "votes"
        )
    else:
        grouped = (
            BallotParticipation.objects.filter(ballot=ballot)
            .order_by()
            .values_list("choice", "capped", "voter__category")
            .annotate(votes=Sum("weight"))
            .values_list("choice", "capped", "voter__category", "votes")
        )
        rows = (
            (choice, capped, rules.is_sovventore(category), votes)
            for choice, capped, category, votes in grouped
        )
    for choice, capped, sovventore, votes in rows:
        more = rules.Votes.of(votes or 0, capped, sovventore)
        result[choice] = result.get(choice, rules.Votes()) + more
    return result


def tally(ballot: Ballot, meeting: Meeting) -> dict[str, Any]:
    """The result of a ballot as it stands: quorum, majority and votes per choice, with the
    statute's weights and the caps of financing members and sovventori. Writes nothing."""
    statute = selectors.statute_governance(meeting.organization)
    day = selectors.meeting_day(meeting)
    numbers = rules.Numbers.on(day)
    rule = rules.rule_for(statute, meeting.kind, meeting.held_call or Call.FIRST)
    presence = selectors.Presence.of(meeting)
    voters = set(
        BallotParticipation.objects.filter(ballot=ballot).values_list("voter_id", flat=True)
    )
    counted = (presence.present_ids | presence.represented_ids | voters) & set(presence.rows)
    base = presence.votes(counted)
    cap = rules.caps(base, presence.votes(), numbers)
    present = base.effective(cap)
    total = selectors.total_votes(presence, numbers)
    effective = {code: v.effective(cap) for code, v in _choice_votes(ballot).items()}
    quorum_reached = rule.quorum_reached(present, total)
    winners: list[str] = []
    if ballot.item.kind == ItemKind.ELECTION:
        candidates = [code for code, _label in ballot.choices if code != ABSTAIN]
        winners = rules.elected(effective, candidates, ballot.item.seats)
        approved = quorum_reached and bool(winners)
    else:
        approved = quorum_reached and rules.majority_reached(
            rule.majority,
            favour=effective.get(FAVOUR, Fraction(0)),
            against=effective.get(AGAINST, Fraction(0)),
            present=present,
            total=total,
            numbers=numbers,
        )
    return {
        "call": meeting.held_call or Call.FIRST,
        "counting": statute.counting,
        "majority": rule.majority,
        "quorum": rules.as_decimal(rule.quorum),
        "quorum_strict": rule.quorum_strict,
        "uncertain_rule": rule.uncertain,
        "total_votes": rules.as_decimal(total),
        "present_votes": rules.as_decimal(present),
        "present_heads": sum(1 for pk in counted if presence.rows[pk][1]),
        "voters": len(voters),
        "caps": cap,
        "tallies": {code: str(rules.as_decimal(v)) for code, v in effective.items()},
        "quorum_reached": quorum_reached,
        "approved": approved,
        "elected": winners,
    }


def _decision_reference(meeting: Meeting) -> str:
    day = selectors.meeting_day(meeting)
    return _("%(meeting)s del %(day)s") % {
        "meeting": str(meeting),
        "day": day.strftime("%d/%m/%Y"),
    }


def _apply_effect(actor: User | None, item: AgendaItem, approved: bool) -> None:
    """A decided admission or appeal goes into the libro soci (R-CC-2528). If the members'
    rules refuse it (e.g. R-381-2a), the ballot still closes and the reason is kept."""
    if item.membership_id is None or item.kind not in {
        ItemKind.ADMISSION,
        ItemKind.ADMISSION_APPEAL,
    }:
        return
    meeting = item.meeting
    day = selectors.meeting_day(meeting)
    reference = _decision_reference(meeting)
    membership = item.membership
    assert membership is not None
    try:
        with transaction.atomic():
            if item.kind == ItemKind.ADMISSION_APPEAL:
                member_services.membership_appeal_decide(
                    actor=actor,
                    membership=membership,
                    decided_on=day,
                    upheld=approved,
                    reference=reference,
                )
            elif approved:
                member_services.membership_admit(
                    actor=actor, membership=membership, admitted_on=day, decision_ref=reference
                )
            else:
                return
    except ValidationError as error:
        item.effect_error = " ".join(error.messages)
        item.save(update_fields=["effect_error"])
        return
    item.effect_applied_on = day
    item.effect_error = ""
    item.save(update_fields=["effect_applied_on", "effect_error"])


@transaction.atomic
def ballot_close(
    *,
    actor: User | None,
    ballot: Ballot,
    now: dt.datetime | None = None,
    automatic: bool = False,
) -> BallotResult:
    """Close the vote and write its result, once: afterwards nothing can change it."""
    now = now or timezone.now()
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("item__meeting__organization", "item__membership")
        .get(pk=ballot.pk)
    )
    if BallotResult.objects.filter(ballot=ballot).exists():
        raise ValidationError(_("La votazione è già chiusa: il risultato non può più cambiare."))
    if not automatic and ballot.remote and ballot.closes_at and now < ballot.closes_at:
        raise ValidationError(
            _("Il voto a distanza resta aperto fino alle %(time)s, come annunciato.")
            % {"time": local_time(ballot.closes_at)}
        )
    meeting = ballot.item.meeting
    figures = tally(ballot, meeting)
    cap = figures.pop("caps")
    if ballot.secret:
        # one update of every urn in the closing transaction: their versions all date from here
        SecretTally.objects.filter(ballot=ballot).update(sealed=True)
    result = BallotResult.objects.create(
        organization_id=ballot.organization_id,
        ballot=ballot,
        closed_at=now,
        closed_by=user_or_none(actor),
        automatic=automatic,
        financing_coefficient=rules.as_decimal(cap.financing, places=6),
        sovventori_coefficient=rules.as_decimal(cap.sovventori, places=6),
        **figures,
    )
    _apply_effect(actor, ballot.item, result.approved)
    log_action(
        actor=actor,
        organization=meeting.organization,
        action="governance.ballot.close",
        obj=ballot,
        after={
            "approved": result.approved,
            "quorum_reached": result.quorum_reached,
            "tallies": result.tallies,
            "automatic": automatic,
        },
    )
    return result


def close_due_ballots(*, organization: Organization, now: dt.datetime | None = None) -> int:
    """Close the ballots whose window is over: nobody needs to remember (no cron either)."""
    now = now or timezone.now()
    closed = 0
    for ballot in selectors.due_ballots(organization, now):
        try:
            ballot_close(actor=None, ballot=ballot, now=now, automatic=True)
        except ValidationError:
            continue  # closed meanwhile by someone else
        closed += 1
    return closed
