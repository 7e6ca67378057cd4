"""Writes of the notice of convocation: one delivery row per member and channel, each claimed
before its e-mail leaves (R-CC-2366)."""

from __future__ import annotations

from django.core.mail import get_connection
from django.utils import timezone

from .. import notices, selectors
from ..models import (
    Meeting,
    MeetingStatus,
    NoticeChannelKind,
    NoticeDelivery,
    NoticeStatus,
)

RETRIED = (NoticeStatus.PENDING, NoticeStatus.FAILED)


def _planned(meeting: Meeting) -> list[NoticeDelivery]:
    """One delivery per member and channel: e-mail and PEC when known, else a note."""
    rows = []
    roll = selectors.roll_of(meeting).select_related("membership__person")
    for participant in roll:
        person = participant.membership.person
        found = [(NoticeChannelKind.EMAIL, person.email), (NoticeChannelKind.PEC, person.pec)]
        addresses = [(channel, address) for channel, address in found if address]
        for channel, address in addresses or [(NoticeChannelKind.NONE, "")]:
            rows.append(
                NoticeDelivery(
                    organization_id=meeting.organization_id,
                    meeting=meeting,
                    participant=participant,
                    channel=channel,
                    address=address,
                    status=NoticeStatus.PENDING if address else NoticeStatus.NO_ADDRESS,
                )
            )
    return rows


def _claim(delivery: NoticeDelivery) -> bool:
    """Mark a delivery sent before sending it: another run that claimed it first wins."""
    claimed = NoticeDelivery.objects.filter(pk=delivery.pk, status__in=RETRIED).update(
        status=NoticeStatus.SENT, sent_at=timezone.now(), error=""
    )
    return bool(claimed)


def notices_send(*, meeting_id: int, base_url: str = "") -> dict[str, int]:
    """Send the notice to everyone on the roll, by e-mail and PEC, with the ICS file.

    Idempotent: each member and channel has one delivery row, claimed before sending, so a
    second run (or two workers at once) never sends the same notice twice.
    """
    meeting = Meeting.objects.select_related("organization").get(pk=meeting_id)
    if meeting.status not in {MeetingStatus.CONVENED, MeetingStatus.IN_SESSION}:
        return {"sent": 0, "failed": 0}
    NoticeDelivery.objects.bulk_create(_planned(meeting), ignore_conflicts=True, batch_size=500)
    items = selectors.agenda(meeting)
    ics = notices.calendar_file(meeting, items)
    todo = selectors.deliveries(meeting).filter(status__in=RETRIED)
    sent = failed = 0
    with get_connection() as connection:
        for delivery in todo:
            if not _claim(delivery):
                continue
            email = notices.message(
                meeting,
                items,
                name=delivery.participant.name,
                address=delivery.address,
                ics=ics,
                base_url=base_url,
            )
            email.connection = connection
            try:
                email.send()
            except Exception as error:
                NoticeDelivery.objects.filter(pk=delivery.pk).update(
                    status=NoticeStatus.FAILED, sent_at=None, error=str(error)[:500]
                )
                failed += 1
            else:
                sent += 1
    return {"sent": sent, "failed": failed}
