"""The organizer's pages: its calls, a call with its questions, criteria, submissions and
reviewers' progress, assigning reviewers, the ranking, a submission and its decision,
publishing the call and fixing the release of the decisions (both asked once)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import AssignForm, CallForm, CriterionForm, DecisionForm, QuestionForm, ReleaseForm
from ..models import Call
from .common import MANAGE, file_response


def _to_call(access: OrgAccess) -> Callable[[Call], HttpResponse]:
    return lambda call: redirect("practices:call", access.organization.slug, call.pk)


@org_view(MANAGE)
def call_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.calls(access.organization)
    return render(request, "practices/call_list.html", {"calls": rows})


@org_view(MANAGE)
def call_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = CallForm(request.POST or None, instance=Call(organization=access.organization))
    return form_page(
        request,
        form,
        lambda: services.call_create(
            actor=current_user(request), organization=access.organization, data=form.cleaned_data
        ),
        _("Bando creato: aggiungi domande e criteri, poi pubblicalo."),
        _to_call(access),
        "practices/form.html",
        {"title": _("Nuovo bando")},
    )


@org_view(MANAGE)
def call_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(selectors.call, access.organization, pk)
    form = CallForm(request.POST or None, instance=call)
    return form_page(
        request,
        form,
        lambda: services.call_update(
            actor=current_user(request), call=call, data=form.cleaned_data
        ),
        _("Bando modificato."),
        _to_call(access),
        "practices/form.html",
        {"title": _("Modifica il bando")},
    )


@org_view(MANAGE)
def call_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(selectors.call, access.organization, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    question_form = QuestionForm(request.POST if action == "question" else None, prefix="q")
    criterion_form = CriterionForm(request.POST if action == "criterion" else None, prefix="c")
    user = current_user(request)
    if action == "question" and question_form.is_valid():
        data = question_form.cleaned_data
        write = lambda: services.question_add(actor=user, call=call, **data)  # noqa: E731
        if saved(request, question_form, write, _("Domanda aggiunta.")):
            return redirect("practices:call", access.organization.slug, call.pk)
    if action == "criterion" and criterion_form.is_valid():
        data = criterion_form.cleaned_data
        add = lambda: services.criterion_add(actor=user, call=call, **data)  # noqa: E731
        if saved(request, criterion_form, add, _("Criterio aggiunto.")):
            return redirect("practices:call", access.organization.slug, call.pk)
    context = {
        "call": call,
        "questions": call.questions.all(),
        "criteria": call.criteria.all(),
        "submissions": selectors.received(call),
        "progress": selectors.progress(call),
        "question_form": question_form,
        "criterion_form": criterion_form,
        "closed": timezone.now() > call.closes_at,
    }
    return render(request, "practices/call_detail.html", context)


@org_view(MANAGE)
def call_publish(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(selectors.call, access.organization, pk)
    if call.published:
        raise Http404
    form = forms.Form(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        lambda: services.call_publish(actor=current_user(request), call=call),
        _("Bando pubblicato."),
        _to_call(access),
        "practices/confirm.html",
        {"call": call, "what": "publish"},
    )


@org_view(MANAGE)
def call_assign(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(selectors.call, access.organization, pk)
    form = AssignForm(request.POST or None, people=selectors.reviewers(access.organization))
    return form_page(
        request,
        form,
        lambda: services.reviewers_assign(
            actor=current_user(request),
            call=call,
            reviewers=form.cleaned_data["reviewers"],
            per_submission=form.cleaned_data["per_submission"],
        ),
        _("Valutatori assegnati."),
        lambda _made: redirect("practices:call", access.organization.slug, call.pk),
        "practices/form.html",
        {"title": _("Assegna i valutatori"), "call": call},
    )


@org_view(MANAGE)
def call_ranking(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(selectors.call, access.organization, pk)
    context = {"call": call, "rows": selectors.ranking(call)}
    return render(request, "practices/ranking.html", context)


@org_view(MANAGE)
def call_release(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(selectors.call, access.organization, pk)
    form = ReleaseForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda: services.decisions_release(
            actor=current_user(request), call=call, on=form.cleaned_data["on"]
        ),
        _("Data di pubblicazione degli esiti fissata."),
        _to_call(access),
        "practices/confirm.html",
        {"call": call, "what": "release"},
    )


@org_view(MANAGE)
def received_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A submission to one of the organizer's calls: its content, reviews, the decision."""
    submission = get_or_404(selectors.received_one, access.organization, pk)
    form = DecisionForm(
        request.POST or None,
        initial={"decision": submission.decision, "feedback": submission.feedback},
    )
    if request.method == "POST" and form.is_valid():
        write = lambda: services.decision_save(  # noqa: E731
            actor=current_user(request), submission=submission, **form.cleaned_data
        )
        if saved(request, form, write, _("Esito salvato.")):
            return redirect("practices:received", access.organization.slug, submission.pk)
    context = {
        "submission": submission,
        "call": submission.call,
        "reviews": selectors.assignments(submission.call).filter(submission=submission),
        "form": form,
        "show_applicant": True,
    }
    return render(request, "practices/received_detail.html", context)


@org_view(MANAGE)
def received_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return file_response(get_or_404(selectors.received_file, access.organization, pk))
