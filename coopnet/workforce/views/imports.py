"""The import page: upload a file, read the dry-run report, confirm."""

from __future__ import annotations

import base64
import contextlib
import hashlib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user
from coopnet.members.imports import template_response

from .. import imports
from ..forms import ImportForm
from ..services import vault_access

IMPORT_SESSION_KEY = "workforce_import"


@org_view("workforce.import")
def import_page(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Upload -> dry-run report -> confirm. The file waits in the session between the two."""
    organization = access.organization
    sensitive_allowed = access.can(vault_access.WRITE) and otp.is_verified(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    can_confirm = False
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        if stored.get("org") != organization.pk or stored.get("token") != request.POST.get("token"):
            messages.error(request, _("Carica di nuovo il file: la prova è scaduta."))
            return redirect("workforce:import", org_slug=organization.slug)
        report = _run(request, access, stored, dry_run=False, sensitive_allowed=sensitive_allowed)
        del request.session[IMPORT_SESSION_KEY]
        form = ImportForm()
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        stored = {
            "org": organization.pk,
            "name": upload.name,
            "content": base64.b64encode(content).decode("ascii"),
            "token": hashlib.sha256(content).hexdigest(),
        }
        report = _run(request, access, stored, dry_run=True, sensitive_allowed=sensitive_allowed)
        if report.ok:
            request.session[IMPORT_SESSION_KEY] = stored
            can_confirm = True
    context = {
        "form": form,
        "report": report,
        "can_confirm": can_confirm,
        "token": request.session.get(IMPORT_SESSION_KEY, {}).get("token", ""),
        "sensitive_allowed": sensitive_allowed,
        "can_write_sensitive": access.can(vault_access.WRITE),
        "verify_url": f"{reverse('otp_verify')}?next={request.path}",
        "columns": imports.template_columns(),
    }
    return render(request, "workforce/import.html", context)


@require_GET
@org_view("workforce.import")
def import_template(request: HttpRequest, access: OrgAccess, fmt: str) -> HttpResponse:
    """The file to start from: every column and one example row (no special-category data)."""
    return template_response(imports.template_columns(), fmt=fmt, basename="modello-personale")


def _run(
    request: HttpRequest,
    access: OrgAccess,
    stored: dict[str, Any],
    *,
    dry_run: bool,
    sensitive_allowed: bool,
) -> imports.WorkforceImportReport:
    report = imports.run_import(
        organization=access.organization,
        content=base64.b64decode(stored["content"]),
        filename=stored["name"],
        actor=current_user(request),
        dry_run=dry_run,
        sensitive_allowed=sensitive_allowed,
    )
    if report.sensitive_refused:
        # authorize_import logs the refused attempt ("negato") in the vault's access log.
        with contextlib.suppress(vault_access.VaultAccessDenied):
            vault_access.authorize_import(
                actor=current_user(request),
                organization=access.organization,
                verified=otp.is_verified(request),
            )
    return report
