"""A practice after its publication: the owner's published practices and the revision it
proposes (``revise_page``, shared with a person's own practices in ``mine.py``); the
organizer's catalogue (the longest unreviewed first, "possibly out of date" marked), where it
approves or rejects a revision and confirms a text as still current."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import Organization
from coopnet.core.web import attempt, current_user, get_or_404, saved

from .. import selectors, services
from ..forms import RejectForm, RevisionForm
from ..models import Practice, PracticeRevision, RevisionState
from .common import MANAGE, SUBMIT


@org_view(SUBMIT)
def published_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.own_practices(access.organization)
    return render(request, "practices/published_list.html", {"practices": rows})


def revise_page(
    request: HttpRequest,
    practice: Practice,
    owner: Organization | None,
    again: HttpResponse,
) -> HttpResponse:
    """A practice's history and the form of a new revision (unless one waits), proposed by
    ``owner`` (None: by the logged-in person who submitted it); ``again`` once sent."""
    history = selectors.revisions(practice)
    waiting = any(r.state == RevisionState.PROPOSED for r in history)
    form = RevisionForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data}
        note = data.pop("note")
        write = lambda: services.revision_propose(  # noqa: E731
            actor=current_user(request), practice=practice, owner=owner, data=data, note=note
        )
        if saved(
            request, form, write, _("Revisione inviata: sarà pubblicata dopo l'approvazione.")
        ):
            return again
    context = {"practice": practice, "history": history, "waiting": waiting, "form": form}
    return render(request, "practices/practice_revise.html", context)


@org_view(SUBMIT)
def practice_revise(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """An own practice: its history and the form of a new revision (unless one waits)."""
    practice = get_or_404(selectors.own_practice, access.organization, pk)
    again = redirect("practices:published", access.organization.slug, practice.pk)
    return revise_page(request, practice, access.organization, again)


@org_view(MANAGE)
def curated_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.curated(access.organization)
    return render(request, "practices/curated_list.html", {"practices": rows})


@org_view(MANAGE)
def curated_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """One of the organizer's practices: confirm it, decide its waiting revision, its history."""
    practice = get_or_404(selectors.curated_one, access.organization, pk)
    history = selectors.revisions(practice)
    waiting: PracticeRevision | None = next(
        (r for r in history if r.state == RevisionState.PROPOSED), None
    )
    action = request.POST.get("action") if request.method == "POST" else None
    reject_form = RejectForm(request.POST if action == "reject" else None)
    user = current_user(request)
    again = redirect("practices:curated", access.organization.slug, practice.pk)
    if action == "confirm":
        confirm = lambda: services.practice_confirm(actor=user, practice=practice)  # noqa: E731
        attempt(request, confirm, _("Pratica confermata come ancora attuale."))
        return again
    if action == "approve" and waiting is not None:
        approve = lambda: services.revision_approve(actor=user, revision=waiting)  # noqa: E731
        attempt(request, approve, _("Revisione approvata e pubblicata."))
        return again
    if action == "reject" and waiting is not None and reject_form.is_valid():
        feedback = reject_form.cleaned_data["feedback"]
        reject = lambda: services.revision_reject(  # noqa: E731
            actor=user, revision=waiting, feedback=feedback
        )
        if saved(request, reject_form, reject, _("Revisione respinta.")):
            return again
    context = {
        "practice": practice,
        "history": history,
        "waiting": waiting,
        "reject_form": reject_form,
    }
    return render(request, "practices/curated_detail.html", context)
