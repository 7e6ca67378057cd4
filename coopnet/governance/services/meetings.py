"""Writes of meetings before the session: the meeting, its agenda and documents, the roll
and the convocation (R-CC-2366/2369)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited
from coopnet.members import selectors as member_selectors
from coopnet.members.models import Membership, MembershipStatus, PersonKind

from .. import rules, selectors
from ..models import (
    AgendaDocument,
    AgendaItem,
    BallotParticipation,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    StatuteGovernance,
)

MEETING_FIELDS = ("title", "place", "online_url", "first_call_at", "second_call_at")
ITEM_FIELDS = ("kind", "title", "motion", "candidates", "seats", "membership")
ITEM_KINDS = {
    MeetingKind.ORDINARY: {
        ItemKind.ACCOUNTS,
        ItemKind.SOCIAL_REPORT,
        ItemKind.ELECTION,
        ItemKind.ADMISSION_APPEAL,
        ItemKind.OTHER,
    },
    MeetingKind.EXTRAORDINARY: {ItemKind.STATUTE_CHANGE, ItemKind.OTHER},
    MeetingKind.BOARD: {ItemKind.ADMISSION, ItemKind.OTHER},
}
ROLL_FIELDS = (
    "register_number",
    "name",
    "category",
    "is_legal_person",
    "on_roll",
    "can_vote",
    "weight",
    "capped",
)


def audit(actor: User | None, obj: Any, action: str, before: dict[str, Any] | None) -> None:
    """Log ``governance.<action>`` on ``obj``: the state ``before`` (None when new) and now."""
    log_action(
        actor=actor, action=f"governance.{action}", obj=obj, before=before, after=snapshot(obj)
    )


def require_status(meeting: Meeting, *allowed: str) -> None:
    if meeting.status not in allowed:
        raise ValidationError(
            _("Operazione non possibile: la riunione è «%(status)s».")
            % {"status": meeting.get_status_display()}
        )


def _check_meeting(meeting: Meeting) -> None:
    errors: dict[str, str] = {}
    if not meeting.place.strip() and not meeting.online_url.strip():
        errors["place"] = _("Indica il luogo della riunione o il collegamento per partecipare.")
    second = meeting.second_call_at
    if meeting.kind == MeetingKind.BOARD:
        meeting.second_call_at = None
    elif second is not None:
        if second <= meeting.first_call_at:
            errors["second_call_at"] = _("La seconda convocazione deve seguire la prima.")
        elif timezone.localdate(second) == timezone.localdate(meeting.first_call_at):
            errors["second_call_at"] = _(
                "R-CC-2369: la seconda convocazione non può tenersi nello stesso giorno "
                "della prima (art. 2369 c.c.)."
            )
    if errors:
        raise ValidationError(errors)


def _board_roll(meeting: Meeting, directors: Iterable[Membership]) -> None:
    """A board meeting's roll is its directors: one vote each, no 90-day rule."""
    chosen = list(directors)
    if not chosen:
        raise ValidationError(
            {"board_members": _("Indica i componenti del consiglio di amministrazione.")}
        )
    if any(m.organization_id != meeting.organization_id for m in chosen):
        raise ValidationError(
            {"board_members": _("Un consigliere non è socio di questa cooperativa.")}
        )
    Participant.objects.filter(meeting=meeting).delete()
    Participant.objects.bulk_create(
        Participant(
            organization_id=meeting.organization_id,
            meeting=meeting,
            membership=m,
            register_number=m.register_number,
            name=m.person.display_name[:255],
            category=m.category,
            is_legal_person=m.person.kind == PersonKind.LEGAL,
            can_vote=True,
            weight=1,
        )
        for m in chosen
    )


def build_roll(meeting: Meeting, day: dt.date, statute: StatuteGovernance) -> None:
    """Put every member on ``day`` on the assembly's roll with their votes that day
    (R-CC-2538: vote after 90 days on the register; plural votes of the statute; financing
    members marked for the one-third cap). Members who left stay, off the roll."""
    organization = meeting.organization
    members = member_selectors.members_on(organization, day).select_related("person")
    voters = set(member_selectors.voters_on(organization, day).values_list("pk", flat=True))
    existing = {p.membership_id: p for p in Participant.objects.filter(meeting=meeting)}
    new: list[Participant] = []
    changed: list[Participant] = []
    for membership in members:
        legal = membership.person.kind == PersonKind.LEGAL
        values = {
            "register_number": membership.register_number,
            "name": membership.person.display_name[:255],
            "category": membership.category,
            "is_legal_person": legal,
            "on_roll": True,
            "can_vote": membership.pk in voters,
            "weight": rules.vote_weight(
                category=membership.category, is_legal_person=legal, statute=statute
            ),
            "capped": rules.is_capped(membership.category),
        }
        row = existing.pop(membership.pk, None)
        if row is None:
            new.append(
                Participant(
                    organization=organization, meeting=meeting, membership=membership, **values
                )
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    for row in existing.values():
        if row.on_roll:
            row.on_roll, row.can_vote = False, False
            changed.append(row)
    Participant.objects.bulk_create(new, batch_size=500)
    Participant.objects.bulk_update(changed, ROLL_FIELDS, batch_size=500)


def roll_is_frozen(meeting: Meeting) -> bool:
    """Once somebody voted, the roll of that meeting does not change any more."""
    return BallotParticipation.objects.filter(ballot__item__meeting=meeting).exists()


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    board_members: Iterable[Membership] = (),
) -> Meeting:
    """Prepare a meeting (not yet convened); a board meeting needs its directors."""
    highest = Meeting.objects.filter(organization=organization).aggregate(n=Max("number"))["n"]
    meeting = Meeting(
        organization=organization, created_by=actor, kind=data["kind"], number=(highest or 0) + 1
    )
    _save_meeting(actor, meeting, data, "governance.meeting.create")
    if meeting.kind == MeetingKind.BOARD:
        _board_roll(meeting, board_members)
    return meeting


def _save_meeting(
    actor: User | None, meeting: Meeting, data: Mapping[str, Any], action: str
) -> None:
    """The call of a meeting from its form: empty texts are "", an empty second call None."""
    changes = {name: data[name] or "" for name in ("title", "place", "online_url") if name in data}
    if data.get("first_call_at"):
        changes["first_call_at"] = data["first_call_at"]
    if "second_call_at" in data:
        changes["second_call_at"] = data["second_call_at"] or None
    save_audited(
        actor=actor,
        instance=meeting,
        data=changes,
        fields=MEETING_FIELDS,
        clean=_check_meeting,
        action=action,
    )


@transaction.atomic
def meeting_update(
    *,
    actor: User | None,
    meeting: Meeting,
    data: Mapping[str, Any],
    board_members: Iterable[Membership] | None = None,
) -> Meeting:
    """Change a meeting that is not convened yet (after the notice, the call is fixed)."""
    require_status(meeting, MeetingStatus.DRAFT)
    _save_meeting(actor, meeting, data, "governance.meeting.update")
    if meeting.kind == MeetingKind.BOARD and board_members is not None:
        _board_roll(meeting, board_members)
    return meeting


def _item_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the agenda form gives of a point (an empty choice leaves the field as it is)."""
    return {name: data[name] for name in ITEM_FIELDS if data.get(name) is not None}


def _unchecked(item: AgendaItem) -> None:
    """Once convened only the minutes text changes, and it needs no check."""


def _check_item(item: AgendaItem) -> None:
    meeting = item.meeting
    if item.kind not in ITEM_KINDS[MeetingKind(meeting.kind)]:
        if item.kind == ItemKind.STATUTE_CHANGE:
            message = _(
                "R-CC-2538: le modifiche dello statuto spettano all'assemblea straordinaria."
            )
        else:
            message = _("Questo argomento non si tratta in una riunione di tipo «%(kind)s».") % {
                "kind": meeting.get_kind_display()
            }
        raise ValidationError({"kind": message})
    if item.kind in {ItemKind.ADMISSION_APPEAL, ItemKind.ADMISSION}:
        membership = item.membership
        if membership is None or membership.organization_id != meeting.organization_id:
            raise ValidationError({"membership": _("Indica la domanda di ammissione.")})
        if item.kind == ItemKind.ADMISSION and membership.status != MembershipStatus.APPLIED:
            raise ValidationError(
                {"membership": _("R-CC-2528: questa domanda di ammissione non è in attesa.")}
            )
        if item.kind == ItemKind.ADMISSION_APPEAL and not (
            membership.status == MembershipStatus.REFUSED
            and membership.appeal_filed_on is not None
            and membership.appeal_decided_on is None
        ):
            raise ValidationError(
                {
                    "membership": _(
                        "R-CC-2528: non c'è un ricorso all'assemblea da decidere per questo "
                        "richiedente."
                    )
                }
            )
    else:
        item.membership = None
    if item.kind == ItemKind.ELECTION:
        if not item.candidate_list:
            raise ValidationError({"candidates": _("Indica almeno un candidato, uno per riga.")})
        if item.seats < 1:
            raise ValidationError({"seats": _("Almeno un posto da eleggere.")})
    else:
        item.candidates = ""


@transaction.atomic
def item_add(*, actor: User | None, meeting: Meeting, data: Mapping[str, Any]) -> AgendaItem:
    """Add a point at the end of the agenda (only before the convocation)."""
    require_status(meeting, MeetingStatus.DRAFT)
    highest = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("position"))["n"]
    item = AgendaItem(
        organization_id=meeting.organization_id, meeting=meeting, position=(highest or 0) + 1
    )
    return save_audited(
        actor=actor,
        instance=item,
        data=_item_data(data),
        fields=ITEM_FIELDS,
        clean=_check_item,
        action="governance.item.add",
    )


@transaction.atomic
def item_update(*, actor: User | None, item: AgendaItem, data: Mapping[str, Any]) -> AgendaItem:
    """The motion can change until the convocation, the minutes text until the meeting closes."""
    meeting = item.meeting
    require_status(meeting, MeetingStatus.DRAFT, MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)
    draft = meeting.status == MeetingStatus.DRAFT
    changes = _item_data(data) if draft else {}
    if "minutes_text" in data:
        changes["minutes_text"] = data["minutes_text"] or ""
    return save_audited(
        actor=actor,
        instance=item,
        data=changes,
        fields=(*ITEM_FIELDS, "minutes_text"),
        clean=_check_item if draft else _unchecked,
        action="governance.item.update",
    )


@transaction.atomic
def item_move(*, actor: User | None, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap a point with the one before (``up``) or after it."""
    require_status(item.meeting, MeetingStatus.DRAFT)
    siblings = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    other = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return item
    before = snapshot(item)
    mine, theirs = item.position, other.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)  # 0 is never a real position
    AgendaItem.objects.filter(pk=other.pk).update(position=mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
    item.position = theirs
    audit(actor, item, "item.move", before)
    return item


@transaction.atomic
def item_delete(*, actor: User | None, item: AgendaItem) -> None:
    require_status(item.meeting, MeetingStatus.DRAFT)
    audit(actor, item, "item.delete", snapshot(item))
    item.delete()


@transaction.atomic
def document_attach(
    *, actor: User | None, item: AgendaItem, title: str, file: File[Any]
) -> AgendaDocument:
    """Attach a document to a point (until the meeting closes)."""
    require_status(
        item.meeting, MeetingStatus.DRAFT, MeetingStatus.CONVENED, MeetingStatus.IN_SESSION
    )
    if not title.strip():
        raise ValidationError({"title": _("Dai un titolo al documento.")})
    document = AgendaDocument(
        organization_id=item.organization_id, item=item, title=title.strip(), uploaded_by=actor
    )
    document.file.save(file.name or "documento", file, save=False)
    document.save()
    audit(actor, document, "document.attach", None)
    return document


@transaction.atomic
def document_delete(*, actor: User | None, document: AgendaDocument) -> None:
    meeting = document.item.meeting
    require_status(meeting, MeetingStatus.DRAFT, MeetingStatus.CONVENED)
    audit(actor, document, "document.delete", snapshot(document))
    document.file.delete(save=False)
    document.delete()


def late_notice_message(meeting: Meeting, statute: StatuteGovernance, given_on: dt.date) -> str:
    """Why a notice given on ``given_on`` is late (R-CC-2366), or "" when it is in time."""
    deadline = selectors.notice_deadline(meeting, statute)
    if given_on <= deadline:
        return ""
    days = selectors.notice_days(statute, timezone.localdate(meeting.first_call_at))
    return _(
        "R-CC-2366: l'avviso andava dato entro il %(deadline)s, %(days)s giorni prima della "
        "prima convocazione del %(day)s (art. 2366 c.c., %(channel)s)."
    ) % {
        "deadline": deadline.strftime("%d/%m/%Y"),
        "days": days,
        "day": timezone.localdate(meeting.first_call_at).strftime("%d/%m/%Y"),
        "channel": statute.get_notice_channel_display().lower(),
    }


def convene_check(*, meeting: Meeting, notice_given_on: dt.date, accept_late: bool) -> str:
    """What convening would refuse (ValidationError), before anyone is asked to confirm;
    returns the late-notice warning the office accepted, or ""."""
    require_status(meeting, MeetingStatus.DRAFT)
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("R-CC-2366: l'avviso deve indicare l'ordine del giorno; aggiungi almeno un punto.")
        )
    first_day = timezone.localdate(meeting.first_call_at)
    if notice_given_on > first_day:
        raise ValidationError(
            {"notice_given_on": _("L'avviso non può essere dato dopo la riunione.")}
        )
    if not meeting.is_assembly:
        return ""
    statute = selectors.statute_governance(meeting.organization, first_day)
    late = late_notice_message(meeting, statute, notice_given_on)
    if late and not accept_late:
        raise ValidationError({"notice_given_on": late})
    return late


@transaction.atomic
def meeting_convene(
    *,
    actor: User | None,
    meeting: Meeting,
    notice_given_on: dt.date,
    accept_late: bool = False,
    base_url: str = "",
) -> Meeting:
    """Convene the meeting: fix the roll and send the notice to everyone on it.

    A notice later than the statute allows (R-CC-2366) is refused unless the chair accepts
    it knowingly (e.g. an assemblea totalitaria); then the warning stays on the meeting.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    late = convene_check(meeting=meeting, notice_given_on=notice_given_on, accept_late=accept_late)
    before = snapshot(meeting)
    if meeting.is_assembly:
        first_day = timezone.localdate(meeting.first_call_at)
        build_roll(
            meeting, first_day, selectors.statute_governance(meeting.organization, first_day)
        )
    meeting.status = MeetingStatus.CONVENED
    meeting.notice_given_on = notice_given_on
    meeting.notice_late = bool(late)
    meeting.notice_note = late
    meeting.save()
    audit(actor, meeting, "meeting.convene", before)
    schedule_notices(meeting, base_url)
    return meeting


def schedule_notices(meeting: Meeting, base_url: str) -> None:
    from ..tasks import send_meeting_notices

    meeting_id = meeting.pk
    transaction.on_commit(lambda: send_meeting_notices.enqueue(meeting_id, base_url))


@transaction.atomic
def notices_resend(*, actor: User | None, meeting: Meeting, base_url: str = "") -> None:
    """Send the notice to whoever has not received it (nobody gets it twice)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    require_status(meeting, MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)
    if meeting.is_assembly and not roll_is_frozen(meeting):
        day = timezone.localdate(meeting.first_call_at)
        build_roll(meeting, day, selectors.statute_governance(meeting.organization, day))
    log_action(actor=actor, action="governance.meeting.notices_resend", obj=meeting)
    schedule_notices(meeting, base_url)
