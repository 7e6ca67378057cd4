"""Members pages: the libro soci, a member's file and its actions, new applications, the
statute, published documents, the member portal and the public admission form."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess, visible_organizations
from coopnet.core.decorators import org_view
from coopnet.core.models import Organization, User

from . import deadlines, selectors, services
from .forms import (
    AccountLinkForm,
    AdmitForm,
    AppealDecideForm,
    AppealForm,
    ApplicationForm,
    ContactsForm,
    DeathForm,
    DocumentForm,
    ExcludeForm,
    PaymentForm,
    PersonContactsForm,
    PublicApplicationForm,
    RefundForm,
    RefuseForm,
    RegisterFilterForm,
    RistornoForm,
    StatuteForm,
    SubscribeForm,
    TransferForm,
    WithdrawalConfirmForm,
    WithdrawalDecideForm,
    WithdrawalRequestForm,
    add_service_errors,
)
from .models import Membership, MembershipStatus, PublishedDocument, ShareAccount

JOIN_LIMIT = 5  # public applications per IP address ...
JOIN_WINDOW = 3600  # ... per hour
EXITED = selectors.EXITED


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one), None for other methods."""
    return request.POST if request.method == "POST" else None


def _posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _membership_or_404(access: OrgAccess, pk: int) -> Membership:
    try:
        return selectors.membership_detail(access.organization, pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def _account(membership: Membership) -> ShareAccount | None:
    try:
        return membership.share_account
    except ShareAccount.DoesNotExist:
        return None


# --- the libro soci ------------------------------------------------------------------------

COLUMNS = [
    ("number", gettext_lazy("N.")),
    ("name", gettext_lazy("Socio")),
    ("category", gettext_lazy("Categoria")),
    ("admitted", gettext_lazy("Ammesso il")),
    ("status", gettext_lazy("Stato")),
]


def _sort_headers(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    """Column headers that sort the register, keeping the other filters."""
    params = {k: v for k, v in request.GET.items() if k not in {"sort", "page"}}
    headers = []
    for key, label in COLUMNS:
        active = current.lstrip("-") == key
        descending = current.startswith("-")
        next_sort = f"-{key}" if active and not descending else key
        headers.append(
            {
                "label": label,
                "url": "?" + urlencode({**params, "sort": next_sort}),
                "aria_sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return headers


@org_view("members.register:read")
def register(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The libro soci: filters, counts per category, pending decisions, 100 rows a page."""
    organization = access.organization
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters(request.GET.get("sort", "number"))
    rows = selectors.register(organization, filters)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "headers": _sort_headers(request, filters.sort),
        "counts": selectors.category_counts(organization, filters.status),
        "pending": selectors.pending_decisions(organization, timezone.localdate()),
        "can_write": access.can("members.register:write"),
        "can_statute": access.can("members.statute:write"),
        "can_documents": access.can("members.documents:write"),
        "can_import": access.can("members.import"),
    }
    return render(request, "members/register.html", context)


# --- a member's file and its actions -------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A step a member's file offers: its form, who may take it, when, and the service."""

    label: Any
    permission: str
    form: type[forms.Form]
    available: Callable[[Membership, ShareAccount | None], bool]
    run: Callable[[User, Membership, dict[str, Any]], object]
    done: Any
    group: str = "lifecycle"


def _active(m: Membership, _a: ShareAccount | None) -> bool:
    return m.status == MembershipStatus.ACTIVE


ACTIONS: dict[str, Action] = {
    "admit": Action(
        gettext_lazy("Ammissione"),
        "members.register:write",
        AdmitForm,
        lambda m, _a: m.status == MembershipStatus.APPLIED,
        lambda u, m, d: services.membership_admit(
            actor=u,
            membership=m,
            admitted_on=d["admitted_on"],
            decision_ref=d["decision_ref"],
            register_number=d["register_number"],
        ),
        gettext_lazy("Socio ammesso e iscritto nel libro soci."),
    ),
    "refuse": Action(
        gettext_lazy("Rigetto della domanda"),
        "members.register:write",
        RefuseForm,
        lambda m, _a: m.status == MembershipStatus.APPLIED,
        lambda u, m, d: services.membership_refuse(
            actor=u, membership=m, refused_on=d["refused_on"], reason=d["reason"]
        ),
        gettext_lazy(
            "Domanda respinta. Il richiedente può ricorrere all'assemblea entro 60 giorni."
        ),
    ),
    "appeal": Action(
        gettext_lazy("Ricorso all'assemblea"),
        "members.register:write",
        AppealForm,
        lambda m, _a: m.status == MembershipStatus.REFUSED and m.appeal_filed_on is None,
        lambda u, m, d: services.membership_appeal(actor=u, membership=m, filed_on=d["filed_on"]),
        gettext_lazy("Ricorso registrato: l'assemblea deciderà alla prossima riunione."),
    ),
    "appeal_decide": Action(
        gettext_lazy("Esito del ricorso"),
        "members.register:write",
        AppealDecideForm,
        lambda m, _a: (
            m.status == MembershipStatus.REFUSED
            and m.appeal_filed_on is not None
            and m.appeal_decided_on is None
        ),
        lambda u, m, d: services.membership_appeal_decide(
            actor=u,
            membership=m,
            decided_on=d["decided_on"],
            upheld=d["upheld"],
            reference=d["reference"],
        ),
        gettext_lazy("Esito del ricorso registrato."),
    ),
    "withdrawal_request": Action(
        gettext_lazy("Richiesta di recesso"),
        "members.register:write",
        WithdrawalRequestForm,
        lambda m, _a: m.status == MembershipStatus.ACTIVE and m.exit_requested_on is None,
        lambda u, m, d: services.withdrawal_request(
            actor=u, membership=m, requested_on=d["requested_on"]
        ),
        gettext_lazy("Richiesta di recesso registrata: il consiglio decide entro 60 giorni."),
    ),
    "withdrawal_decide": Action(
        gettext_lazy("Decisione sul recesso"),
        "members.register:write",
        WithdrawalDecideForm,
        lambda m, _a: m.status == MembershipStatus.ACTIVE and m.exit_requested_on is not None,
        lambda u, m, d: services.withdrawal_decide(
            actor=u,
            membership=m,
            decided_on=d["decided_on"],
            accepted=d["accepted"],
            reference=d["reference"],
            reason=d["reason"],
        ),
        gettext_lazy("Decisione sul recesso registrata."),
    ),
    "exclude": Action(
        gettext_lazy("Esclusione"),
        "members.register:write",
        ExcludeForm,
        _active,
        lambda u, m, d: services.membership_exclude(
            actor=u,
            membership=m,
            decided_on=d["decided_on"],
            reason=d["reason"],
            reference=d["reference"],
        ),
        gettext_lazy("Esclusione registrata."),
    ),
    "death": Action(
        gettext_lazy("Decesso"),
        "members.register:write",
        DeathForm,
        _active,
        lambda u, m, d: services.membership_record_death(
            actor=u, membership=m, died_on=d["died_on"]
        ),
        gettext_lazy("Decesso registrato."),
    ),
    "subscribe": Action(
        gettext_lazy("Sottoscrizione di quote"),
        "members.shares:write",
        SubscribeForm,
        _active,
        lambda u, m, d: services.shares_subscribe(
            actor=u, membership=m, shares=d["shares"], date=d["date"], reference=d["reference"]
        ),
        gettext_lazy("Sottoscrizione registrata."),
        "shares",
    ),
    "pay": Action(
        gettext_lazy("Versamento"),
        "members.shares:write",
        PaymentForm,
        lambda m, a: a is not None and a.outstanding > 0,
        lambda u, m, d: services.shares_pay(
            actor=u, membership=m, amount=d["amount"], date=d["date"], reference=d["reference"]
        ),
        gettext_lazy("Versamento registrato."),
        "shares",
    ),
    "ristorno": Action(
        gettext_lazy("Ristorno a capitale"),
        "members.shares:write",
        RistornoForm,
        _active,
        lambda u, m, d: services.shares_capitalise_ristorno(
            actor=u, membership=m, amount=d["amount"], date=d["date"], reference=d["reference"]
        ),
        gettext_lazy("Ristorno capitalizzato."),
        "shares",
    ),
    "transfer": Action(
        gettext_lazy("Trasferimento di quote a un altro socio"),
        "members.shares:write",
        TransferForm,
        lambda m, a: a is not None and a.shares > 0,
        lambda u, m, d: services.shares_transfer(
            actor=u,
            source=m,
            target=d["target"],
            shares=d["shares"],
            date=d["date"],
            board_approval_ref=d["board_approval_ref"],
        ),
        gettext_lazy("Trasferimento registrato."),
        "shares",
    ),
    "refund": Action(
        gettext_lazy("Rimborso del capitale"),
        "members.shares:write",
        RefundForm,
        lambda m, a: m.status in EXITED and a is not None and (a.subscribed > 0 or a.shares > 0),
        lambda u, m, d: services.shares_refund(
            actor=u, membership=m, date=d["date"], reference=d["reference"]
        ),
        gettext_lazy("Rimborso registrato: il conto capitale è chiuso."),
        "shares",
    ),
}


def _action_form(name: str, access: OrgAccess, data: Any = None) -> forms.Form:
    form_class = ACTIONS[name].form
    kwargs: dict[str, Any] = {"prefix": name}
    if form_class is TransferForm:
        kwargs["organization"] = access.organization
    return form_class(data, **kwargs)


def _render_detail(
    request: HttpRequest,
    access: OrgAccess,
    membership: Membership,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    account = _account(membership)
    today = timezone.localdate()
    forms_shown = []
    for name, action in ACTIONS.items():
        if bound is not None and bound[0] == name:
            forms_shown.append((name, action, bound[1]))
        elif access.can(action.permission) and action.available(membership, account):
            forms_shown.append((name, action, _action_form(name, access)))
    context = {
        "membership": membership,
        "person": membership.person,
        "account": account,
        "ledger": selectors.ledger(membership),
        "events": selectors.events(membership),
        "audit": selectors.audit_trail(membership),
        "votes_today": selectors.has_voting_rights(membership, today),
        "today": today,
        "pending": deadlines.pending_decision(membership, today),
        "appeal_deadline": deadlines.appeal_deadline(membership),
        "lifecycle_forms": [f for f in forms_shown if f[1].group == "lifecycle"],
        "share_forms": [f for f in forms_shown if f[1].group == "shares"],
        "can_edit_person": access.can("members.register:write"),
    }
    return render(request, "members/detail.html", context)


@org_view("members.register:read")
def detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A member's file: person, membership, voting rights, shares, history and actions."""
    return _render_detail(request, access, _membership_or_404(access, pk))


@org_view("members.register:read")
@require_POST
def action(request: HttpRequest, access: OrgAccess, pk: int, name: str) -> HttpResponse:
    """Take one step of a member's file; the service decides whether it is lawful."""
    spec = ACTIONS.get(name)
    if spec is None or not access.can(spec.permission):
        raise Http404
    membership = _membership_or_404(access, pk)
    form = _action_form(name, access, request.POST)
    if form.is_valid():
        try:
            spec.run(_user(request), membership, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(spec.done))
            return redirect("members:detail", org_slug=access.organization.slug, pk=membership.pk)
    messages.error(request, _("Operazione non registrata: correggi i dati evidenziati."))
    membership = _membership_or_404(access, pk)
    return _render_detail(request, access, membership, bound=(name, form))


# --- applications and people ---------------------------------------------------------------


@org_view("members.register:write")
def application_new(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Record an applicant (a new person or one already known) and their application."""
    organization = access.organization
    organizations = visible_organizations(_user(request)).exclude(pk=organization.pk)
    form = ApplicationForm(
        _posted(request),
        statute=selectors.statute(organization),
        organizations=organizations.order_by("short_name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.application_submit(
                actor=_user(request),
                organization=organization,
                person_data=form.person_data(),
                category=form.cleaned_data["category"],
                applied_on=form.cleaned_data["applied_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not created:
                messages.warning(
                    request,
                    _("La persona era già registrata: la domanda usa la sua scheda esistente."),
                )
            messages.success(request, _("Domanda di ammissione registrata."))
            return redirect("members:detail", org_slug=organization.slug, pk=membership.pk)
    return render(request, "members/application_form.html", {"form": form})


@org_view("members.register:write")
def person_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Change the contacts, address and privacy consent of a member's person record."""
    membership = _membership_or_404(access, pk)
    person = membership.person
    initial = {name: getattr(person, name) for name in PersonContactsForm.base_fields}
    form = PersonContactsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=_user(request), person=person, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recapiti aggiornati."))
            return redirect("members:detail", org_slug=access.organization.slug, pk=pk)
    return _render_person_page(request, access, membership, form=form)


def _render_person_page(
    request: HttpRequest,
    access: OrgAccess,
    membership: Membership,
    *,
    form: forms.Form | None = None,
    account_form: forms.Form | None = None,
) -> HttpResponse:
    person = membership.person
    if form is None:
        initial = {name: getattr(person, name) for name in PersonContactsForm.base_fields}
        form = PersonContactsForm(initial=initial)
    if account_form is None:
        linked = person.user.email if person.user else ""
        account_form = AccountLinkForm(
            organization=access.organization, initial={"email": linked}, prefix="account"
        )
    context = {"form": form, "account_form": account_form, "membership": membership}
    return render(request, "members/person_form.html", context)


@org_view("members.register:write")
@require_POST
def person_account(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Link the person record to their login, for the member portal."""
    membership = _membership_or_404(access, pk)
    form = AccountLinkForm(request.POST, organization=access.organization, prefix="account")
    if form.is_valid():
        try:
            services.person_link_user(
                actor=_user(request), person=membership.person, user=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Account collegato: la persona vede la sua area socio."))
            return redirect("members:detail", org_slug=access.organization.slug, pk=pk)
    return _render_person_page(request, access, membership, account_form=form)


# --- statute and documents -----------------------------------------------------------------


@org_view("members.statute:write")
def statute(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """What the statute says about member categories and shares (R-CC-2525, R-381-2a)."""
    current = selectors.statute(access.organization)
    initial = {name: getattr(current, name) for name in StatuteForm.base_fields}
    form = StatuteForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statute_update(
                actor=_user(request), organization=access.organization, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Regole dello statuto salvate."))
            return redirect("members:statute", org_slug=access.organization.slug)
    join_url = request.build_absolute_uri(
        reverse("members:join", kwargs={"org_slug": access.organization.slug})
    )
    return render(
        request, "members/statute.html", {"form": form, "statute": current, "join_url": join_url}
    )


@org_view("members.documents:write")
def documents(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Documents published to the members: list and upload."""
    form = DocumentForm(_posted(request), _posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_publish(
                actor=_user(request), organization=access.organization, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Documento pubblicato."))
            return redirect("members:documents", org_slug=access.organization.slug)
    listed = selectors.published_documents(access.organization)
    return render(request, "members/documents.html", {"form": form, "documents": listed})


def _document_or_404(access: OrgAccess, pk: int, *, members_only: bool) -> PublishedDocument:
    published = selectors.published_documents(access.organization, members_only=members_only)
    return get_object_or_404(published, pk=pk)


@org_view("members.documents:write")
@require_POST
def document_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    document = _document_or_404(access, pk, members_only=False)
    services.document_delete(actor=_user(request), document=document)
    messages.success(request, _("Documento eliminato."))
    return redirect("members:documents", org_slug=access.organization.slug)


def _file_response(document: PublishedDocument) -> HttpResponse:
    """The document as a download (documents are small: at most DOCUMENT_MAX_BYTES)."""
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    name = (document.file.name or "").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response


@org_view("members.documents:write")
def document_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _file_response(_document_or_404(access, pk, members_only=False))


# --- the member portal ---------------------------------------------------------------------


def _portal_membership(access: OrgAccess, user: User) -> tuple[Any, list[Membership]]:
    person = selectors.portal_person(access.organization, user)
    memberships = selectors.person_memberships(person) if person is not None else []
    return person, memberships


@org_view("members.portal")
def portal(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The member's own page: membership, shares and payments, documents, their actions."""
    person, memberships = _portal_membership(access, _user(request))
    current = memberships[0] if memberships else None
    is_member = any(m.status == MembershipStatus.ACTIVE for m in memberships)
    context = {
        "person": person,
        "memberships": memberships,
        "current": current,
        "account": _account(current) if current else None,
        "ledger": selectors.ledger(current) if current else [],
        "documents": (
            selectors.published_documents(access.organization, members_only=True)
            if is_member
            else []
        ),
        "can_withdraw": current is not None
        and current.status == MembershipStatus.ACTIVE
        and current.exit_requested_on is None,
        "withdrawal_deadline": deadlines.withdrawal_deadline(current) if current else None,
    }
    return render(request, "members/portal.html", context)


@org_view("members.portal")
def portal_contacts(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The member updates their own contacts and address."""
    person, _memberships = _portal_membership(access, _user(request))
    if person is None:
        return redirect("members:portal", org_slug=access.organization.slug)
    initial = {name: getattr(person, name) for name in ContactsForm.base_fields}
    form = ContactsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=_user(request), person=person, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("I tuoi recapiti sono aggiornati."))
            return redirect("members:portal", org_slug=access.organization.slug)
    return render(request, "members/portal_contacts.html", {"form": form})


@org_view("members.portal")
def portal_withdraw(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The member asks to withdraw (R-CC-2532), after confirming."""
    _person, memberships = _portal_membership(access, _user(request))
    current = memberships[0] if memberships else None
    if current is None or current.status != MembershipStatus.ACTIVE:
        messages.error(request, _("Non risulti socio: non c'è nulla da cui recedere."))
        return redirect("members:portal", org_slug=access.organization.slug)
    form = WithdrawalConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.withdrawal_request(
                actor=_user(request), membership=current, requested_on=timezone.localdate()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Richiesta di recesso inviata: il consiglio deve decidere entro 60 giorni."),
            )
            return redirect("members:portal", org_slug=access.organization.slug)
    today = timezone.localdate()
    context = {
        "form": form,
        "membership": current,
        "mutual_end": deadlines.mutual_relation_end(today),
    }
    return render(request, "members/portal_withdraw.html", context)


@org_view("members.portal")
def portal_document(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    _person, memberships = _portal_membership(access, _user(request))
    if not any(m.status == MembershipStatus.ACTIVE for m in memberships):
        raise Http404
    return _file_response(_document_or_404(access, pk, members_only=True))


# --- the public admission form -------------------------------------------------------------


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _over_join_limit(request: HttpRequest) -> bool:
    """Count this submission; True when the address sent more than JOIN_LIMIT this hour."""
    key = f"members:join:{_client_ip(request)}"
    cache.add(key, 0, JOIN_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, JOIN_WINDOW)
        count = 1
    return count > JOIN_LIMIT


def join(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A cooperative's public admission form: the application goes to the board's queue."""
    organization = get_object_or_404(Organization, slug=org_slug)
    current = selectors.statute(organization)
    if not current.public_admission_form:
        raise Http404
    if request.GET.get("sent"):
        return render(request, "members/join_sent.html", {"organization": organization})
    form = PublicApplicationForm(_posted(request), statute=current)
    if request.method == "POST":
        if _over_join_limit(request):
            context = {"organization": organization}
            return render(request, "members/join_limited.html", context, status=429)
        if form.is_valid():
            sent = redirect(reverse("members:join", kwargs={"org_slug": org_slug}) + "?sent=1")
            if form.is_robot:
                return sent
            note = _(
                "Domanda inviata con il modulo pubblico (e-mail %(email)s, telefono %(phone)s)."
            )
            try:
                services.application_submit(
                    actor=None,
                    organization=organization,
                    person_data=form.person_data(),
                    category=form.cleaned_data["category"],
                    applied_on=timezone.localdate(),
                    note=note
                    % {
                        "email": form.cleaned_data["email"],
                        "phone": form.cleaned_data["phone"] or "—",
                    },
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    # e.g. "already a member": answering differently would tell a stranger
                    # who belongs to the cooperative
                    return sent
                add_service_errors(form, error)
            else:
                return sent
    return render(request, "members/join.html", {"form": form, "organization": organization})
