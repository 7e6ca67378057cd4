"""What the community pages share: permissions, the form page and redirects, lists by state,
the statement and its downloads, the forms of a detail page's actions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.exports import FORMATS, csv_response, xlsx_response
from coopnet.core.web import saved

from .. import selectors
from ..models import Account

USE = "community.timebank:use"
MANAGE = "community.timebank:manage"


# The page of every simple form of the app (core.web.form_page's template; ``title`` in its
# context).
FORM = "community/form.html"


def back(name: str, access: OrgAccess, *args: Any) -> HttpResponse:
    """Redirect to the community page ``name`` of the organization."""
    return redirect(f"community:{name}", access.organization.slug, *args)


def state_list(
    request: HttpRequest,
    template: str,
    rows: Callable[[str], QuerySet[Any]],
    choices: type[models.TextChoices],
) -> HttpResponse:
    """A list filtered by ``?stato=`` (one of ``choices``, else all) and paginated by 50."""
    state = request.GET.get("stato", "")
    state = state if state in choices.values else ""
    page = Paginator(rows(state), 50).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "state": state, "states": choices.choices})


def statement_context(request: HttpRequest, account: Account) -> dict[str, Any]:
    """An account's newest lines, and the link to the older ones (``?prima=<transfer>``)."""
    try:
        before = int(request.GET.get("prima", "")) or None
    except ValueError:
        before = None
    lines = selectors.statement(account, before=before)
    older = lines[-1].posting.transfer_id if len(lines) == 50 else None
    return {"account": account, "lines": lines, "older": older}


def statement_download(account: Account, fmt: str) -> HttpResponse | None:
    """The whole statement as CSV or XLSX, or None for an unknown format."""
    if fmt not in FORMATS:
        return None
    header = [_("Data"), _("N."), _("Tipo"), _("Stato"), _("Categoria"), _("Nota"), _("Minuti")]
    rows = (
        [
            p.transfer.performed_on,
            p.transfer_id,
            p.transfer.get_kind_display(),
            p.transfer.get_state_display(),
            p.transfer.category.name,
            p.transfer.note,
            p.minutes,
        ]
        for p in selectors.statement_rows(account)
    )
    name = f"banca-del-tempo-conto-{account.pk}"
    return csv_response(name, header, rows) if fmt == "csv" else xlsx_response(name, header, rows)


# One action of a detail page: its form, the service taking the form's data, the message.
Action = tuple[BaseForm, Callable[[dict[str, Any]], object], str]


def action_form(request: HttpRequest, action: str, form_class: Any, **kwargs: Any) -> Any:
    """``form_class`` bound to the POST when the POST names ``action`` (a page of several
    forms, each with its hidden ``action``), else unbound."""
    posted = request.method == "POST" and request.POST.get("action") == action
    return form_class(request.POST if posted else None, request.FILES if posted else None, **kwargs)


def run_action(request: HttpRequest, may_write: bool, actions: Mapping[str, Action]) -> bool:
    """Run the posted action's service with its valid form (else its errors stay on the form);
    whether it was written. An unknown action, or a reader's POST, is 404."""
    if request.method != "POST":
        return False
    name = request.POST.get("action", "")
    if name not in actions or not may_write:
        raise Http404
    form, write, message = actions[name]
    if not form.is_valid():
        return False
    return saved(request, form, lambda: write(form.cleaned_data), message) is not None
