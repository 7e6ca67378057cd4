"""The applicant's pages: the calls it may answer and its submissions, a call's page where a
draft starts, the draft's page (save, attach, submit, withdraw) and its files.

Submitting saves the draft first and submits after: a refused submit keeps what was typed.
Before the call's decisions are released the page shows nothing of reviews or decisions.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import Organization
from coopnet.core.web import apply_errors, attempt, current_user, form_page, get_or_404, saved

from .. import selectors, services
from ..forms import FileForm, StartForm, SubmissionForm
from ..models import Call, QuestionKind, Submission, SubmissionState
from .common import SUBMIT, file_response


@org_view(SUBMIT)
def home(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    context = {
        "calls": selectors.open_calls(access.organization),
        "submissions": selectors.own_submissions(access.organization),
    }
    return render(request, "practices/home.html", context)


@org_view(SUBMIT)
def open_call(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    call = get_or_404(lambda: selectors.open_calls(access.organization).get(pk=pk))
    slug = access.organization.slug
    return start_page(
        request, call, access.organization, lambda s: redirect("practices:submission", slug, s.pk)
    )


def start_page(
    request: HttpRequest,
    call: Call,
    applicant: Organization | None,
    done: Callable[[Submission], HttpResponse],
) -> HttpResponse:
    """A call's page, whose form starts a draft for ``applicant`` (None: the person, in their
    own name); ``done`` answers with the draft's page."""
    form = StartForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.submission_create(
            actor=current_user(request),
            call=call,
            applicant=applicant,
            title=form.cleaned_data["title"],
        ),
        _("Bozza creata: completala e presentala prima della scadenza."),
        done,
        "practices/open_call.html",
        {"call": call, "questions": call.questions.all(), "as_person": applicant is None},
    )


def _file_form(request: HttpRequest, submission: Submission, bound: bool) -> FileForm:
    questions = submission.call.questions.filter(kind=QuestionKind.FILE)
    if bound:
        return FileForm(request.POST, request.FILES, questions=questions)
    return FileForm(questions=questions)


@org_view(SUBMIT)
def submission_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    submission = get_or_404(selectors.own_submission, access.organization, pk)
    return submission_page(
        request,
        submission,
        redirect("practices:submission", access.organization.slug, submission.pk),
    )


def submission_page(
    request: HttpRequest, submission: Submission, here: HttpResponse
) -> HttpResponse:
    """A draft's page (save, save and submit, attach, withdraw), for an organization's
    submission or a person's; ``here`` is the redirect back to it."""
    action = request.POST.get("action") if request.method == "POST" else None
    editable = submission.state != SubmissionState.SUBMITTED
    if action in {"save", "submit", "file"} and not editable:
        raise Http404
    form = SubmissionForm(
        request.POST if action in {"save", "submit"} else None, instance=submission
    )
    file_form = _file_form(request, submission, action == "file")
    user = current_user(request)
    if action in {"save", "submit"} and form.is_valid():
        arguments = form.service_arguments()
        write = lambda: services.submission_save(actor=user, submission=submission, **arguments)  # noqa: E731
        if saved(request, form, write, _("Bozza salvata.")) is not None:
            if action == "save":
                return here
            try:
                services.submission_submit(actor=user, submission=submission)
            except ValidationError as error:
                apply_errors(form, error)
                messages.error(request, _("Candidatura non presentata: la bozza è salvata."))
            else:
                messages.success(request, _("Candidatura presentata."))
                return here
    if action == "file" and file_form.is_valid():
        data = file_form.cleaned_data
        add = lambda: services.submission_file_add(actor=user, submission=submission, **data)  # noqa: E731
        if saved(request, file_form, add, _("File allegato.")):
            return here
    if action == "withdraw":
        attempt(
            request,
            lambda: services.submission_withdraw(actor=user, submission=submission),
            _("Candidatura ritirata: puoi modificarla e presentarla di nuovo entro la scadenza."),
        )
        return here
    context = {
        "submission": submission,
        "call": submission.call,
        "form": form,
        "file_form": file_form,
        "editable": editable,
        "released": submission.call.released(),
        "file_url": "practices:person_file" if submission.by_person else "practices:own_file",
    }
    return render(request, "practices/submission_detail.html", context)


@org_view(SUBMIT)
def own_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return file_response(get_or_404(selectors.own_file, access.organization, pk))
