"""The reviewer's pages, in the organizer: their assignments with progress, and one
assignment (declare no conflict of interest, then score each criterion). A blind call never
shows the applicant's name or contacts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, get_or_404, saved

from .. import selectors, services
from ..forms import DeclareForm, ReviewForm
from .common import REVIEW, file_response


@org_view(REVIEW)
def review_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.my_assignments(access.organization, current_user(request))
    return render(request, "practices/review_list.html", {"assignments": rows})


@org_view(REVIEW)
def review_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    user = current_user(request)
    assignment = get_or_404(selectors.my_assignment, access.organization, user, pk)
    submission = assignment.submission
    action = request.POST.get("action") if request.method == "POST" else None
    declare_form = DeclareForm(request.POST if action == "declare" else None)
    review_form = ReviewForm(
        request.POST if action == "review" else None,
        criteria=list(submission.call.criteria.all()),
        scores={s.criterion_id: s for s in assignment.scores.all()},
        initial={"note": assignment.note},
    )
    here = redirect("practices:review", access.organization.slug, assignment.pk)
    if action == "declare" and declare_form.is_valid():
        data = declare_form.cleaned_data
        declare = lambda: services.assignment_declare(actor=user, assignment=assignment, **data)  # noqa: E731
        if saved(request, declare_form, declare, _("Dichiarazione registrata.")):
            return here
    if action == "review" and review_form.is_valid():
        scores, note = review_form.scores(), review_form.cleaned_data["note"]
        write = lambda: services.review_save(  # noqa: E731
            actor=user, assignment=assignment, scores=scores, note=note
        )
        if saved(request, review_form, write, _("Valutazione salvata.")):
            return here
    context = {
        "assignment": assignment,
        "submission": submission,
        "call": submission.call,
        "declare_form": declare_form,
        "review_form": review_form,
        "show_applicant": not submission.call.blind,
    }
    return render(request, "practices/review_detail.html", context)


@org_view(REVIEW)
def review_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return file_response(
        get_or_404(selectors.my_file, access.organization, current_user(request), pk)
    )
