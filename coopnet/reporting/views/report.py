"""Pages of the social report: the reports, one report's sections with their completeness,
a section's tables and text."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404

from .. import selectors, services
from ..forms import ReportForm, SectionForm
from ..indicators.catalogue import SECTIONS
from .indicators import writer_post

READ = "reporting.report:read"
WRITE = "reporting.report:write"


@org_view(READ)
def reports(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The organization's social reports; the office starts one for a year."""
    organization = access.organization
    form = ReportForm(
        writer_post(request, access, WRITE), initial={"year": timezone.localdate().year - 1}
    )
    return form_page(
        request,
        form,
        lambda: services.report_create(
            actor=current_user(request), organization=organization, year=form.cleaned_data["year"]
        ),
        _("Bilancio sociale avviato."),
        lambda report: redirect("reporting:report", organization.slug, report.pk),
        "reporting/reports.html",
        {"reports": selectors.reports(organization), "can_write": access.can(WRITE)},
    )


@org_view(READ)
def report(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The eight sections, each with its tables and what it still lacks."""
    found = get_or_404(selectors.report_detail, access.organization, pk)
    states = selectors.section_states(found)
    context = {
        "report": found,
        "states": states,
        "complete": sum(s.complete for s in states),
        "can_write": access.can(WRITE),
    }
    return render(request, "reporting/report.html", context)


@org_view(READ)
def section(request: HttpRequest, access: OrgAccess, pk: int, number: int) -> HttpResponse:
    """A section's tables and its text; the office writes it (until approval)."""
    found = get_or_404(selectors.report_detail, access.organization, pk)
    if number not in SECTIONS:
        raise Http404
    current = get_or_404(selectors.report_section, found, number)
    state = next(s for s in selectors.section_states(found) if s.section.number == number)
    form = SectionForm(
        writer_post(request, access, WRITE), instance=current, parts=state.requirement.parts
    )
    return form_page(
        request,
        form,
        lambda: services.section_update(
            actor=current_user(request), section=current, data=form.cleaned_data
        ),
        _("Sezione salvata."),
        lambda _s: redirect("reporting:report", access.organization.slug, found.pk),
        "reporting/section.html",
        {"report": found, "state": state, "can_write": access.can(WRITE)},
    )
