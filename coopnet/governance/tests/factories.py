"""Builders for the governance tests: statute rules, meetings at each stage, members."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.forms.models import model_to_dict

from coopnet.core.models import Organization, User
from coopnet.governance import selectors, services
from coopnet.governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotParticipation,
    BallotResult,
    Call,
    ItemKind,
    Meeting,
    MeetingKind,
    Participant,
    StatuteGovernance,
)
from coopnet.members.models import Membership
from coopnet.members.tests.factories import LegalPersonFactory, PersonFactory, member

ROME = ZoneInfo("Europe/Rome")
FIRST_CALL = dt.datetime(2026, 6, 15, 18, 0, tzinfo=ROME)
SECOND_CALL = dt.datetime(2026, 6, 16, 18, 0, tzinfo=ROME)
MEETING_DAY = FIRST_CALL.date()
IN_TIME = MEETING_DAY - dt.timedelta(days=20)  # a notice in time on every channel
LONG_AGO = dt.date(2024, 2, 1)


def statute(organization: Organization, **changes: Any) -> StatuteGovernance:
    """Save the organization's voting rules: the legal defaults with ``changes``."""
    data = model_to_dict(selectors.default_statute(organization, MEETING_DAY))
    data.pop("organization", None)
    data.update(changes)
    return services.statute_governance_update(actor=None, organization=organization, data=data)


def members(organization: Organization, count: int, **kwargs: Any) -> list[Membership]:
    return [member(organization, **kwargs) for _ in range(count)]


def legal_member(organization: Organization, **kwargs: Any) -> Membership:
    return member(
        organization,
        category=kwargs.pop("category", "persona_giuridica"),
        person=LegalPersonFactory(organization=organization),
        **kwargs,
    )


def natural_member(organization: Organization, surname: str, **kwargs: Any) -> Membership:
    person = PersonFactory(organization=organization, surname=surname, **kwargs.pop("person", {}))
    return member(organization, person=person, **kwargs)


def meeting(
    organization: Organization,
    *,
    kind: str = MeetingKind.ORDINARY,
    items: tuple[tuple[str, str] | dict[str, Any], ...] = (("Bilancio 2025", ItemKind.ACCOUNTS),),
    board_members: list[Membership] | tuple[()] = (),
    actor: User | None = None,
    **fields: Any,
) -> Meeting:
    data = {
        "kind": kind,
        "first_call_at": FIRST_CALL,
        "second_call_at": SECOND_CALL if kind != MeetingKind.BOARD else None,
        "place": "Sala civica, via Roma 1",
        **fields,
    }
    created = services.meeting_create(
        actor=actor, organization=organization, data=data, board_members=board_members
    )
    for entry in items:
        data = entry if isinstance(entry, dict) else {"kind": entry[1], "title": entry[0]}
        services.item_add(actor=actor, meeting=created, data=data)
    return created


def convened(organization: Organization, **kwargs: Any) -> Meeting:
    created = meeting(organization, **kwargs)
    return services.meeting_convene(actor=None, meeting=created, notice_given_on=IN_TIME)


def in_session(organization: Organization, *, call: str = Call.FIRST, **kwargs: Any) -> Meeting:
    created = convened(organization, **kwargs)
    return services.meeting_open(
        actor=None,
        meeting=created,
        call=call,
        chair_name="Ada Presidente",
        secretary_name="Bruno Segretario",
    )


def numbers(*memberships: Membership) -> list[int]:
    """Register numbers, as the chair types them."""
    return [m.register_number or 0 for m in memberships]


def participant(meeting: Meeting, membership: Membership) -> Participant:
    return Participant.objects.get(meeting=meeting, membership=membership)


def present(
    meeting: Meeting, *memberships: Membership, mode: str = Attendance.IN_PERSON
) -> list[Participant]:
    return [
        services.participant_check_in(actor=None, participant=participant(meeting, m), mode=mode)
        for m in memberships
    ]


def vote(
    ballot: Ballot, meeting: Meeting, membership: Membership, choice: str, **kwargs: Any
) -> BallotParticipation:
    """``membership``'s vote through the service, in the room unless ``channel`` says otherwise
    (``cast_by`` for a delegate's vote)."""
    kwargs.setdefault("channel", "sala")
    return services.ballot_vote(
        actor=None, ballot=ballot, voter=participant(meeting, membership), choice=choice, **kwargs
    )


def first_item(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.filter(meeting=meeting).order_by("position").first()  # type: ignore[return-value]


def close_by_hands(
    ballot: Ballot, against: list[int] | None = None, abstain: list[int] | None = None
) -> BallotResult:
    """Record a show of hands (everyone else present in favour) and close the ballot."""
    services.ballot_record_show_of_hands(
        actor=None, ballot=ballot, against=against or [], abstain=abstain or []
    )
    return services.ballot_close(actor=None, ballot=ballot)
