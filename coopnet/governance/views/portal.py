"""The member's side: their meetings, documents and minutes, online attendance, their proxy
and the vote (for themselves and for the members who delegated them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, get_or_404, stored_file
from coopnet.members import selectors as member_selectors

from .. import selectors, services
from ..forms import MemberConfirmForm, MemberProxyForm, MemberVoteForm
from ..models import Attendance, Ballot, MeetingStatus, Participant, Proxy, VoteChannel
from .common import acted, back

PORTAL = "members.portal"
VOTE = "governance.ballot:vote"


def _mine(access: OrgAccess, request: HttpRequest, pk: int) -> Participant:
    """The user's line on meeting ``pk``'s roll (404 when they are not on it)."""
    return get_or_404(selectors.member_participant, access.organization, current_user(request), pk)


@org_view(PORTAL)
def mine(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The member's meetings: upcoming ones with agenda and documents, past ones' minutes."""
    rows = list(selectors.member_participants(access.organization, current_user(request)))
    context = {
        "person": member_selectors.portal_person(access.organization, current_user(request)),
        "upcoming": [p for p in rows if p.meeting.status != MeetingStatus.CLOSED],
        "past": [p for p in rows if p.meeting.status == MeetingStatus.CLOSED],
    }
    return render(request, "governance/mine.html", context)


def _may_cast(ballot: Ballot, me: Participant) -> bool:
    """Members vote in a remote window, or during the session once checked in."""
    return ballot.remote or (me.meeting.status == MeetingStatus.IN_SESSION and me.is_present)


@dataclass(frozen=True)
class Slot:
    """One vote the member can cast on one ballot: their own or a represented member's."""

    voter: Participant
    voted: bool
    form: MemberVoteForm | None


def _slots(
    ballot: Ballot,
    me: Participant,
    *,
    delegated_to: Proxy | None,
    represented: list[Proxy],
    voted: set[tuple[int, int]],
    can_vote: bool,
) -> list[Slot]:
    may_cast = _may_cast(ballot, me)
    own = [me] if me.can_vote and delegated_to is None else []
    voters = own + [p.grantor for p in represented]
    slots = []
    for voter in voters:
        done = (ballot.pk, voter.pk) in voted
        form = None
        if can_vote and may_cast and not done:
            form = MemberVoteForm(
                choices=ballot.choices,
                initial={"voter": voter.pk},
                prefix=f"b{ballot.pk}v{voter.pk}",
            )
        slots.append(Slot(voter, done, form))
    return slots


@org_view(PORTAL)
def mine_meeting(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _render_mine(request, access, _mine(access, request, pk))


def _render_mine(
    request: HttpRequest,
    access: OrgAccess,
    me: Participant,
    proxy_form: MemberProxyForm | None = None,
) -> HttpResponse:
    services.close_due_ballots(organization=access.organization)
    meeting = me.meeting
    items = selectors.agenda(meeting)
    represented = selectors.represented_by(me)
    delegated_to = selectors.proxy_given(me)
    voted = selectors.voted_ballot_ids(meeting, [me.pk, *(p.grantor_id for p in represented)])
    can_vote = access.can(VOTE)
    rows: list[dict[str, Any]] = []
    for point in items:
        ballot: Ballot | None = getattr(point, "ballot", None)
        state = selectors.ballot_state(ballot)
        rows.append(
            {
                "item": point,
                "ballot": ballot,
                "state": state,
                "may_cast": ballot is not None and _may_cast(ballot, me),
                "slots": _slots(
                    ballot,
                    me,
                    delegated_to=delegated_to,
                    represented=represented,
                    voted=voted,
                    can_vote=can_vote,
                )
                if ballot is not None and state == "open"
                else [],
            }
        )
    may_delegate = (
        can_vote
        and meeting.is_assembly
        and meeting.status in {MeetingStatus.CONVENED, MeetingStatus.IN_SESSION}
        and me.can_vote
        and me.attendance == Attendance.ABSENT
        and delegated_to is None
        and not represented
    )
    context = {
        "me": me,
        "meeting": meeting,
        "rows": rows,
        "represented": represented,
        "delegated_to": delegated_to,
        "delegation_used": delegated_to is not None and delegated_to.votes.exists(),
        "proxy_form": proxy_form or (MemberProxyForm() if may_delegate else None),
        "proxy_cap": services.proxy_cap(meeting),
        "may_confirm": meeting.status == MeetingStatus.CONVENED and delegated_to is None,
        "remote_allowed": selectors.statute_governance(access.organization).remote_voting_allowed,
    }
    return render(request, "governance/mine_meeting.html", context)


@org_view(PORTAL)
@require_POST
def mine_confirm(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The member announces how they will attend (the chair plans with it)."""
    me = _mine(access, request, pk)
    form = MemberConfirmForm(request.POST)

    def write() -> Participant:
        if not form.is_valid():
            raise ValidationError(_("Scegli presenza in sala oppure online."))
        return services.participant_confirm(
            actor=current_user(request), participant=me, mode=form.cleaned_data["mode"]
        )

    acted(
        request,
        write,
        lambda confirmed: (
            _("Grazie: hai confermato che parteciperai (%(mode)s).")
            % {"mode": confirmed.get_confirmed_display().lower()}
        ),
    )
    return back(access, "mine_meeting", pk=pk)


@org_view(PORTAL)
@require_POST
def mine_proxy(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The member delegates another member to attend and vote for them (R-CC-2539)."""
    me = _mine(access, request, pk)
    if not access.can(VOTE):
        raise Http404
    form = MemberProxyForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["delegate"]
        delegate = selectors.participant_by_number(me.meeting, number)
        if delegate is None or not delegate.on_roll:
            form.add_error(
                "delegate",
                _("Nessun socio con il numero %(n)s nell'elenco di questa assemblea.")
                % {"n": number},
            )
        elif acted(
            request,
            lambda: services.proxy_grant(
                actor=current_user(request), grantor=me, delegate=delegate
            ),
            _("Delega registrata: %(name)s parteciperà e voterà per te.") % {"name": delegate.name},
            form,
        ):
            return back(access, "mine_meeting", pk=pk)
    return _render_mine(request, access, me, proxy_form=form)


@org_view(PORTAL)
@require_POST
def mine_proxy_withdraw(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The member takes their proxy back, unless the delegate already voted with it."""
    me = _mine(access, request, pk)
    proxy = selectors.proxy_given(me)
    if proxy is None or not access.can(VOTE):
        raise Http404
    acted(
        request,
        lambda: services.proxy_withdraw(actor=current_user(request), proxy=proxy),
        _("Delega ritirata: puoi partecipare e votare tu."),
    )
    return back(access, "mine_meeting", pk=pk)


@org_view(PORTAL)
@require_POST
def mine_checkin(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The member joins online (when the statute allows remote attendance)."""
    me = _mine(access, request, pk)
    acted(
        request,
        lambda: services.participant_check_in(
            actor=current_user(request), participant=me, mode=Attendance.ONLINE
        ),
        _("Sei collegato: la tua presenza è registrata."),
    )
    return back(access, "mine_meeting", pk=pk)


@org_view(PORTAL)
@require_POST
def mine_vote(request: HttpRequest, access: OrgAccess, pk: int, ballot_pk: int) -> HttpResponse:
    me = _mine(access, request, pk)
    if not access.can(VOTE):
        raise Http404
    ballot = get_or_404(selectors.ballot_in, me.meeting, ballot_pk)
    voter_pk = request.POST.get("voter_pk", "")
    prefix = f"b{ballot.pk}v{voter_pk}"
    form = MemberVoteForm(request.POST, choices=ballot.choices, prefix=prefix)
    voter = selectors.participant_in(me.meeting, int(voter_pk) if voter_pk.isdigit() else 0)
    if voter is None or not form.is_valid() or form.cleaned_data["voter"] != voter.pk:
        messages.error(request, _("Scegli un'opzione prima di votare."))
        return back(access, "mine_meeting", pk=pk)
    channel = VoteChannel.IN_ROOM if me.attendance == Attendance.IN_PERSON else VoteChannel.ONLINE
    acted(
        request,
        lambda: services.ballot_vote(
            actor=current_user(request),
            ballot=ballot,
            voter=voter,
            cast_by=me,
            choice=form.cleaned_data["choice"],
            channel=channel,
        ),
        _("Voto registrato su «%(item)s» per %(name)s.")
        % {"item": ballot.item.title, "name": voter.name},
    )
    return back(access, "mine_meeting", pk=pk)


@org_view(PORTAL)
def mine_document(request: HttpRequest, access: OrgAccess, pk: int, doc_pk: int) -> HttpResponse:
    me = _mine(access, request, pk)
    return stored_file(get_or_404(selectors.document, me.meeting, doc_pk).file, as_attachment=True)


@org_view(PORTAL)
def mine_minutes(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    me = _mine(access, request, pk)
    if me.meeting.status != MeetingStatus.CLOSED:
        raise Http404
    return stored_file(me.meeting.minutes_file, as_attachment=True)
