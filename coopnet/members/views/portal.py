"""The member portal: a member's own membership, shares, documents, contacts and withdrawal."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.models import User
from coopnet.core.web import current_user, get_or_404, saved, stored_file

from .. import deadlines, selectors, services
from ..forms import ContactsForm, WithdrawalConfirmForm
from ..models import Membership, MembershipStatus
from .common import contacts_form, posted, share_account


def _portal_membership(access: OrgAccess, user: User) -> tuple[Any, list[Membership]]:
    person = selectors.portal_person(access.organization, user)
    memberships = selectors.person_memberships(person) if person is not None else []
    return person, memberships


@org_view("members.portal")
def portal(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The member's own page: membership, shares and payments, documents, their actions."""
    person, memberships = _portal_membership(access, current_user(request))
    current = memberships[0] if memberships else None
    is_member = any(m.status == MembershipStatus.ACTIVE for m in memberships)
    context = {
        "person": person,
        "memberships": memberships,
        "current": current,
        "account": share_account(current) if current else None,
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
    person, _memberships = _portal_membership(access, current_user(request))
    if person is None:
        return redirect("members:portal", org_slug=access.organization.slug)
    form, done = contacts_form(request, ContactsForm, person, _("I tuoi recapiti sono aggiornati."))
    if done:
        return redirect("members:portal", org_slug=access.organization.slug)
    return render(request, "members/portal_contacts.html", {"form": form})


@org_view("members.portal")
def portal_withdraw(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The member asks to withdraw (R-CC-2532), after confirming."""
    _person, memberships = _portal_membership(access, current_user(request))
    current = memberships[0] if memberships else None
    if current is None or current.status != MembershipStatus.ACTIVE:
        messages.error(request, _("Non risulti socio: non c'è nulla da cui recedere."))
        return redirect("members:portal", org_slug=access.organization.slug)
    form = WithdrawalConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        write = partial(
            services.withdrawal_request,
            actor=current_user(request),
            membership=current,
            requested_on=timezone.localdate(),
        )
        done = _("Richiesta di recesso inviata: il consiglio deve decidere entro 60 giorni.")
        if saved(request, form, write, done) is not None:
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
    _person, memberships = _portal_membership(access, current_user(request))
    if not any(m.status == MembershipStatus.ACTIVE for m in memberships):
        raise Http404
    document = get_or_404(selectors.published_document, access.organization, pk, True)
    return stored_file(document.file, as_attachment=True)
