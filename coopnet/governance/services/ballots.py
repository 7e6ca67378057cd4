"""Writes of the votes: opening a ballot and casting votes (in person, by proxy, online, by
post, by show of hands). Closing is in ``results``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, user_or_none
from coopnet.core.models import User

from .. import rules, selectors
from ..models import (
    AgendaItem,
    Ballot,
    BallotParticipation,
    BallotResult,
    ItemKind,
    Meeting,
    MeetingStatus,
    Participant,
    Proxy,
    SecretTally,
    VoteChannel,
)
from .meetings import require_status

FAVOUR, AGAINST, ABSTAIN = "favorevole", "contrario", "astenuto"
# one urn per choice for ordinary votes, financing members' and sovventori's (capped apart)
URNS = ((False, False), (True, False), (False, True))


def motion_choices() -> list[list[str]]:
    return [[FAVOUR, _("Favorevole")], [AGAINST, _("Contrario")], [ABSTAIN, _("Astenuto")]]


def election_choices(item: AgendaItem) -> list[list[str]]:
    candidates = [[f"c{i}", name] for i, name in enumerate(item.candidate_list, start=1)]
    return [*candidates, [ABSTAIN, _("Scheda bianca")]]


def _closed_message(ballot: Ballot) -> str:
    return _("La votazione su «%(item)s» è chiusa: non si può più votare.") % {
        "item": ballot.item.title
    }


def local_time(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")


@transaction.atomic
def ballot_open(
    *,
    actor: User | None,
    item: AgendaItem,
    secret: bool,
    remote: bool = False,
    closes_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Ballot:
    """Open the vote on a point: in the room during the session, or remotely in a window
    when the statute allows it (R-CC-2538)."""
    now = now or timezone.now()
    item = AgendaItem.objects.select_related("meeting__organization").get(pk=item.pk)
    meeting = item.meeting
    if remote:
        require_status(meeting, MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)
        statute = selectors.statute_governance(meeting.organization)
        if not meeting.is_assembly or not statute.remote_voting_allowed:
            raise ValidationError(
                {
                    "remote": _(
                        "R-CC-2538: lo statuto non prevede il voto a distanza (art. 2538 c.c.)."
                    )
                }
            )
        if closes_at is None:
            raise ValidationError(
                {"closes_at": _("Il voto a distanza ha bisogno di un orario di chiusura.")}
            )
    else:
        require_status(meeting, MeetingStatus.IN_SESSION)
    if closes_at is not None and closes_at <= now:
        raise ValidationError({"closes_at": _("L'orario di chiusura deve essere nel futuro.")})
    if Ballot.objects.filter(item=item).exists():
        raise ValidationError(_("Su questo punto si è già votato o si sta votando."))
    choices = election_choices(item) if item.kind == ItemKind.ELECTION else motion_choices()
    ballot = Ballot.objects.create(
        organization_id=item.organization_id,
        item=item,
        secret=secret,
        remote=remote,
        choices=choices,
        opens_at=now,
        closes_at=closes_at,
        opened_by=user_or_none(actor),
    )
    if secret:
        # every urn exists before the first vote: neither rows nor their order say who voted
        SecretTally.objects.bulk_create(
            SecretTally(
                organization_id=item.organization_id,
                ballot=ballot,
                choice=code,
                capped=capped,
                sovventore=sovventore,
            )
            for code, _label in choices
            for capped, sovventore in URNS
        )
    log_action(
        actor=actor,
        organization=meeting.organization,
        action="governance.ballot.open",
        obj=ballot,
        after={"secret": secret, "remote": remote, "closes_at": str(closes_at or "")},
    )
    return ballot


def _locked_open_ballot(ballot: Ballot, now: dt.datetime) -> Ballot:
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("item__meeting__organization")
        .get(pk=ballot.pk)
    )
    if BallotResult.objects.filter(ballot=ballot).exists():
        raise ValidationError(_closed_message(ballot))
    if ballot.closes_at is not None and now >= ballot.closes_at:
        raise ValidationError(
            _("La votazione su «%(item)s» si è chiusa alle %(time)s: il voto non è valido.")
            % {"item": ballot.item.title, "time": local_time(ballot.closes_at)}
        )
    return ballot


def _check_channel(ballot: Ballot, meeting: Meeting, cast_by: Participant, channel: str) -> None:
    statute = selectors.statute_governance(meeting.organization)
    if channel == VoteChannel.POSTAL:
        if not statute.postal_voting_allowed:
            raise ValidationError(
                {
                    "channel": _(
                        "R-CC-2538: lo statuto non prevede il voto per corrispondenza "
                        "(art. 2538 c.c.)."
                    )
                }
            )
        return
    if channel == VoteChannel.ONLINE:
        if meeting.is_assembly and not statute.remote_voting_allowed:
            raise ValidationError(
                {"channel": _("R-CC-2538: lo statuto non prevede il voto a distanza.")}
            )
        if ballot.remote:
            return
    if meeting.status != MeetingStatus.IN_SESSION:
        raise ValidationError(_("La riunione non è in corso: si vota solo durante la seduta."))
    if not cast_by.is_present:
        raise ValidationError(
            _("%(name)s non risulta presente: registra prima la presenza.") % {"name": cast_by.name}
        )


def _proxy_for(voter: Participant, cast_by: Participant) -> Proxy | None:
    """The proxy under which ``cast_by`` votes for ``voter`` (None when voting for oneself)."""
    active = Proxy.objects.filter(grantor=voter, withdrawn_at__isnull=True).select_related(
        "delegate"
    )
    proxy = active.first()
    if cast_by.pk == voter.pk:
        if proxy is not None:
            raise ValidationError(
                _(
                    "R-CC-2539: %(name)s ha delegato %(delegate)s: vota il delegato, "
                    "oppure ritira prima la delega."
                )
                % {"name": voter.name, "delegate": proxy.delegate.name}
            )
        return None
    if proxy is None or proxy.delegate_id != cast_by.pk:
        raise ValidationError(
            _("R-CC-2539: %(cast_by)s non ha una delega di %(voter)s.")
            % {"cast_by": cast_by.name, "voter": voter.name}
        )
    return proxy


def _already_voted(voter: Participant) -> str:
    return _("Un socio, un voto (art. 2538 c.c.): %(name)s ha già votato su questo punto.") % {
        "name": voter.name
    }


@transaction.atomic
def ballot_vote(
    *,
    actor: User | None,
    ballot: Ballot,
    voter: Participant,
    choice: str,
    channel: str,
    cast_by: Participant | None = None,
    now: dt.datetime | None = None,
) -> BallotParticipation:
    """Cast one vote: ``voter``'s, by ``voter`` or by their delegate (``cast_by``)."""
    now = now or timezone.now()
    ballot = _locked_open_ballot(ballot, now)
    meeting = ballot.item.meeting
    voter = Participant.objects.get(pk=voter.pk, meeting=meeting)
    cast_by = voter if cast_by is None else Participant.objects.get(pk=cast_by.pk, meeting=meeting)
    if not (voter.on_roll and voter.can_vote):
        raise ValidationError(
            _(
                "R-CC-2538: %(name)s non ha diritto di voto alla data della riunione (iscritto "
                "nel libro soci da meno di 90 giorni o non più socio)."
            )
            % {"name": voter.name}
        )
    if choice not in dict(ballot.choices):
        raise ValidationError({"choice": _("Scelta non prevista da questa votazione.")})
    if channel not in VoteChannel.values:
        raise ValidationError({"channel": _("Modalità di voto non prevista.")})
    _check_channel(ballot, meeting, cast_by, channel)
    proxy = _proxy_for(voter, cast_by)
    if BallotParticipation.objects.filter(ballot=ballot, voter=voter).exists():
        raise ValidationError(_already_voted(voter))
    participation = BallotParticipation(
        organization_id=ballot.organization_id,
        ballot=ballot,
        voter=voter,
        cast_by=cast_by,
        proxy=proxy,
        channel=channel,
        choice="" if ballot.secret else choice,
        weight=voter.weight,
        capped=voter.capped,
        voted_at=now,
    )
    try:
        with transaction.atomic():
            participation.save()
    except IntegrityError:
        raise ValidationError(_already_voted(voter)) from None
    if ballot.secret:
        SecretTally.objects.filter(
            ballot=ballot,
            choice=choice,
            capped=voter.capped,
            sovventore=rules.is_sovventore(voter.category),
        ).update(votes=F("votes") + voter.weight, papers=F("papers") + 1)
    after: dict[str, Any] = {
        "ballot": ballot.pk,
        "voter": voter.pk,
        "cast_by": cast_by.pk,
        "proxy": proxy.pk if proxy else None,
        "channel": channel,
    }
    if not ballot.secret:
        after["choice"] = choice
    log_action(
        actor=actor,
        organization=meeting.organization,
        action="governance.ballot.vote",
        obj=participation,
        after=after,
    )
    return participation


def _numbers(values: Iterable[int | str]) -> set[int]:
    found = set()
    for value in values:
        text = str(value).strip()
        if text:
            if not text.isdigit():
                raise ValidationError(_("«%(v)s» non è un numero del libro soci.") % {"v": text})
            found.add(int(text))
    return found


@transaction.atomic
def ballot_record_show_of_hands(
    *,
    actor: User | None,
    ballot: Ballot,
    against: Iterable[int | str],
    abstain: Iterable[int | str],
    now: dt.datetime | None = None,
) -> int:
    """An open vote by show of hands: the chair lists who is against and who abstains (by
    register number); everyone else present or represented is recorded in favour."""
    now = now or timezone.now()
    ballot = _locked_open_ballot(ballot, now)
    meeting = ballot.item.meeting
    require_status(meeting, MeetingStatus.IN_SESSION)
    if ballot.secret or ballot.item.kind == ItemKind.ELECTION:
        raise ValidationError(
            _("L'alzata di mano vale solo per le votazioni palesi su una proposta.")
        )
    against_numbers, abstain_numbers = _numbers(against), _numbers(abstain)
    if against_numbers & abstain_numbers:
        raise ValidationError(_("Un socio non può essere sia contrario sia astenuto."))
    presence = selectors.Presence.of(meeting)
    present = presence.present_ids
    counted = present | presence.represented_ids
    voted = set(
        BallotParticipation.objects.filter(ballot=ballot).values_list("voter_id", flat=True)
    )
    rows = Participant.objects.filter(pk__in=counted, can_vote=True).values_list(
        "pk", "register_number", "weight", "capped"
    )
    by_number = {row[1]: row for row in rows}
    unknown = sorted((against_numbers | abstain_numbers) - set(by_number))
    if unknown:
        raise ValidationError(
            _("Non presenti o senza diritto di voto: %(numbers)s.")
            % {"numbers": ", ".join(str(n) for n in unknown)}
        )
    proxies = dict(
        Proxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True).values_list(
            "grantor_id", "pk"
        )
    )
    new = []
    for pk, number, weight, capped in by_number.values():
        if pk in voted:
            continue
        choice = AGAINST if number in against_numbers else FAVOUR
        choice = ABSTAIN if number in abstain_numbers else choice
        represented = pk not in present
        new.append(
            BallotParticipation(
                organization_id=ballot.organization_id,
                ballot=ballot,
                voter_id=pk,
                cast_by_id=presence.proxies[pk] if represented else pk,
                proxy_id=proxies[pk] if represented else None,
                channel=VoteChannel.IN_ROOM,
                choice=choice,
                weight=weight,
                capped=capped,
                voted_at=now,
            )
        )
    try:
        with transaction.atomic():
            BallotParticipation.objects.bulk_create(new, batch_size=500)
    except IntegrityError:
        raise ValidationError(_("Qualcuno ha votato nel frattempo: ripeti l'operazione.")) from None
    log_action(
        actor=actor,
        organization=meeting.organization,
        action="governance.ballot.show_of_hands",
        obj=ballot,
        after={
            "recorded": len(new),
            "against": sorted(against_numbers),
            "abstain": sorted(abstain_numbers),
        },
    )
    return len(new)
