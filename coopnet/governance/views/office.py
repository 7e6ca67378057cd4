"""Office pages of the governance app: the register of meetings, the statute's voting rules,
preparing a meeting (agenda, documents), convening it and the log of the notices."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_year
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response
from coopnet.core.jobs import job_check_lease
from coopnet.core.models import Job
from coopnet.core.web import apply_errors, current_user, get_or_404, retry_job, saved, stored_file

from .. import selectors, services, tasks
from ..forms import ConveneForm, DocumentForm, ItemForm, MeetingForm, MinutesTextForm, StatuteForm
from ..models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from .common import (
    PAGE_SIZE,
    READ,
    WRITE,
    acted,
    back,
    base_url,
    meeting_or_404,
    posted,
)

# --- the register of meetings --------------------------------------------------------------


@org_view(READ)
def register(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The register of meetings (libro delle adunanze), newest first."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in MeetingKind.values else ""
    year = query_year(request, "year", default=None)
    rows = selectors.meetings(access.organization, kind=kind, year=year)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": MeetingKind.choices,
        "kind": kind,
        "years": selectors.meeting_years(access.organization),
        "year": year,
        "can_write": access.can(WRITE),
    }
    return render(request, "governance/register.html", context)


@org_view(READ)
def export_csv(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The register as CSV: results only of closed ballots (never while a vote is open)."""
    header = [
        _("Numero"),
        _("Tipo"),
        _("Titolo"),
        _("Prima convocazione"),
        _("Stato"),
        _("Punto"),
        _("Esito"),
        _("Impronta del verbale"),
    ]
    year = query_year(request, "year", default=None)
    meetings = selectors.meetings(access.organization, year=year).prefetch_related(
        "items__ballot__result"
    )
    return csv_response("registro-riunioni", header, _register_rows(meetings))


def _register_rows(meetings: Iterable[Meeting]) -> Iterator[list[Any]]:
    for meeting in meetings:
        head = [
            meeting.number,
            meeting.get_kind_display(),
            meeting.title,
            meeting.first_call_at,
            meeting.get_status_display(),
        ]
        items: list[AgendaItem | None] = [*meeting.items.all()] or [None]
        for item in items:
            yield [*head, str(item or ""), _outcome(item), meeting.minutes_sha256]


def _outcome(item: AgendaItem | None) -> str:
    ballot = getattr(item, "ballot", None) if item is not None else None
    result = getattr(ballot, "result", None) if ballot is not None else None
    if result is None:
        return ""
    return _("approvata") if result.approved else _("non approvata")


# --- the statute's voting rules ------------------------------------------------------------


@org_view(WRITE)
def statute(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Quorums, majorities, plural votes, proxies and notice (R-CC-2366/2368/2369/2538/2539)."""
    current = selectors.statute_governance(access.organization)
    form = StatuteForm(posted(request), instance=current)
    if request.method == "POST" and form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.statute_governance_update(
                actor=current_user(request),
                organization=access.organization,
                data=form.cleaned_data,
            ),
            _("Regole di voto salvate."),
        )
        if done is not None:
            return back(access, "statute")
    defaults = selectors.default_statute(access.organization, timezone.localdate())
    context = {
        "form": form,
        "statute": current,
        "defaults": defaults,
        "saved": not current._state.adding,
    }
    return render(request, "governance/statute.html", context)


# --- preparing a meeting -------------------------------------------------------------------


def _meeting_initial(meeting: Meeting) -> dict[str, Any]:
    numbers = meeting.participants.values_list("register_number", flat=True)
    return {
        "kind": meeting.kind,
        "title": meeting.title,
        "first_call_at": timezone.localtime(meeting.first_call_at),
        "second_call_at": (
            timezone.localtime(meeting.second_call_at) if meeting.second_call_at else None
        ),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "board_members": ", ".join(str(n) for n in numbers) if not meeting.is_assembly else "",
    }


@org_view(WRITE)
def meeting_new(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _meeting_form(request, access, None)


@org_view(WRITE)
def meeting_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _meeting_form(request, access, meeting_or_404(access, pk))


def _meeting_form(request: HttpRequest, access: OrgAccess, meeting: Meeting | None) -> HttpResponse:
    """A new meeting, or the call of one not yet convened (its kind stays)."""
    initial = _meeting_initial(meeting) if meeting is not None else None
    form = MeetingForm(posted(request), organization=access.organization, initial=initial)
    if meeting is not None:
        form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> Meeting:
            if meeting is None:
                return services.meeting_create(
                    actor=current_user(request),
                    organization=access.organization,
                    data=data,
                    board_members=data["board_members"],
                )
            return services.meeting_update(
                actor=current_user(request),
                meeting=meeting,
                data=data,
                board_members=data["board_members"] if not meeting.is_assembly else None,
            )

        message = (
            _("Riunione creata: ora prepara l'ordine del giorno.")
            if meeting is None
            else _("Riunione aggiornata.")
        )
        done = saved(request, form, write, message)
        if done is not None:
            return back(access, "detail", pk=done.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


def _item_form(access: OrgAccess, data: Any = None, **kwargs: Any) -> ItemForm:
    return ItemForm(data, memberships=selectors.pending_admissions(access.organization), **kwargs)


def _render_detail(
    request: HttpRequest,
    access: OrgAccess,
    meeting: Meeting,
    *,
    item_form: ItemForm | None = None,
    convene_form: ConveneForm | None = None,
) -> HttpResponse:
    services.close_due_ballots(organization=access.organization)
    statute_rules = selectors.statute_governance(access.organization)
    deadline = selectors.notice_deadline(meeting, statute_rules) if meeting.is_assembly else None
    context = {
        "meeting": meeting,
        "items": selectors.agenda(meeting),
        "item_form": item_form or _item_form(access),
        "convene_form": convene_form or ConveneForm(),
        "deadline": deadline,
        "late_today": (
            services.late_notice_message(meeting, statute_rules, timezone.localdate())
            if meeting.is_assembly and meeting.status == MeetingStatus.DRAFT
            else ""
        ),
        "statute": statute_rules,
        "second_call_warning": selectors.second_call_warning(meeting),
        "deliveries": selectors.delivery_counts(meeting),
        "roll_size": selectors.roll_size(meeting),
        "can_write": access.can(WRITE),
        "can_chair": access.can("governance.chair"),
        "minutes_job": _minutes_job(meeting),
    }
    return render(request, "governance/meeting_detail.html", context)


def _minutes_job(meeting: Meeting) -> Job | None:
    """While a closed meeting has no minutes yet: the job archiving them (a dead one failed)."""
    if meeting.status != MeetingStatus.CLOSED or meeting.minutes_file:
        return None
    job = selectors.minutes_job(meeting)
    return job_check_lease(job=job) if job is not None else None


@require_POST
@org_view(WRITE)
def minutes_retry(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Archive again the minutes whose preparation was interrupted."""
    job = selectors.minutes_job(meeting_or_404(access, pk))
    if job is None:
        raise Http404
    retry_job(request, job, tasks.archive_minutes)
    return back(access, "detail", pk=pk)


@org_view(READ)
def detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A meeting: its call, agenda and documents; the office adds points and convenes it."""
    meeting = meeting_or_404(access, pk)
    if request.method != "POST":
        return _render_detail(request, access, meeting)
    if not access.can(WRITE):
        raise Http404
    form = _item_form(access, request.POST)
    if form.is_valid():
        done = saved(
            request,
            form,
            lambda: services.item_add(
                actor=current_user(request), meeting=meeting, data=form.cleaned_data
            ),
            _("Punto aggiunto all'ordine del giorno."),
        )
        if done is not None:
            return back(access, "detail", pk=meeting.pk)
    return _render_detail(request, access, meeting, item_form=form)


@org_view(WRITE)
@require_POST
def convene(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Convene after one confirmation that says who gets the notice and by which channel."""
    meeting = meeting_or_404(access, pk)
    form = ConveneForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, access, meeting, convene_form=form)
    data = form.cleaned_data
    try:
        if not data["confirmed"]:
            late = services.convene_check(
                meeting=meeting,
                notice_given_on=data["notice_given_on"],
                accept_late=data["accept_late"],
            )
            context = {
                "meeting": meeting,
                "form": form,
                "late": late,
                "audience": selectors.notice_audience(meeting),
            }
            return render(request, "governance/convene_confirm.html", context)
    except ValidationError as error:
        apply_errors(form, error)
        return _render_detail(request, access, meeting, convene_form=form)
    done = saved(
        request,
        form,
        lambda: services.meeting_convene(
            actor=current_user(request),
            meeting=meeting,
            notice_given_on=data["notice_given_on"],
            accept_late=data["accept_late"],
            base_url=base_url(request),
        ),
        _("Riunione convocata: l'avviso parte ora a tutti i soci."),
    )
    if done is None:
        return _render_detail(request, access, meeting, convene_form=form)
    return back(access, "detail", pk=meeting.pk)


@org_view(READ)
def notices(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """What was sent to whom and when (R-CC-2366)."""
    meeting = meeting_or_404(access, pk)
    rows = selectors.deliveries(meeting)
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    statute_rules = selectors.statute_governance(access.organization)
    context = {
        "meeting": meeting,
        "page": page,
        "counts": selectors.delivery_counts(meeting),
        "deadline": (
            selectors.notice_deadline(meeting, statute_rules) if meeting.is_assembly else None
        ),
        "can_write": access.can(WRITE),
    }
    return render(request, "governance/notices.html", context)


@org_view(WRITE)
@require_POST
def notices_resend(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    acted(
        request,
        lambda: services.notices_resend(
            actor=current_user(request), meeting=meeting, base_url=base_url(request)
        ),
        _("Invio ripreso: chi ha già ricevuto l'avviso non lo riceve due volte."),
    )
    return back(access, "notices", pk=meeting.pk)


# --- one agenda item and its documents -----------------------------------------------------


@org_view(READ)
def item(request: HttpRequest, access: OrgAccess, pk: int, item_pk: int) -> HttpResponse:
    """A point: its motion (before the notice), its minutes text (until closing), documents."""
    meeting = meeting_or_404(access, pk)
    point = get_or_404(selectors.agenda_item, meeting, item_pk)
    can_write = access.can(WRITE)
    data = posted(request) if can_write else None
    if request.method == "POST" and not can_write:
        raise Http404
    action = request.POST.get("action", "") if data is not None else ""
    item_form = _item_form(access, data if action == "item" else None, instance=point)
    text_form = MinutesTextForm(
        data if action == "text" else None, initial={"minutes_text": point.minutes_text}
    )
    document_form = DocumentForm(
        data if action == "document" else None, request.FILES if action == "document" else None
    )
    form: Any = {"item": item_form, "text": text_form, "document": document_form}.get(action)
    if form is not None and form.is_valid():

        def write() -> Any:
            if action == "document":
                return services.document_attach(
                    actor=current_user(request),
                    item=point,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                )
            return services.item_update(
                actor=current_user(request), item=point, data=form.cleaned_data
            )

        if saved(request, form, write, _("Salvato.")) is not None:
            return back(access, "item", pk=meeting.pk, item_pk=point.pk)
    context = {
        "meeting": meeting,
        "item": point,
        "item_form": item_form,
        "text_form": text_form,
        "document_form": document_form,
        "can_write": can_write,
    }
    return render(request, "governance/item.html", context)


@org_view(WRITE)
@require_POST
def item_action(
    request: HttpRequest, access: OrgAccess, pk: int, item_pk: int, name: str
) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    point = get_or_404(selectors.agenda_item, meeting, item_pk)
    actor = current_user(request)
    if name in {"up", "down"}:
        acted(request, lambda: services.item_move(actor=actor, item=point, up=name == "up"), "")
    elif name == "delete":
        acted(request, lambda: services.item_delete(actor=actor, item=point), "")
    else:
        raise Http404
    return back(access, "detail", pk=meeting.pk)


@org_view(READ)
def document_file(request: HttpRequest, access: OrgAccess, pk: int, doc_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    return stored_file(get_or_404(selectors.document, meeting, doc_pk).file, as_attachment=True)


@org_view(WRITE)
@require_POST
def document_delete(request: HttpRequest, access: OrgAccess, pk: int, doc_pk: int) -> HttpResponse:
    meeting = meeting_or_404(access, pk)
    document = get_or_404(selectors.document, meeting, doc_pk)
    acted(
        request,
        lambda: services.document_delete(actor=current_user(request), document=document),
        _("Documento eliminato."),
    )
    return back(access, "item", pk=meeting.pk, item_pk=document.item_id)


@org_view(READ)
def minutes_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The archived minutes (PDF) of a closed meeting."""
    return stored_file(meeting_or_404(access, pk).minutes_file, as_attachment=True)
