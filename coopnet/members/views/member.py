"""A member's file and the steps it offers; new applications; a person's contacts and login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess, visible_organizations
from coopnet.core.audit import log_lines
from coopnet.core.decorators import org_view
from coopnet.core.models import User, in_network
from coopnet.core.web import current_user, form_page, get_or_404, saved

from .. import deadlines, selectors, services
from ..forms import (
    AccountLinkForm,
    AdmitForm,
    AppealDecideForm,
    AppealForm,
    ApplicationForm,
    DeathForm,
    ExcludeForm,
    PaymentForm,
    PersonContactsForm,
    RefundForm,
    RefuseForm,
    ReverseForm,
    RistornoForm,
    SubscribeForm,
    TransferForm,
    WithdrawalDecideForm,
    WithdrawalRequestForm,
)
from ..models import EXITED, Membership, MembershipStatus, ShareAccount
from .common import contacts_form, posted, share_account


def _membership(access: OrgAccess, pk: int) -> Membership:
    return get_or_404(selectors.membership_detail, access.organization, pk)


@dataclass(frozen=True)
class Action:
    """A step a member's file offers: its form, who may take it, when, and the service, which
    takes the form's fields as they are (and the membership under ``subject``)."""

    label: Any
    permission: str
    form: type[forms.Form]
    available: Callable[[Membership, ShareAccount | None], bool]
    service: Callable[..., object]
    done: Any
    group: str = "lifecycle"
    subject: str = "membership"

    def run(self, actor: User, membership: Membership, data: dict[str, Any]) -> object:
        return self.service(actor=actor, **{self.subject: membership}, **data)


def _active(m: Membership, _a: ShareAccount | None) -> bool:
    return m.status == MembershipStatus.ACTIVE


def _applied(m: Membership, _a: ShareAccount | None) -> bool:
    return m.status == MembershipStatus.APPLIED


ACTIONS: dict[str, Action] = {
    "admit": Action(
        gettext_lazy("Ammissione"),
        "members.register:write",
        AdmitForm,
        _applied,
        services.membership_admit,
        gettext_lazy("Socio ammesso e iscritto nel libro soci."),
    ),
    "refuse": Action(
        gettext_lazy("Rigetto della domanda"),
        "members.register:write",
        RefuseForm,
        _applied,
        services.membership_refuse,
        gettext_lazy(
            "Domanda respinta. Il richiedente può ricorrere all'assemblea entro 60 giorni."
        ),
    ),
    "appeal": Action(
        gettext_lazy("Ricorso all'assemblea"),
        "members.register:write",
        AppealForm,
        lambda m, _a: m.status == MembershipStatus.REFUSED and m.appeal_filed_on is None,
        services.membership_appeal,
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
        services.membership_appeal_decide,
        gettext_lazy("Esito del ricorso registrato."),
    ),
    "withdrawal_request": Action(
        gettext_lazy("Richiesta di recesso"),
        "members.register:write",
        WithdrawalRequestForm,
        lambda m, _a: m.status == MembershipStatus.ACTIVE and m.exit_requested_on is None,
        services.withdrawal_request,
        gettext_lazy("Richiesta di recesso registrata: il consiglio decide entro 60 giorni."),
    ),
    "withdrawal_decide": Action(
        gettext_lazy("Decisione sul recesso"),
        "members.register:write",
        WithdrawalDecideForm,
        lambda m, _a: m.status == MembershipStatus.ACTIVE and m.exit_requested_on is not None,
        services.withdrawal_decide,
        gettext_lazy("Decisione sul recesso registrata."),
    ),
    "exclude": Action(
        gettext_lazy("Esclusione"),
        "members.register:write",
        ExcludeForm,
        _active,
        services.membership_exclude,
        gettext_lazy("Esclusione registrata."),
    ),
    "death": Action(
        gettext_lazy("Decesso"),
        "members.register:write",
        DeathForm,
        _active,
        services.membership_record_death,
        gettext_lazy("Decesso registrato."),
    ),
    "subscribe": Action(
        gettext_lazy("Sottoscrizione di quote"),
        "members.shares:write",
        SubscribeForm,
        _active,
        services.shares_subscribe,
        gettext_lazy("Sottoscrizione registrata."),
        "shares",
    ),
    "pay": Action(
        gettext_lazy("Versamento"),
        "members.shares:write",
        PaymentForm,
        lambda m, a: a is not None and a.outstanding > 0,
        services.shares_pay,
        gettext_lazy("Versamento registrato."),
        "shares",
    ),
    "ristorno": Action(
        gettext_lazy("Ristorno a capitale"),
        "members.shares:write",
        RistornoForm,
        _active,
        services.shares_capitalise_ristorno,
        gettext_lazy("Ristorno capitalizzato."),
        "shares",
    ),
    "transfer": Action(
        gettext_lazy("Trasferimento di quote a un altro socio"),
        "members.shares:write",
        TransferForm,
        lambda m, a: a is not None and a.shares > 0,
        services.shares_transfer,
        gettext_lazy("Trasferimento registrato."),
        "shares",
        subject="source",
    ),
    "refund": Action(
        gettext_lazy("Rimborso del capitale"),
        "members.shares:write",
        RefundForm,
        lambda m, a: m.status in EXITED and a is not None and (a.subscribed > 0 or a.shares > 0),
        services.shares_refund,
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
    account = share_account(membership)
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
        "audit": log_lines(selectors.audit_trail(membership)),
        "votes_today": selectors.has_voting_rights(membership, today),
        "today": today,
        "pending": deadlines.pending_decision(membership, today),
        "appeal_deadline": deadlines.appeal_deadline(membership),
        "lifecycle_forms": [f for f in forms_shown if f[1].group == "lifecycle"],
        "share_forms": [f for f in forms_shown if f[1].group == "shares"],
        "can_edit_person": access.can("members.register:write"),
        "can_reverse": access.can("members.shares:write"),
    }
    return render(request, "members/detail.html", context)


@org_view("members.register:read")
def detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A member's file: person, membership, voting rights, shares, history and actions."""
    return _render_detail(request, access, _membership(access, pk))


@org_view("members.register:read")
@require_POST
def action(request: HttpRequest, access: OrgAccess, pk: int, name: str) -> HttpResponse:
    """Take one step of a member's file; the service decides whether it is lawful."""
    spec = ACTIONS.get(name)
    if spec is None or not access.can(spec.permission):
        raise Http404
    membership = _membership(access, pk)
    form = _action_form(name, access, request.POST)
    if form.is_valid():
        write = partial(spec.run, current_user(request), membership, form.cleaned_data)
        if saved(request, form, write, str(spec.done)) is not None:
            return redirect("members:detail", org_slug=access.organization.slug, pk=membership.pk)
    messages.error(request, _("Operazione non registrata: correggi i dati evidenziati."))
    membership = _membership(access, pk)
    return _render_detail(request, access, membership, bound=(name, form))


@org_view("members.shares:write")
def ledger_reverse(request: HttpRequest, access: OrgAccess, pk: int, line_pk: int) -> HttpResponse:
    """Correct a wrong ledger line: the page says what the reversal will record, then asks."""
    membership = _membership(access, pk)
    line = get_or_404(selectors.ledger_line, membership, line_pk)
    form = ReverseForm(posted(request))
    opposite = {
        "shares": -line.shares_delta,
        "subscribed": -line.subscribed_delta,
        "paid": -line.paid_delta,
    }
    return form_page(
        request,
        form,
        lambda: services.shares_reverse(
            actor=current_user(request), line=line, **form.cleaned_data
        ),
        _("Storno registrato: la riga originale resta nel libro."),
        lambda _reversal: redirect("members:detail", org_slug=access.organization.slug, pk=pk),
        "members/ledger_reverse.html",
        {"membership": membership, "line": line, "opposite": opposite},
    )


# --- applications and people ---------------------------------------------------------------


@org_view("members.register:write")
def application_new(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Record an applicant (a new person or one already known) and their application."""
    organization = access.organization
    organizations = in_network(visible_organizations(current_user(request))).exclude(
        pk=organization.pk
    )
    form = ApplicationForm(
        posted(request),
        statute=selectors.statute(organization),
        organizations=organizations.order_by("short_name"),
    )

    def then(submitted: tuple[Membership, bool]) -> HttpResponse:
        membership, created = submitted
        if not created:
            messages.warning(
                request, _("La persona era già registrata: la domanda usa la sua scheda esistente.")
            )
        return redirect("members:detail", org_slug=organization.slug, pk=membership.pk)

    return form_page(
        request,
        form,
        lambda: services.application_submit(
            actor=current_user(request),
            organization=organization,
            person_data=form.person_data(),
            category=form.cleaned_data["category"],
            applied_on=form.cleaned_data["applied_on"],
            note=form.cleaned_data["note"],
        ),
        _("Domanda di ammissione registrata."),
        then,
        "members/application_form.html",
    )


@org_view("members.register:write")
def person_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Change the contacts, address and privacy consent of a member's person record."""
    membership = _membership(access, pk)
    form, done = contacts_form(
        request, PersonContactsForm, membership.person, _("Recapiti aggiornati.")
    )
    if done:
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
    membership = _membership(access, pk)
    form = AccountLinkForm(request.POST, organization=access.organization, prefix="account")
    if form.is_valid():
        write = partial(
            services.person_link_user,
            actor=current_user(request),
            person=membership.person,
            user=form.cleaned_data["email"],
        )
        done = _("Account collegato: la persona vede la sua area socio.")
        if saved(request, form, write, done) is not None:
            return redirect("members:detail", org_slug=access.organization.slug, pk=pk)
    return _render_person_page(request, access, membership, account_form=form)
