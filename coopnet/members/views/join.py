"""A cooperative's public admission form: applications go to the board's queue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.clients import client_ip
from coopnet.core.models import Organization
from coopnet.core.ratelimit import Limit
from coopnet.core.web import apply_errors

from .. import selectors, services
from ..forms import PublicApplicationForm
from .common import posted

JOIN_LIMIT = Limit("members.join", count=5, seconds=3600)  # applications per address an hour


def join(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A cooperative's public admission form: the application goes to the board's queue."""
    organization = get_object_or_404(Organization, slug=org_slug)
    current = selectors.statute(organization)
    if not current.public_admission_form:
        raise Http404
    if request.GET.get("sent"):
        return render(request, "members/join_sent.html", {"organization": organization})
    form = PublicApplicationForm(posted(request), statute=current)
    if request.method == "POST":
        if JOIN_LIMIT.exceeded(client_ip(request)):
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
                apply_errors(form, error)
            else:
                return sent
    return render(request, "members/join.html", {"form": form, "organization": organization})
