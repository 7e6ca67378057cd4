"""Replication: the public form that asks to replicate a practice (rate limited, with a
honeypot), and the requests' pages of the practice's owner and organizer, where they accept
or decline them, record mentoring and link the new cooperative as an incubation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.clients import client_ip
from coopnet.core.decorators import org_view
from coopnet.core.models import Organization, User
from coopnet.core.ratelimit import Limit
from coopnet.core.web import current_user, get_or_404, saved

from .. import selectors, services
from ..forms import IncubationForm, MentoringForm, ReplicationAskForm, ReplicationDecideForm
from ..models import ReplicationState

REPLICATE = "practices.replications:manage"
ASK_LIMIT = Limit("practices.replication", count=5, seconds=3600)  # requests per address an hour


def replication_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to replicate a public practice: anyone, or a logged-in person for a cooperative."""
    practice = get_or_404(selectors.practice, pk)
    user = request.user if isinstance(request.user, User) else None
    organizations = (
        selectors.requesting_organizations(user) if user else Organization.objects.none()
    )
    form = ReplicationAskForm(
        request.POST if request.method == "POST" else None, user=user, organizations=organizations
    )
    status = 200
    sent = redirect("practices:practice", practice.pk)
    if request.method == "POST":
        if ASK_LIMIT.exceeded(client_ip(request)):
            form.is_valid()
            form.add_error(
                None,
                _("Troppe richieste da questa connessione nell'ultima ora: riprova più tardi."),
            )
            status = 429
        elif form.is_valid():
            if form.is_robot:
                return sent
            data = form.cleaned_data
            write = lambda: services.replication_ask(  # noqa: E731
                actor=user,
                practice=practice,
                requester=data.get("requester"),
                name=data["name"],
                email=data["email"],
                message=data["message"],
            )
            if saved(request, form, write, _("Richiesta inviata: vi risponderanno per e-mail.")):
                return sent
    context = {"practice": practice, "form": form}
    return render(request, "practices/replication_ask.html", context, status=status)


@org_view(REPLICATE)
def replication_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.replications(access.organization)
    return render(request, "practices/replication_list.html", {"requests": rows})


@org_view(REPLICATE)
def replication_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    row = get_or_404(selectors.replication, access.organization, pk)
    practice = row.practice
    action = request.POST.get("action") if request.method == "POST" else None
    sides = Organization.objects.filter(pk__in=[practice.organization_id, practice.owner_id])
    decide_form = ReplicationDecideForm(request.POST if action == "decide" else None)
    mentoring_form = MentoringForm(
        request.POST if action == "mentoring" else None,
        sides=sides,
        initial={
            "mentor": access.organization.pk,
            "mentee": row.requester.short_name if row.requester else row.name,
            "start_date": timezone.localdate(),
        },
        prefix="m",
    )
    incubation_form = IncubationForm(
        request.POST if action == "incubate" else None,
        initial={"child": row.requester_id, "start_date": timezone.localdate()},
        prefix="i",
    )
    user = current_user(request)
    writes = {
        "decide": (
            decide_form,
            lambda: services.replication_decide(
                actor=user, request=row, **decide_form.cleaned_data
            ),
            _("Decisione salvata."),
        ),
        "mentoring": (
            mentoring_form,
            lambda: services.mentoring_add(actor=user, request=row, **mentoring_form.cleaned_data),
            _("Affiancamento registrato."),
        ),
        "incubate": (
            incubation_form,
            lambda: services.replication_incubate(
                actor=user,
                request=row,
                incubator=access.organization,
                **incubation_form.cleaned_data,
            ),
            _("Replica collegata alla rete come incubazione."),
        ),
    }
    if action in writes:
        form, write, message = writes[action]
        if form.is_valid() and saved(request, form, write, message):
            return redirect("practices:replication", access.organization.slug, row.pk)
    context = {
        "row": row,
        "practice": practice,
        "accepted": row.state == ReplicationState.ACCEPTED,
        "decide_form": decide_form,
        "mentoring_form": mentoring_form,
        "incubation_form": incubation_form,
    }
    return render(request, "practices/replication_detail.html", context)
