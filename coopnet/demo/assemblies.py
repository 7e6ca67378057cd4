"""The demo cooperative's assemblies: last spring's, held and closed with its votes, and the
next one, convened with its agenda."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coopnet.governance import services as governance
from coopnet.governance.models import Attendance, Call, ItemKind, Meeting, MeetingKind, Participant
from coopnet.members.models import MemberCategory, Person

from .context import Cooperative


def seed_assemblies(coop: Cooperative) -> None:
    _past_assembly(coop)
    _next_assembly(coop)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _assembly(
    coop: Cooperative, day: dt.date, title: str, items: list[dict[str, object]]
) -> Meeting:
    """An ordinary assembly at the seat (second call the next day), convened 25 days before
    (or today, if that is later)."""
    organization = coop.organization
    meeting = governance.meeting_create(
        actor=None,
        organization=organization,
        data={
            "kind": MeetingKind.ORDINARY,
            "title": title,
            "first_call_at": _at(day, 17, 30),
            "second_call_at": _at(day + dt.timedelta(days=1), 18),
            "place": f"Sala riunioni della cooperativa, {organization.address}",
        },
    )
    for item in items:
        governance.item_add(actor=None, meeting=meeting, data=item)
    governance.meeting_convene(
        actor=None, meeting=meeting, notice_given_on=min(day - dt.timedelta(days=25), coop.today)
    )
    coop.report.meetings += 1
    return meeting


def _past_assembly(coop: Cooperative) -> None:
    """Held two months ago on first call: two thirds present, accounts approved by show of hands."""
    day = coop.days_ago(60)
    year = day.year - 1
    meeting = _assembly(
        coop,
        day,
        f"Assemblea ordinaria per il bilancio {year}",
        [
            {
                "kind": ItemKind.ACCOUNTS,
                "title": f"Approvazione del bilancio d'esercizio al 31/12/{year}",
                "motion": "L'assemblea approva il bilancio, la nota integrativa e la relazione "
                "sulla gestione e destina l'utile a riserva indivisibile.",
            },
            {
                "kind": ItemKind.SOCIAL_REPORT,
                "title": f"Approvazione del bilancio sociale {year}",
                "motion": "L'assemblea approva il bilancio sociale e ne dispone la pubblicazione.",
            },
        ],
    )
    chair, secretary = _officers(coop)
    governance.meeting_open(
        actor=None,
        meeting=meeting,
        call=Call.FIRST,
        chair_name=chair,
        secretary_name=secretary,
        now=_at(day, 17, 40),
    )
    roll = list(Participant.objects.filter(meeting=meeting, on_roll=True).order_by("pk"))
    for participant in roll[: len(roll) * 2 // 3]:
        governance.participant_check_in(
            actor=None, participant=participant, mode=Attendance.IN_PERSON, now=_at(day, 17, 35)
        )
    abstaining = [p.register_number for p in roll[1:2] if p.can_vote and p.register_number]
    for minutes, item in enumerate(meeting.items.order_by("position")):
        now = _at(day, 18, 10 * minutes)
        ballot = governance.ballot_open(actor=None, item=item, secret=False, now=now)
        governance.ballot_record_show_of_hands(
            actor=None, ballot=ballot, against=[], abstain=abstaining, now=now
        )
        governance.ballot_close(actor=None, ballot=ballot, now=now + dt.timedelta(minutes=5))
    governance.meeting_close(actor=None, meeting=meeting, now=_at(day, 18, 45))


def _officers(coop: Cooperative) -> tuple[str, str]:
    """The president (the first member) chairs; the second worker member takes the minutes."""
    workers = _workers(coop)
    return workers[0].display_name, workers[1].display_name


def _workers(coop: Cooperative) -> list[Person]:
    return [m.person for spec, m in coop.members if spec.category == MemberCategory.LAVORATORE]


def _next_assembly(coop: Cooperative) -> None:
    """In four weeks: the internal regulation and the election of the board."""
    day = coop.today + dt.timedelta(days=28)
    workers = _workers(coop)
    _assembly(
        coop,
        day,
        "Assemblea ordinaria dei soci",
        [
            {
                "kind": ItemKind.OTHER,
                "title": "Regolamento interno dei soci lavoratori (legge 142/2001)",
                "motion": "L'assemblea approva il nuovo regolamento interno allegato.",
            },
            {
                "kind": ItemKind.ELECTION,
                "title": "Rinnovo del consiglio di amministrazione",
                "candidates": "\n".join(p.display_name for p in workers[:5]),
                "seats": 3,
            },
            {"kind": ItemKind.OTHER, "title": "Varie ed eventuali"},
        ],
    )
