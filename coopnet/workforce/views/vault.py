"""The special-category pages: the vault (behind the second factor) and the privacy log."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from coopnet.core import otp
from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import csv_response
from coopnet.core.models import Organization
from coopnet.core.web import current_user, form_page, get_or_404, saved

from .. import certificates, selectors, services
from ..forms import AccessLogFilterForm, DisadvantagedStatusForm, PurposeForm
from ..models import DisadvantagedStatus, SensitivePurpose
from ..selectors import vault as vault_reads
from ..services import vault_access
from ..services.vault import STATUS_FIELDS
from ._common import PAGE_SIZE

# Every role holds this one: the vault pages use it so that a refused attempt by anyone in
# the organization is logged (outsiders still get a plain 404).
ANY_ROLE = "network.org:read"


# --- the vault -----------------------------------------------------------------------------


class _InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps an uploaded certificate in memory whatever its size (Django would spill a large
    one to a temporary file in clear) and stops storing it past the size limit; the service
    then refuses it by its size."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.activated = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) <= certificates.MAX_BYTES:
            self.file.write(raw_data)
        return None


def _uploads_in_memory(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Install the in-memory upload handler before the CSRF check reads the request body
    (Django's documented csrf_exempt + csrf_protect pattern)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers = [_InMemoryUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return wrapped


def _vault_gate(
    request: HttpRequest, access: OrgAccess, *, write: bool, what: str
) -> HttpResponse | None:
    """404 without the permission; the second-factor pages without a verified session (both
    logged as "negato"); None when the user may go on."""
    try:
        vault_access.admit(
            actor=current_user(request),
            organization=access.organization,
            verified=otp.is_verified(request),
            purpose=request.GET.get("purpose", ""),
            write=write,
            what=what,
        )
    except vault_access.SecondFactorRequired:
        return otp.second_factor_redirect(request)
    except vault_access.VaultAccessDenied as error:
        raise Http404 from error
    return None


def _read_gate(request: HttpRequest, access: OrgAccess, *, what: str) -> HttpResponse | str:
    """The gate of a read, then the purpose: a page to answer instead, or the purpose."""
    gate = _vault_gate(request, access, write=False, what=what)
    return gate if gate is not None else _purpose(request)


def _purpose(request: HttpRequest) -> HttpResponse | str:
    """The purpose chosen in the query string, or the page to choose it."""
    form = PurposeForm(request.GET)
    if form.is_valid():
        return str(form.cleaned_data["purpose"])
    context = {"page_title": _("Dati particolari: condizione di svantaggio"), "form": PurposeForm()}
    return render(request, "workforce/vault_purpose.html", context)


@org_view(ANY_ROLE)
def vault_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The disadvantaged statuses; each view or export logged with the chosen purpose."""
    purpose = _read_gate(request, access, what="elenco")
    if isinstance(purpose, HttpResponse):
        return purpose
    user, organization = current_user(request), access.organization
    if request.GET.get("format") == "csv":
        statuses = vault_reads.status_export(
            actor=user, organization=organization, verified=True, purpose=purpose
        )
        return csv_response("condizioni-svantaggio", _status_header(), _status_rows(statuses))
    current = request.GET.get("status") != "tutti"
    statuses = vault_reads.status_list(
        actor=user,
        organization=organization,
        verified=True,
        purpose=purpose,
        current_on=timezone.localdate() if current else None,
    )
    context = {
        "statuses": statuses,
        "purpose": purpose,
        "purpose_label": SensitivePurpose(purpose).label,
        "current": current,
        "can_write": access.can(vault_access.WRITE),
    }
    return render(request, "workforce/vault_list.html", context)


def _status_header() -> list[str]:
    return [
        _("Cognome"),
        _("Nome"),
        _("Codice fiscale"),
        _("Categoria"),
        _("Ente certificatore"),
        _("Documento"),
        _("Valido dal"),
        _("Valido al"),
    ]


def _status_rows(statuses: list[DisadvantagedStatus]) -> list[list[Any]]:
    return [
        [
            s.person.surname,
            s.person.given_name,
            s.person.codice_fiscale,
            s.get_category_display(),
            s.certifying_body,
            s.document_type,
            s.valid_from,
            s.valid_to,
        ]
        for s in statuses
    ]


@_uploads_in_memory
@org_view(ANY_ROLE)
def vault_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    gate = _vault_gate(request, access, write=True, what="nuova scheda")
    if gate is not None:
        return gate
    organization = access.organization
    form = DisadvantagedStatusForm(
        request.POST or None, request.FILES or None, persons=selectors.persons(organization)
    )
    return form_page(
        request,
        form,
        lambda: services.vault.status_create(
            actor=current_user(request),
            organization=organization,
            verified=True,
            purpose=form.cleaned_data["purpose"],
            person=form.cleaned_data["person"],
            data=form.status_data(),
            document=form.cleaned_data["document"],
        ),
        _("Condizione registrata."),
        lambda _status: _vault_back(organization, form.cleaned_data["purpose"]),
        "workforce/vault_form.html",
        {"status": None},
    )


def _vault_back(organization: Organization, purpose: str) -> HttpResponse:
    url = reverse("workforce:vault", kwargs={"org_slug": organization.slug})
    return redirect(f"{url}?purpose={purpose}")


@_uploads_in_memory
@org_view(ANY_ROLE)
def vault_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    gate = _vault_gate(request, access, write=True, what="modifica")
    if gate is not None:
        return gate
    user, organization = current_user(request), access.organization
    if request.method == "POST":
        form = DisadvantagedStatusForm(request.POST, request.FILES)
        if form.is_valid():
            status = get_or_404(
                saved,
                request,
                form,
                lambda: services.vault.status_update(
                    actor=user,
                    organization=organization,
                    verified=True,
                    purpose=form.cleaned_data["purpose"],
                    status_id=pk,
                    data=form.status_data(),
                    document=form.cleaned_data["document"],
                ),
                _("Condizione aggiornata."),
            )
            if status is not None:
                return _vault_back(organization, form.cleaned_data["purpose"])
        return render(request, "workforce/vault_form.html", {"form": form, "status": pk})
    purpose = _purpose(request)
    if isinstance(purpose, HttpResponse):
        return purpose
    status = get_or_404(
        lambda: vault_reads.status_get(
            actor=user, organization=organization, verified=True, purpose=purpose, status_id=pk
        )
    )
    initial = {name: getattr(status, name) for name in STATUS_FIELDS}
    form = DisadvantagedStatusForm(initial={"purpose": purpose, **initial})
    context = {"form": form, "status": pk, "person": status.person}
    return render(request, "workforce/vault_form.html", context)


@org_view(ANY_ROLE)
def vault_document(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Download a certificate, decrypted on the way out; logged with the chosen purpose."""
    purpose = _read_gate(request, access, what="certificato")
    if isinstance(purpose, HttpResponse):
        return purpose
    certificate = get_or_404(
        lambda: vault_reads.status_document(
            actor=current_user(request),
            organization=access.organization,
            verified=True,
            purpose=purpose,
            status_id=pk,
        )
    )
    # Fernet authenticates the whole file before any of it is decrypted: nothing unverified
    # is ever sent, so the response is built whole (certificates are at most 10 MB).
    response = HttpResponse(certificate.content, content_type=certificate.content_type)
    response["Content-Disposition"] = content_disposition_header(True, certificate.filename)
    response["Cache-Control"] = "no-store"
    return response


# --- privacy: the access log ---------------------------------------------------------------


@org_view("workforce.privacy_log:read")
def privacy_log(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Who read, exported or changed special-category data. The log names the persons in the
    vault, so it sits behind the second factor too; exporting it is logged."""
    if not otp.is_verified(request):
        return otp.second_factor_redirect(request)
    organization = access.organization
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = vault_reads.sensitive_access_log(
        organization,
        action=filters.get("action") or "",
        purpose=filters.get("purpose") or "",
        user_email=filters.get("user") or "",
        person_query=filters.get("person") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    export_form = PurposeForm(request.GET if "export" in request.GET else None)
    if "export" in request.GET and export_form.is_valid():
        entries = list(rows)
        vault_access.log_access_log_export(
            actor=current_user(request),
            organization=organization,
            purpose=export_form.cleaned_data["purpose"],
            rows=len(entries),
        )
        return csv_response("registro-accessi", _log_header(), _log_rows(entries))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "export_form": export_form}
    return render(request, "workforce/privacy_log.html", context)


def _log_header() -> list[str]:
    return [_("Quando"), _("Utente"), _("Azione"), _("Persona"), _("Finalità"), _("Dettaglio")]


def _log_rows(entries: list[Any]) -> list[list[Any]]:
    return [
        [
            timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
            e.user.email if e.user else _("sistema (importazione)"),
            e.get_action_display(),
            str(e.person) if e.person else "",
            e.get_purpose_display(),
            e.detail,
        ]
        for e in entries
    ]
