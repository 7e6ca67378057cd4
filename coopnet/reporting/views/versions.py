"""Pages of a social report's versions: the control body's review with its attestation, the
assembly's approval (asked once), a new version after approval."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import attempt, current_user, form_page, get_or_404, saved, stored_file

from .. import selectors, services
from ..forms import ApprovalForm, ReviewForm
from .report import READ, WRITE


@org_view(WRITE)
def review(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Attach the control body's attestation to a draft."""
    found = get_or_404(selectors.report_detail, access.organization, pk)
    form = ReviewForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda: services.report_review(
            actor=current_user(request),
            report=found,
            attestation=form.cleaned_data["attestation"],
            note=form.cleaned_data["note"],
        ),
        _("Attestazione dell'organo di controllo allegata."),
        lambda _r: redirect("reporting:report", access.organization.slug, found.pk),
        "reporting/review.html",
        {"report": found},
    )


@org_view(READ)
def attestation(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The control body's attestation, for those who read the report (404 when none)."""
    found = get_or_404(selectors.report_detail, access.organization, pk)
    return stored_file(found.attestation, as_attachment=True)


@org_view(WRITE)
def approve(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Choose the assembly's item, see what approving does, confirm once."""
    organization = access.organization
    found = get_or_404(selectors.report_detail, organization, pk)
    form = ApprovalForm(request.POST or None, items=selectors.approval_items(organization))
    confirming = False
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirmed"]:
            approved = saved(
                request,
                form,
                lambda: services.report_approve(
                    actor=current_user(request),
                    report=found,
                    item=form.cleaned_data["approval_item"],
                ),
                _("Bilancio sociale approvato: questa versione non si modifica più."),
            )
            if approved is not None:
                return redirect("reporting:report", organization.slug, found.pk)
        else:
            confirming = True
    context = {"report": found, "form": form, "confirming": confirming}
    return render(request, "reporting/approve.html", context)


@require_POST
@org_view(WRITE)
def new_version(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A new draft copied from an approved version."""
    found = get_or_404(selectors.report_detail, access.organization, pk)
    new = attempt(
        request,
        lambda: services.report_new_version(actor=current_user(request), report=found),
        _("Nuova versione in preparazione."),
    )
    return redirect("reporting:report", access.organization.slug, new.pk if new else pk)
