"""The chair's pages: opening the session, attendance and proxies with the live quorum, the
votes on each point and closing the meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response
from coopnet.core.models import User
from coopnet.core.web import current_user, get_or_404

from .. import selectors, services
from ..forms import (
    BallotOpenForm,
    ChairVoteForm,
    CheckInForm,
    HandsForm,
    MinutesForm,
    OpenForm,
    ProxyForm,
)
from ..models import Attendance, BallotResult, Call, Meeting, MeetingStatus, Participant
from .common import CHAIR, PAGE_SIZE, acted, back, meeting_or_404

T = TypeVar("T")

PRESENCE_FILTERS = [
    ("", gettext_lazy("Tutti")),
    ("present", gettext_lazy("Presenti")),
    ("absent", gettext_lazy("Assenti")),
    ("no_vote", gettext_lazy("Senza diritto di voto")),
    ("proxies", gettext_lazy("Con delega")),
]


def _participant(meeting: Meeting, number: int, field: str) -> Participant:
    found = selectors.participant_by_number(meeting, number)
    if found is None:
        raise ValidationError(
            {
                field: _("Nessun socio con numero %(n)s nell'elenco di questa riunione.")
                % {"n": number}
            }
        )
    return found


def _render_chair(
    request: HttpRequest, access: OrgAccess, meeting: Meeting, **forms: Any
) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    presence = request.GET.get("presence", "")
    rows = selectors.roll_page_rows(
        meeting, selectors.participants(meeting, q=q, presence=presence)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = {"chair_name": meeting.chair_name, "secretary_name": meeting.secretary_name}
    context = {
        "meeting": meeting,
        "panel": selectors.quorum_panel(meeting),
        "page": page,
        "q": q,
        "presence": presence,
        "presence_filters": PRESENCE_FILTERS,
        "items": selectors.agenda(meeting),
        "open_form": forms.get("open_form") or OpenForm(initial={"call": Call.FIRST, **names}),
        "checkin_form": forms.get("checkin_form")
        or CheckInForm(initial={"mode": Attendance.IN_PERSON}),
        "proxy_form": forms.get("proxy_form") or ProxyForm(),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(initial={**names, "minutes_intro": meeting.minutes_intro}),
        "attending": meeting.status in {MeetingStatus.CONVENED, MeetingStatus.IN_SESSION},
    }
    return render(request, "governance/chair.html", context)


_FORM_NAMES: dict[type[BaseForm], str] = {
    OpenForm: "open_form",
    CheckInForm: "checkin_form",
    ProxyForm: "proxy_form",
    MinutesForm: "minutes_form",
}


def _chair_form(
    request: HttpRequest,
    access: OrgAccess,
    pk: int,
    form_class: type[BaseForm],
    write: Callable[[Meeting, dict[str, Any]], Any],
    message: Callable[[Any], str],
) -> HttpResponse:
    """A form of the chair's screen: the service's result says the message; back to the screen,
    or the screen again with the form and its errors."""
    meeting = meeting_or_404(access, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid() and acted(request, lambda: write(meeting, form.cleaned_data), message, form):
        return back(access, "chair", pk=meeting.pk)
    return _render_chair(request, access, meeting, **{_FORM_NAMES[form_class]: form})


def _chair_button(
    request: HttpRequest,
    access: OrgAccess,
    pk: int,
    find: Callable[[Meeting], T],
    write: Callable[[User, T], Any],
    message: str | Callable[[Any], str],
) -> HttpResponse:
    """A button of the chair's screen on one row of the meeting (``find`` it, else 404): run
    the service on it, say ``message`` or its refusal, back to the screen."""
    meeting = meeting_or_404(access, pk)
    row = get_or_404(find, meeting)
    acted(request, lambda: write(current_user(request), row), message)
    return back(access, "chair", pk=meeting.pk)


@org_view(CHAIR)
def chair(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The chair's screen: the quorum (refreshed every 5 s), check-in, proxies, agenda."""
    meeting = meeting_or_404(access, pk)
    services.close_due_ballots(organization=access.organization)
    return _render_chair(request, access, meeting)


@org_view(CHAIR)
def quorum(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The quorum panel alone, for htmx polling."""
    meeting = meeting_or_404(access, pk)
    return render(
        request,
        "governance/_quorum.html",
        {"meeting": meeting, "panel": selectors.quorum_panel(meeting)},
    )


def _opened(meeting: Meeting) -> str:
    if selectors.quorum_panel(meeting).reached:
        return _("Seduta aperta: il quorum costitutivo è raggiunto.")
    return _(
        "Seduta aperta, ma il quorum costitutivo non è raggiunto: le delibere non "
        "saranno valide finché non lo è (R-CC-2368/2369)."
    )


@org_view(CHAIR)
@require_POST
def open_session(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _chair_form(
        request,
        access,
        pk,
        OpenForm,
        lambda meeting, data: services.meeting_open(
            actor=current_user(request), meeting=meeting, **data
        ),
        _opened,
    )


@org_view(CHAIR)
@require_POST
def check_in(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    def write(meeting: Meeting, data: dict[str, Any]) -> Participant:
        return services.participant_check_in(
            actor=current_user(request),
            participant=_participant(meeting, data["number"], "number"),
            mode=data["mode"],
        )

    def message(participant: Participant) -> str:
        note = "" if participant.can_vote else " " + _("(senza diritto di voto, R-CC-2538)")
        return _("Presenza registrata: %(name)s.") % {"name": participant.name} + note

    return _chair_form(request, access, pk, CheckInForm, write, message)


@org_view(CHAIR)
@require_POST
def check_out(
    request: HttpRequest, access: OrgAccess, pk: int, participant_pk: int
) -> HttpResponse:
    def find(meeting: Meeting) -> Participant:
        found = selectors.participant_in(meeting, participant_pk)
        if found is None:
            raise Http404
        return found

    return _chair_button(
        request,
        access,
        pk,
        find,
        lambda actor, row: services.participant_check_out(actor=actor, participant=row),
        lambda row: _("Uscita registrata: %(name)s.") % {"name": row.name},
    )


@org_view(CHAIR)
@require_POST
def proxy_grant(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _chair_form(
        request,
        access,
        pk,
        ProxyForm,
        lambda meeting, data: services.proxy_grant(
            actor=current_user(request),
            grantor=_participant(meeting, data["grantor"], "grantor"),
            delegate=_participant(meeting, data["delegate"], "delegate"),
            document=data.get("file"),
        ),
        lambda proxy: (
            _("Delega registrata: %(grantor)s è rappresentato da %(delegate)s.")
            % {"grantor": proxy.grantor.name, "delegate": proxy.delegate.name}
        ),
    )


@org_view(CHAIR)
@require_POST
def proxy_withdraw(request: HttpRequest, access: OrgAccess, pk: int, proxy_pk: int) -> HttpResponse:
    return _chair_button(
        request,
        access,
        pk,
        lambda meeting: selectors.proxy_in(meeting, proxy_pk),
        lambda actor, row: services.proxy_withdraw(actor=actor, proxy=row),
        _("Delega ritirata."),
    )


@org_view(CHAIR)
@require_POST
def minutes_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _chair_form(
        request,
        access,
        pk,
        MinutesForm,
        lambda meeting, data: services.minutes_update(
            actor=current_user(request), meeting=meeting, data=data
        ),
        lambda _meeting: _("Dati del verbale salvati."),
    )


@org_view(CHAIR)
@require_POST
def meeting_close(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    closed = acted(
        request,
        lambda: services.meeting_close(actor=current_user(request), meeting=meeting),
        _("Riunione chiusa: il verbale è generato e archiviato."),
    )
    return back(access, "detail" if closed else "chair", pk=meeting.pk)


# --- the vote on one point -----------------------------------------------------------------


def _render_ballot(
    request: HttpRequest, access: OrgAccess, meeting: Meeting, item_pk: int, **forms: Any
) -> HttpResponse:
    services.close_due_ballots(organization=access.organization)
    point = get_or_404(selectors.agenda_item, meeting, item_pk)
    ballot = getattr(point, "ballot", None)
    state = selectors.ballot_state(ballot)
    result = getattr(ballot, "result", None) if state == "closed" else None
    votes = None
    if result is not None:
        votes = Paginator(selectors.participations(ballot), PAGE_SIZE).get_page(  # type: ignore[arg-type]
            request.GET.get("page")
        )
    turnout = selectors.turnout(ballot) if ballot is not None else (0, 0)
    context = {
        "meeting": meeting,
        "item": point,
        "ballot": ballot,
        "state": state,
        "result": result,
        "rows": [(code, label, result.tallies.get(code, "0")) for code, label in ballot.choices]
        if result is not None and ballot is not None
        else [],
        "votes": votes,
        "turnout": turnout,
        "open_form": forms.get("open_form") or BallotOpenForm(),
        "vote_form": forms.get("vote_form")
        or (ChairVoteForm(choices=ballot.choices) if ballot is not None else None),
        "hands_form": forms.get("hands_form") or HandsForm(),
        "panel": selectors.quorum_panel(meeting),
    }
    return render(request, "governance/ballot.html", context)


def _ballot_form(
    request: HttpRequest,
    access: OrgAccess,
    meeting: Meeting,
    item_pk: int,
    name: str,
    form: BaseForm,
    write: Callable[[], Any],
    message: Callable[[Any], str],
) -> HttpResponse:
    """A form of the ballot page: back to it with ``message``, or the page with the errors."""
    if form.is_valid() and acted(request, write, message, form):
        return back(access, "ballot", pk=meeting.pk, item_pk=item_pk)
    return _render_ballot(request, access, meeting, item_pk, **{name: form})


@org_view(CHAIR)
def ballot(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    return _render_ballot(request, access, meeting_or_404(access, pk), item_pk)


@org_view(CHAIR)
@require_POST
def ballot_open(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    point = get_or_404(selectors.agenda_item, meeting, item_pk)
    form = BallotOpenForm(request.POST)
    return _ballot_form(
        request,
        access,
        meeting,
        item_pk,
        "open_form",
        form,
        lambda: services.ballot_open(actor=current_user(request), item=point, **form.cleaned_data),
        lambda _ballot: _("Votazione aperta."),
    )


@org_view(CHAIR)
@require_POST
def ballot_vote(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    """The chair records one member's vote (in the room, or a postal vote received)."""
    meeting = meeting_or_404(access, pk)
    current = get_or_404(selectors.item_ballot, meeting, item_pk)
    form = ChairVoteForm(request.POST, choices=current.choices)

    def write() -> Participant:
        voter = _participant(meeting, form.cleaned_data["number"], "number")
        proxy = selectors.proxy_given(voter)
        services.ballot_vote(
            actor=current_user(request),
            ballot=current,
            voter=voter,
            cast_by=proxy.delegate if proxy else voter,
            choice=form.cleaned_data["choice"],
            channel=form.cleaned_data["channel"],
        )
        return voter

    return _ballot_form(
        request,
        access,
        meeting,
        item_pk,
        "vote_form",
        form,
        write,
        lambda voter: _("Voto registrato: %(name)s.") % {"name": voter.name},
    )


@org_view(CHAIR)
@require_POST
def ballot_hands(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    current = get_or_404(selectors.item_ballot, meeting, item_pk)
    form = HandsForm(request.POST)
    return _ballot_form(
        request,
        access,
        meeting,
        item_pk,
        "hands_form",
        form,
        lambda: services.ballot_record_show_of_hands(
            actor=current_user(request),
            ballot=current,
            against=form.cleaned_data["against"],
            abstain=form.cleaned_data["abstain"],
        ),
        lambda recorded: _("Voti registrati: %(n)s.") % {"n": recorded},
    )


def _closed(result: BallotResult) -> str:
    outcome = _("approvata") if result.approved else _("non approvata")
    return _("Votazione chiusa: %(outcome)s.") % {"outcome": outcome}


@org_view(CHAIR)
@require_POST
def ballot_close(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    current = get_or_404(selectors.item_ballot, meeting, item_pk)
    acted(
        request,
        lambda: services.ballot_close(actor=current_user(request), ballot=current),
        _closed,
    )
    return back(access, "ballot", pk=meeting.pk, item_pk=item_pk)


@org_view(CHAIR)
def ballot_voters_csv(
    request: HttpRequest, access: OrgAccess, pk: int, item_pk: int
) -> HttpResponse:
    """Who could vote and who voted (the census): choices only of a closed open ballot."""
    meeting = meeting_or_404(access, pk)
    current = get_or_404(selectors.item_ballot, meeting, item_pk)
    show_choice = not current.secret and selectors.ballot_state(current) == "closed"
    voted = {p.voter_id: p for p in selectors.participations(current)}
    header = [_("Numero"), _("Socio"), _("Voti"), _("Ha votato"), _("Modalità"), _("Votato da")]
    rows = []
    for participant in selectors.participants(meeting).filter(can_vote=True):
        vote = voted.get(participant.pk)
        row = [
            participant.register_number,
            participant.name,
            participant.weight,
            _("sì") if vote else _("no"),
            vote.get_channel_display() if vote else "",
            vote.cast_by.name if vote and vote.cast_by_id != participant.pk else "",
        ]
        if show_choice:
            row.append(current.choice_label(vote.choice) if vote else "")
        rows.append(row)
    return csv_response(
        f"votanti-{meeting.number}-{current.item.position}",
        [*header, _("Voto")] if show_choice else header,
        rows,
    )
