"""A person's own pages, outside any organization (``/practices/mie/``): the calls open to
anyone, their submissions as a person, a draft's page and its files, their published practices
and the revisions they propose of them; and the platform
administrators' way into the calls the platform runs (``/practices/piattaforma/``).

Every page needs a login and reads only the logged-in person's own rows: another person's
submission or file is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coopnet.core.platform import platform_organization
from coopnet.core.web import current_user, get_or_404

from .. import selectors
from .common import file_response
from .revisions import revise_page
from .submissions import start_page, submission_page


@login_required
def platform_calls(request: HttpRequest) -> HttpResponse:
    """The calls of the platform's own organization (made on first use), for its admins."""
    user = current_user(request)
    if not user.is_platform_admin:
        raise Http404
    organization = platform_organization(actor=user)
    return redirect("practices:calls", organization.slug)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context = {
        "calls": selectors.person_open_calls(),
        "submissions": selectors.person_submissions(user),
        "practices": selectors.person_practices(user),
    }
    return render(request, "practices/mine.html", context)


@login_required
def person_call(request: HttpRequest, pk: int) -> HttpResponse:
    """A call open to anyone: its page starts a draft in the person's own name."""
    call = get_or_404(lambda: selectors.published_calls().get(pk=pk))
    return start_page(request, call, None, lambda s: redirect("practices:person_submission", s.pk))


@login_required
def person_submission(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_or_404(selectors.person_submission, current_user(request), pk)
    return submission_page(request, submission, redirect("practices:person_submission", pk))


@login_required
def person_file(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(get_or_404(selectors.person_file, current_user(request), pk))


@login_required
def person_practice_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """A practice the person proposed (their accepted submission): its history and the form
    of a new revision, which the organizer approves before publication."""
    practice = get_or_404(selectors.person_practice, current_user(request), pk)
    again = redirect("practices:person_practice", practice.pk)
    return revise_page(request, practice, None, again)
