"""Writes at the end of a meeting: its closing and the archived PDF minutes (file + hash)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.jobs import job_create
from coopnet.core.models import User

from .. import selectors
from ..models import (
    MINUTES_JOB,
    Attendance,
    Ballot,
    BallotParticipation,
    Meeting,
    MeetingStatus,
    Participant,
)
from .ballots import ABSTAIN, AGAINST
from .meetings import audit, require_status
from .results import close_due_ballots

MINUTES_FIELDS = ("chair_name", "secretary_name", "minutes_intro")


@transaction.atomic
def minutes_update(*, actor: User | None, meeting: Meeting, data: Mapping[str, Any]) -> Meeting:
    """Who chairs and who takes the minutes, and the minutes' opening text (until closing)."""
    require_status(meeting, MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)
    before = snapshot(meeting)
    for name in MINUTES_FIELDS:
        if name in data:
            setattr(meeting, name, (data[name] or "").strip())
    meeting.save(update_fields=[*MINUTES_FIELDS, "updated_at"])
    audit(actor, meeting, "minutes.update", before)
    return meeting


@transaction.atomic
def meeting_close(
    *, actor: User | None, meeting: Meeting, now: dt.datetime | None = None
) -> Meeting:
    """Close the session once every vote is closed; a background job then archives the minutes."""
    now = now or timezone.now()
    close_due_ballots(organization=meeting.organization, now=now)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    require_status(meeting, MeetingStatus.IN_SESSION)
    still_open = Ballot.objects.filter(item__meeting=meeting, result__isnull=True).select_related(
        "item"
    )
    if still_open:
        raise ValidationError(
            _("Chiudi prima le votazioni ancora aperte: %(items)s.")
            % {"items": "; ".join(str(b.item) for b in still_open)}
        )
    if not meeting.chair_name or not meeting.secretary_name:
        raise ValidationError(_("Il verbale deve indicare chi presiede e chi verbalizza."))
    before = snapshot(meeting)
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.save()
    audit(actor, meeting, "meeting.close", before)
    from ..tasks import archive_minutes

    job_create(
        actor=actor,
        organization=meeting.organization,
        kind=MINUTES_JOB,
        task=archive_minutes,
        params={"meeting_id": meeting.pk},
    )
    return meeting


def _named_choices(ballot: Ballot) -> dict[str, list[str]]:
    """For an open ballot, who was against and who abstained, as minutes usually say."""
    if ballot.secret:
        return {}
    named: dict[str, list[str]] = {AGAINST: [], ABSTAIN: []}
    rows = (
        BallotParticipation.objects.filter(ballot=ballot, choice__in=list(named))
        .order_by("voter__register_number")
        .values_list("choice", "voter__name")
    )
    for choice, name in rows:
        named[choice].append(name)
    return named


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    items = selectors.agenda(meeting)
    for item in items:
        ballot = getattr(item, "ballot", None)
        result = getattr(ballot, "result", None) if ballot is not None else None
        item.minutes_ballot = ballot  # type: ignore[attr-defined]
        item.named = _named_choices(ballot) if ballot else {}  # type: ignore[attr-defined]
        item.result_rows = (  # type: ignore[attr-defined]
            [(label, result.tallies.get(code, "0")) for code, label in ballot.choices]
            if ballot is not None and result is not None
            else []
        )
        item.elected_names = (  # type: ignore[attr-defined]
            [ballot.choice_label(code) for code in result.elected]
            if ballot is not None and result is not None
            else []
        )
    present = (
        Participant.objects.filter(meeting=meeting, on_roll=True)
        .exclude(attendance=Attendance.ABSENT)
        .order_by("register_number")
    )
    represented = selectors.active_proxies(meeting).order_by("grantor__register_number")
    return {
        "org": meeting.organization,
        "meeting": meeting,
        "items": items,
        "panel": selectors.quorum_panel(meeting),
        "present": present,
        "represented": represented,
        "generated_at": timezone.now(),
    }


def minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes as PDF (A4), rendered by WeasyPrint from governance/minutes_pdf.html."""
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    html = render_to_string("governance/minutes_pdf.html", minutes_context(meeting))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@transaction.atomic
def minutes_archive(*, meeting_id: int) -> Meeting:
    """Generate and archive the minutes of a closed meeting, once (file and SHA-256)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting_id)
    )
    require_status(meeting, MeetingStatus.CLOSED)
    if meeting.minutes_file:
        return meeting
    pdf = minutes_pdf(meeting)
    digest = hashlib.sha256(pdf).hexdigest()
    day = selectors.meeting_day(meeting).isoformat()
    meeting.minutes_file.save(f"verbale-{meeting.number}-{day}.pdf", ContentFile(pdf), save=False)
    meeting.minutes_sha256 = digest
    meeting.minutes_generated_at = timezone.now()
    meeting.save(update_fields=["minutes_file", "minutes_sha256", "minutes_generated_at"])
    log_action(
        actor=None,
        action="governance.minutes.archive",
        obj=meeting,
        after={"file": meeting.minutes_file.name, "sha256": digest},
    )
    return meeting
