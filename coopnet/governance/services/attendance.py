"""Writes of the session: opening it, check-in and check-out, proxies (R-CC-2539)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import snapshot, user_or_none
from coopnet.core.models import User

from .. import rules, selectors
from ..models import Attendance, Call, Meeting, MeetingStatus, Participant, Proxy
from .meetings import audit, build_roll, require_status, roll_is_frozen

OPEN_FOR_ATTENDANCE = (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)


@transaction.atomic
def meeting_open(
    *,
    actor: User | None,
    meeting: Meeting,
    call: str,
    chair_name: str,
    secretary_name: str,
    now: dt.datetime | None = None,
) -> Meeting:
    """Open the session on the first or the second call; the roll is brought to that day."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=meeting.pk)
    )
    require_status(meeting, MeetingStatus.CONVENED)
    if call == Call.SECOND and meeting.second_call_at is None:
        raise ValidationError({"call": _("L'avviso non prevede una seconda convocazione.")})
    if not chair_name.strip() or not secretary_name.strip():
        raise ValidationError(
            {"chair_name": _("Indica chi presiede e chi redige il verbale: firmano il verbale.")}
        )
    before = snapshot(meeting)
    moment = meeting.second_call_at if call == Call.SECOND else meeting.first_call_at
    assert moment is not None
    day = timezone.localdate(moment)
    if meeting.is_assembly and not roll_is_frozen(meeting):
        build_roll(meeting, day, selectors.statute_governance(meeting.organization, day))
    meeting.status = MeetingStatus.IN_SESSION
    meeting.held_call = call
    meeting.held_on = day
    meeting.opened_at = now or timezone.now()
    meeting.chair_name = chair_name.strip()
    meeting.secretary_name = secretary_name.strip()
    meeting.save()
    audit(actor, meeting, "meeting.open", before)
    return meeting


def _active_proxy_of(participant: Participant) -> Proxy | None:
    return (
        Proxy.objects.filter(grantor=participant, withdrawn_at__isnull=True)
        .select_related("delegate")
        .first()
    )


def _check_mode(meeting: Meeting, mode: str) -> None:
    """In the room, or online when the statute allows remote attendance (R-CC-2538)."""
    if mode not in {Attendance.IN_PERSON, Attendance.ONLINE}:
        raise ValidationError({"mode": _("Scegli presenza in sala oppure online.")})
    remote = selectors.statute_governance(meeting.organization).remote_voting_allowed
    if mode == Attendance.ONLINE and meeting.is_assembly and not remote:
        raise ValidationError(
            {
                "mode": _(
                    "R-CC-2538: lo statuto non prevede la partecipazione a distanza "
                    "(art. 2538 c.c.)."
                )
            }
        )


@transaction.atomic
def participant_check_in(
    *, actor: User | None, participant: Participant, mode: str, now: dt.datetime | None = None
) -> Participant:
    """Record a member as present in the room or connected online."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("meeting__organization", "organization")
        .get(pk=participant.pk)
    )
    meeting = participant.meeting
    require_status(meeting, *OPEN_FOR_ATTENDANCE)
    if not participant.on_roll:
        raise ValidationError(
            _("%(name)s non risulta socio alla data della riunione.") % {"name": participant.name}
        )
    _check_mode(meeting, mode)
    proxy = _active_proxy_of(participant)
    if proxy is not None:
        raise ValidationError(
            _(
                "R-CC-2539: %(name)s ha delegato %(delegate)s; per partecipare di persona "
                "ritira prima la delega."
            )
            % {"name": participant.name, "delegate": proxy.delegate.name}
        )
    if participant.attendance == mode:
        raise ValidationError(_("%(name)s è già registrato.") % {"name": participant.name})
    before = snapshot(participant)
    participant.attendance = mode
    participant.checked_in_at = now or timezone.now()
    participant.save(update_fields=["attendance", "checked_in_at"])
    audit(actor, participant, "participant.check_in", before)
    return participant


@transaction.atomic
def participant_confirm(*, actor: User | None, participant: Participant, mode: str) -> Participant:
    """The member announces they will attend, in the room or online (when the statute allows
    it): the chair plans with it; only the check-in at the session counts for the quorum."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("meeting__organization")
        .get(pk=participant.pk)
    )
    meeting = participant.meeting
    require_status(meeting, *OPEN_FOR_ATTENDANCE)
    _check_mode(meeting, mode)
    proxy = _active_proxy_of(participant)
    if proxy is not None:
        raise ValidationError(
            _("R-CC-2539: hai delegato %(delegate)s; per partecipare ritira prima la delega.")
            % {"delegate": proxy.delegate.name}
        )
    before = snapshot(participant)
    participant.confirmed = mode
    participant.save(update_fields=["confirmed"])
    audit(actor, participant, "participant.confirm", before)
    return participant


@transaction.atomic
def participant_check_out(*, actor: User | None, participant: Participant) -> Participant:
    """The member leaves: from now on they (and whom they represent) are not present."""
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=participant.pk)
    )
    require_status(participant.meeting, *OPEN_FOR_ATTENDANCE)
    if participant.attendance == Attendance.ABSENT:
        raise ValidationError(_("%(name)s non risulta presente.") % {"name": participant.name})
    before = snapshot(participant)
    participant.attendance = Attendance.ABSENT
    participant.save(update_fields=["attendance"])
    audit(actor, participant, "participant.check_out", before)
    return participant


def _no_voting_rights(participant: Participant, role: str) -> str:
    return _(
        "R-CC-2538: %(name)s non ha diritto di voto alla data dell'assemblea (iscritto nel "
        "libro soci da meno di 90 giorni o non più socio): non può %(role)s."
    ) % {"name": participant.name, "role": role}


def proxy_cap(meeting: Meeting) -> int:
    """How many members one delegate may represent: the statute's number, never above the
    law's (R-CC-2539) in force on the meeting's day."""
    statute = selectors.statute_governance(meeting.organization)
    law = rules.Numbers.on(selectors.meeting_day(meeting)).proxy_max_per_delegate
    return min(statute.proxy_max_per_delegate, law)


@transaction.atomic
def proxy_grant(
    *,
    actor: User | None,
    grantor: Participant,
    delegate: Participant,
    document: Any = None,
    now: dt.datetime | None = None,
) -> Proxy:
    """Record a written proxy (R-CC-2539): the delegate is a member with voting rights on
    the meeting's day, represents at most the statute's number of members, and each member
    delegates once."""
    # Lock the delegate's line: two proxies to the same delegate are checked one at a time.
    delegate = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=delegate.pk)
    )
    grantor = Participant.objects.select_related("meeting").get(pk=grantor.pk)
    meeting = delegate.meeting
    if grantor.meeting_id != meeting.pk:
        raise ValidationError(_("Delegante e delegato devono essere della stessa riunione."))
    if not meeting.is_assembly:
        raise ValidationError(_("Nel consiglio di amministrazione non si vota per delega."))
    require_status(meeting, *OPEN_FOR_ATTENDANCE)
    if grantor.pk == delegate.pk:
        raise ValidationError({"delegate": _("Un socio non può delegare sé stesso.")})
    if not (grantor.on_roll and grantor.can_vote):
        raise ValidationError({"grantor": _no_voting_rights(grantor, _("delegare il voto"))})
    if not (delegate.on_roll and delegate.can_vote):
        raise ValidationError(
            {
                "delegate": _(
                    "R-CC-2539: il delegato deve essere un socio con diritto di voto. %(why)s"
                )
                % {"why": _no_voting_rights(delegate, _("ricevere deleghe"))}
            }
        )
    existing = _active_proxy_of(grantor)
    if existing is not None:
        raise ValidationError(
            {
                "grantor": _(
                    "R-CC-2539: %(name)s ha già delegato %(delegate)s; un socio delega una "
                    "sola volta."
                )
                % {"name": grantor.name, "delegate": existing.delegate.name}
            }
        )
    if grantor.is_present:
        raise ValidationError(
            {"grantor": _("%(name)s è presente: non serve una delega.") % {"name": grantor.name}}
        )
    if _active_proxy_of(delegate) is not None:
        raise ValidationError(
            {
                "delegate": _("%(name)s ha delegato a sua volta: non può ricevere deleghe.")
                % {"name": delegate.name}
            }
        )
    if Proxy.objects.filter(delegate=grantor, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            {
                "grantor": _("%(name)s rappresenta già altri soci: non può delegare.")
                % {"name": grantor.name}
            }
        )
    held = Proxy.objects.filter(delegate=delegate, withdrawn_at__isnull=True).count()
    if held >= proxy_cap(meeting):
        raise ValidationError(
            {
                "delegate": _(
                    "R-CC-2539: %(name)s rappresenta già %(held)s soci, il massimo di deleghe "
                    "per delegato previsto dallo statuto e dalla legge (art. 2539 c.c.)."
                )
                % {"name": delegate.name, "held": held}
            }
        )
    proxy = Proxy(
        organization_id=meeting.organization_id,
        meeting=meeting,
        grantor=grantor,
        delegate=delegate,
        granted_at=now or timezone.now(),
        recorded_by=user_or_none(actor),
    )
    if document:
        proxy.document.save(document.name or "delega", document, save=False)
    try:
        with transaction.atomic():
            proxy.save()
    except IntegrityError:
        raise ValidationError(
            {"grantor": _("R-CC-2539: %(name)s ha già delegato.") % {"name": grantor.name}}
        ) from None
    audit(actor, proxy, "proxy.grant", None)
    return proxy


@transaction.atomic
def proxy_withdraw(*, actor: User | None, proxy: Proxy, now: dt.datetime | None = None) -> Proxy:
    """Withdraw a proxy, unless the delegate already voted with it."""
    proxy = (
        Proxy.objects.select_for_update(of=("self",))
        .select_related("grantor", "delegate", "meeting")
        .get(pk=proxy.pk)
    )
    require_status(proxy.meeting, *OPEN_FOR_ATTENDANCE)
    if proxy.withdrawn_at is not None:
        raise ValidationError(_("La delega è già stata ritirata."))
    if proxy.votes.exists():
        raise ValidationError(
            _(
                "R-CC-2539: %(delegate)s ha già votato per %(grantor)s con questa delega: "
                "non può più essere ritirata."
            )
            % {"delegate": proxy.delegate.name, "grantor": proxy.grantor.name}
        )
    before = snapshot(proxy)
    proxy.withdrawn_at = now or timezone.now()
    proxy.save(update_fields=["withdrawn_at"])
    audit(actor, proxy, "proxy.withdraw", before)
    return proxy
