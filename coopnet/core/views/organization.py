"""Pages of one organization's office: its audit log and who holds which role."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import otp, selectors, services
from ..access import OrgAccess
from ..audit import log_lines
from ..decorators import org_view
from ..forms import AuditFilterForm, InviteForm
from ..web import get_or_404


@org_view("core.audit:read")
def audit_log(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The organization's audit trail with filters, 50 entries a page."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries(
        access.organization,
        action=filters.get("action") or "",
        actor_email=filters.get("actor") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "lines": log_lines(page)}
    return render(request, "core/audit_log.html", context)


@org_view("core.roles:write")
def people(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Who has which role in the organization; grant a role by e-mail (inviting new people)."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_invite(
            actor=request.user,  # type: ignore[arg-type]
            organization=access.organization,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(request, _("Ruolo assegnato."))
        return redirect("people", org_slug=access.organization.slug)
    roles = list(selectors.organization_roles(access.organization))
    context = {
        "form": form,
        "roles": roles,
        "can_reset": access.can("core.second_factor:reset"),
        "with_second_factor": otp.users_with_second_factor([r.user_id for r in roles]),
    }
    return render(request, "core/people.html", context)


@org_view("core.roles:write")
@require_http_methods(["GET", "POST"])
def role_revoke(request: HttpRequest, access: OrgAccess, assignment_id: int) -> HttpResponse:
    """Ask, saying what revoking means, then revoke; the last administrator is kept."""
    roles = selectors.organization_roles(access.organization).select_related("organization")
    assignment = get_or_404(lambda: roles.get(pk=assignment_id))
    actor = request.user
    reason = services.last_admin_reason(actor=actor, assignment=assignment)  # type: ignore[arg-type]
    if request.method == "POST" and not reason:
        try:
            services.role_revoke(actor=actor, assignment=assignment)  # type: ignore[arg-type]
        except ValidationError as error:
            reason = " ".join(error.messages)
        else:
            messages.success(request, _("Ruolo revocato."))
            if assignment.user_id == actor.pk:  # they may have just lost this page
                return redirect("home")
            return redirect("people", org_slug=access.organization.slug)
    context = {
        "assignment": assignment,
        "reason": reason,
        "is_self": assignment.user_id == actor.pk,
    }
    return render(request, "core/role_revoke.html", context)
