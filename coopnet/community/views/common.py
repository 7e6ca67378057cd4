"""What the time bank's pages share: permissions, the form page, downloads, the statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from coopnet.core.exports import FORMATS, csv_response, xlsx_response

from .. import selectors
from ..models import Account

USE = "community.timebank:use"
MANAGE = "community.timebank:manage"


def form_page(request: HttpRequest, title: str, form: Any, **extra: Any) -> HttpResponse:
    """The one page every simple form of the time bank uses."""
    return render(request, "community/form.html", {"title": title, "form": form, **extra})


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


def file_response(row: Any, *, as_attachment: bool) -> HttpResponse:
    """A stored file of ``row`` (its ``file`` field); 404 when the storage lost it."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment)  # type: ignore[return-value]
