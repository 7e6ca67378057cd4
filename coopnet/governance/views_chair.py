"""The chair's pages: opening the session, attendance and proxies with the live quorum, the
votes on each point and closing the meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response

from . import selectors, services
from .forms import (
    BallotOpenForm,
    ChairVoteForm,
    CheckInForm,
    HandsForm,
    MinutesForm,
    OpenForm,
    ProxyForm,
    add_service_errors,
)
from .models import Attendance, Call, Meeting, MeetingStatus, Participant
from .views import PAGE_SIZE, item_or_404, meeting_or_404, user_of

CHAIR = "governance.chair"
PRESENCE_FILTERS = [
    ("", gettext_lazy("Tutti")),
    ("present", gettext_lazy("Presenti")),
    ("absent", gettext_lazy("Assenti")),
    ("no_vote", gettext_lazy("Senza diritto di voto")),
    ("proxies", gettext_lazy("Con delega")),
]


def _back(access: OrgAccess, meeting: Meeting) -> HttpResponse:
    return redirect("governance:chair", org_slug=access.organization.slug, pk=meeting.pk)


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
    rows = selectors.roll_page_rows(selectors.participants(meeting, q=q, presence=presence))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "meeting": meeting,
        "panel": selectors.quorum_panel(meeting),
        "page": page,
        "q": q,
        "presence": presence,
        "presence_filters": PRESENCE_FILTERS,
        "items": selectors.agenda(meeting),
        "open_form": forms.get("open_form")
        or OpenForm(
            initial={
                "call": Call.FIRST,
                "chair_name": meeting.chair_name,
                "secretary_name": meeting.secretary_name,
            }
        ),
        "checkin_form": forms.get("checkin_form")
        or CheckInForm(initial={"mode": Attendance.IN_PERSON}),
        "proxy_form": forms.get("proxy_form") or ProxyForm(),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(
            initial={
                "chair_name": meeting.chair_name,
                "secretary_name": meeting.secretary_name,
                "minutes_intro": meeting.minutes_intro,
            }
        ),
        "attending": meeting.status in {MeetingStatus.CONVENED, MeetingStatus.IN_SESSION},
    }
    return render(request, "governance/chair.html", context)


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


@org_view(CHAIR)
@require_POST
def open_session(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_open(actor=user_of(request), meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            panel = selectors.quorum_panel(meeting_or_404(access, pk))
            if panel.reached:
                messages.success(request, _("Seduta aperta: il quorum costitutivo è raggiunto."))
            else:
                messages.warning(
                    request,
                    _(
                        "Seduta aperta, ma il quorum costitutivo non è raggiunto: le delibere non "
                        "saranno valide finché non lo è (R-CC-2368/2369)."
                    ),
                )
            return _back(access, meeting)
    return _render_chair(request, access, meeting, open_form=form)


@org_view(CHAIR)
@require_POST
def check_in(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            participant = _participant(meeting, form.cleaned_data["number"], "number")
            services.participant_check_in(
                actor=user_of(request), participant=participant, mode=form.cleaned_data["mode"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            note = "" if participant.can_vote else " " + _("(senza diritto di voto, R-CC-2538)")
            messages.success(
                request, _("Presenza registrata: %(name)s.") % {"name": participant.name} + note
            )
            return _back(access, meeting)
    return _render_chair(request, access, meeting, checkin_form=form)


@org_view(CHAIR)
@require_POST
def check_out(
    request: HttpRequest, access: OrgAccess, pk: int, participant_pk: int
) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    participant = selectors.participant_in(meeting, participant_pk)
    if participant is None:
        raise Http404
    try:
        services.participant_check_out(actor=user_of(request), participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Uscita registrata: %(name)s.") % {"name": participant.name})
    return _back(access, meeting)


@org_view(CHAIR)
@require_POST
def proxy_grant(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    form = ProxyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            proxy = services.proxy_grant(
                actor=user_of(request),
                grantor=_participant(meeting, form.cleaned_data["grantor"], "grantor"),
                delegate=_participant(meeting, form.cleaned_data["delegate"], "delegate"),
                document=form.cleaned_data.get("file"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Delega registrata: %(grantor)s è rappresentato da %(delegate)s.")
                % {"grantor": proxy.grantor.name, "delegate": proxy.delegate.name},
            )
            return _back(access, meeting)
    return _render_chair(request, access, meeting, proxy_form=form)


@org_view(CHAIR)
@require_POST
def proxy_withdraw(request: HttpRequest, access: OrgAccess, pk: int, proxy_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    proxy = selectors.proxy_in(meeting, proxy_pk)
    if proxy is None:
        raise Http404
    try:
        services.proxy_withdraw(actor=user_of(request), proxy=proxy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Delega ritirata."))
    return _back(access, meeting)


@org_view(CHAIR)
@require_POST
def minutes_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_update(actor=user_of(request), meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dati del verbale salvati."))
            return _back(access, meeting)
    return _render_chair(request, access, meeting, minutes_form=form)


@org_view(CHAIR)
@require_POST
def meeting_close(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    try:
        services.meeting_close(actor=user_of(request), meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(access, meeting)
    messages.success(request, _("Riunione chiusa: il verbale è generato e archiviato."))
    return redirect("governance:detail", org_slug=access.organization.slug, pk=meeting.pk)


# --- the vote on one point -----------------------------------------------------------------


def _render_ballot(
    request: HttpRequest, access: OrgAccess, meeting: Meeting, item_pk: int, **forms: Any
) -> HttpResponse:
    services.close_due_ballots(organization=access.organization)
    point = item_or_404(meeting, item_pk)
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


def _back_to_ballot(access: OrgAccess, meeting: Meeting, item_pk: int) -> HttpResponse:
    return redirect(
        "governance:ballot", org_slug=access.organization.slug, pk=meeting.pk, item_pk=item_pk
    )


@org_view(CHAIR)
def ballot(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    return _render_ballot(request, access, meeting_or_404(access, pk), item_pk)


@org_view(CHAIR)
@require_POST
def ballot_open(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    point = item_or_404(meeting, item_pk)
    form = BallotOpenForm(request.POST)
    if form.is_valid():
        try:
            services.ballot_open(actor=user_of(request), item=point, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votazione aperta."))
            return _back_to_ballot(access, meeting, item_pk)
    return _render_ballot(request, access, meeting, item_pk, open_form=form)


@org_view(CHAIR)
@require_POST
def ballot_vote(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    """The chair records one member's vote (in the room, or a postal vote received)."""
    meeting = meeting_or_404(access, pk)
    point = item_or_404(meeting, item_pk)
    current = getattr(point, "ballot", None)
    if current is None:
        raise Http404
    form = ChairVoteForm(request.POST, choices=current.choices)
    if form.is_valid():
        try:
            voter = _participant(meeting, form.cleaned_data["number"], "number")
            proxy = selectors.proxy_given(voter)
            services.ballot_vote(
                actor=user_of(request),
                ballot=current,
                voter=voter,
                cast_by=proxy.delegate if proxy else voter,
                choice=form.cleaned_data["choice"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Voto registrato: %(name)s.") % {"name": voter.name})
            return _back_to_ballot(access, meeting, item_pk)
    return _render_ballot(request, access, meeting, item_pk, vote_form=form)


@org_view(CHAIR)
@require_POST
def ballot_hands(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    point = item_or_404(meeting, item_pk)
    current = getattr(point, "ballot", None)
    if current is None:
        raise Http404
    form = HandsForm(request.POST)
    if form.is_valid():
        try:
            recorded = services.ballot_record_show_of_hands(
                actor=user_of(request),
                ballot=current,
                against=form.cleaned_data["against"],
                abstain=form.cleaned_data["abstain"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Voti registrati: %(n)s.") % {"n": recorded})
            return _back_to_ballot(access, meeting, item_pk)
    return _render_ballot(request, access, meeting, item_pk, hands_form=form)


@org_view(CHAIR)
@require_POST
def ballot_close(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    point = item_or_404(meeting, item_pk)
    current = getattr(point, "ballot", None)
    if current is None:
        raise Http404
    try:
        result = services.ballot_close(actor=user_of(request), ballot=current)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        outcome = _("approvata") if result.approved else _("non approvata")
        messages.success(request, _("Votazione chiusa: %(outcome)s.") % {"outcome": outcome})
    return _back_to_ballot(access, meeting, item_pk)


@org_view(CHAIR)
def ballot_voters_csv(
    request: HttpRequest, access: OrgAccess, pk: int, item_pk: int
) -> HttpResponse:
    """Who could vote and who voted (the census): choices only of a closed open ballot."""
    meeting = meeting_or_404(access, pk)
    point = item_or_404(meeting, item_pk)
    current = getattr(point, "ballot", None)
    if current is None:
        raise Http404
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
        f"votanti-{meeting.number}-{point.position}",
        [*header, _("Voto")] if show_choice else header,
        rows,
    )
