"""The requester's side of replication: «Le mie richieste di replica». A cooperative's people
who may ask on its behalf (``practices.submissions:write``) see its requests under
/o/<slug>/practices/replications/asked/; a person who asked without a cooperative sees theirs
in the account area (/accounts/practices/replications/). Both read the request, its state,
the answer and the mentoring once given, and withdraw a request still waiting, after
confirming once. Anyone else's request is 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import attempt, current_user, get_or_404

from .. import selectors, services
from ..models import ReplicationRequest, ReplicationState
from .common import SUBMIT


@org_view(SUBMIT)
def asked_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.asked_replications(access.organization)
    return render(request, "practices/asked_list.html", {"requests": rows, "org_side": True})


@org_view(SUBMIT)
def asked_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    row = get_or_404(selectors.asked_replication, access.organization, pk)
    return _detail(request, row, org_side=True)


@org_view(SUBMIT)
def asked_withdraw(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    row = get_or_404(selectors.asked_replication, access.organization, pk)
    back = lambda: redirect("practices:asked_replication", access.organization.slug, row.pk)  # noqa: E731
    return _withdraw(request, row, back, org_side=True)


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_replications(current_user(request))
    return render(request, "practices/asked_list.html", {"requests": rows, "org_side": False})


@login_required
def my_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_or_404(selectors.my_replication, current_user(request), pk)
    return _detail(request, row, org_side=False)


@login_required
def my_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_or_404(selectors.my_replication, current_user(request), pk)
    back = lambda: redirect("practices:my_replication", row.pk)  # noqa: E731
    return _withdraw(request, row, back, org_side=False)


def _detail(request: HttpRequest, row: ReplicationRequest, *, org_side: bool) -> HttpResponse:
    context = {
        "row": row,
        "practice": row.practice,
        "pending": row.state == ReplicationState.NEW,
        "org_side": org_side,
    }
    return render(request, "practices/asked_detail.html", context)


def _withdraw(
    request: HttpRequest,
    row: ReplicationRequest,
    back: Callable[[], HttpResponse],
    *,
    org_side: bool,
) -> HttpResponse:
    """GET asks to confirm; POST withdraws (a request already answered is refused, with the
    reason, back on its page)."""
    if request.method == "POST":
        write = lambda: services.replication_withdraw(actor=current_user(request), request=row)  # noqa: E731
        attempt(request, write, _("Richiesta ritirata."))
        return back()
    if row.state != ReplicationState.NEW:
        return back()
    context = {"row": row, "practice": row.practice, "org_side": org_side}
    return render(request, "practices/asked_withdraw.html", context)
