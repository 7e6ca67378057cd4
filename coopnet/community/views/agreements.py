"""Pages of agreements on the commons and their activity reports: the list, a new agreement on
an asset, an agreement with its parties, volunteers (and their insurance), reporting duties and
reports; its correction and renewal; a report with its pictures and its PDF."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.exports import attachment
from coopnet.core.web import current_user, form_page, get_or_404, stored_file

from .. import selectors, services
from ..forms import (
    AgreementForm,
    AgreementTextForm,
    DutyForm,
    PactVolunteerForm,
    PartyForm,
    RenewForm,
    ReportForm,
    ReportPictureForm,
)
from ..pdf import report_pdf as render_report_pdf
from .common import FORM, Action, action_form, back, run_action

READ = "community.commons:read"
WRITE = "community.commons:write"


@org_view(READ)
def agreement_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.agreements(access.organization).order_by("asset__name", "-start_date", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "community/agreement_list.html", context)


@org_view(WRITE)
def agreement_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    asset = get_or_404(selectors.asset, access.organization, pk)
    form = AgreementForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.agreement_create(
            actor=current_user(request), asset=asset, data=form.cleaned_data
        ),
        _("Accordo registrato."),
        lambda item: back("agreement", access, item.pk),
        FORM,
        {"title": _("Nuovo accordo su «%(asset)s»") % {"asset": asset.name}, "commons": True},
    )


@org_view(WRITE)
def agreement_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agreement, access.organization, pk)
    form = AgreementTextForm(request.POST or None, instance=item)
    return form_page(
        request,
        form,
        lambda: services.agreement_update(
            actor=current_user(request), agreement=item, data=form.cleaned_data
        ),
        _("Accordo corretto."),
        lambda _item: back("agreement", access, item.pk),
        FORM,
        {
            "title": _("Correggi l'accordo"),
            "note": _("Tipo e periodo restano come firmati."),
            "commons": True,
        },
    )


@org_view(WRITE)
def agreement_renew(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agreement, access.organization, pk)
    form = RenewForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.agreement_renew(
            actor=current_user(request), agreement=item, **form.cleaned_data
        ),
        _("Accordo rinnovato: il nuovo periodo è un nuovo accordo."),
        lambda renewal: back("agreement", access, renewal.pk),
        FORM,
        {
            "title": _("Rinnova «%(title)s»") % {"title": item.title},
            "commons": True,
            "note": _("Il periodo in corso resta com'è; le parti passano al nuovo periodo."),
        },
    )


@org_view(READ)
def agreement_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agreement, access.organization, pk)
    today = timezone.localdate()
    may_write = access.can(WRITE)
    forms = {
        "party": action_form(request, "party", PartyForm, bodies=selectors.party_bodies()),
        "volunteer": action_form(
            request,
            "volunteer",
            PactVolunteerForm,
            volunteers=selectors.register_volunteers(access.organization, today),
        ),
        "duty": action_form(request, "duty", DutyForm),
    }
    user = current_user(request)
    actions: dict[str, Action] = {
        "party": (
            forms["party"],
            lambda data: services.party_add(actor=user, agreement=item, data=data),
            _("Parte aggiunta."),
        ),
        "volunteer": (
            forms["volunteer"],
            lambda data: services.pact_volunteer_save(actor=user, agreement=item, **data),
            _("Volontario registrato nel patto."),
        ),
        "duty": (
            forms["duty"],
            lambda data: services.duty_add(actor=user, agreement=item, **data),
            _("Scadenza aggiunta."),
        ),
    }
    if run_action(request, may_write, actions):
        return back("agreement", access, item.pk)
    context = {
        "agreement": item,
        "today": today,
        "parties": selectors.agreement_parties(item),
        "renewal": selectors.renewal_of(item),
        "duties": selectors.duties(item),
        "reports": selectors.reports(item),
        "may_write": may_write,
        # Insurance is private: the office's eyes only.
        "volunteers": selectors.pact_volunteers(item, today) if may_write else None,
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "community/agreement_detail.html", context)


@org_view(WRITE)
def report_create(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.agreement, access.organization, pk)
    form = ReportForm(request.POST or None, duties=selectors.open_duties(item))
    return form_page(
        request,
        form,
        lambda: services.report_create(
            actor=current_user(request),
            agreement=item,
            duty=form.cleaned_data.pop("duty"),
            data=form.cleaned_data,
        ),
        _("Relazione scritta."),
        lambda report: back("report", access, report.pk),
        FORM,
        {
            "title": _("Relazione delle attività: %(title)s") % {"title": item.title},
            "commons": True,
        },
    )


@org_view(READ)
def report_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    report = get_or_404(selectors.report, access.organization, pk)
    picture_form = action_form(request, "picture", ReportPictureForm)
    user = current_user(request)
    actions: dict[str, Action] = {
        "picture": (
            picture_form,
            lambda data: services.report_picture_add(actor=user, report=report, **data),
            _("Foto caricata."),
        )
    }
    if run_action(request, access.can(WRITE), actions):
        return back("report", access, report.pk)
    context = {
        "report": report,
        "pictures": selectors.report_pictures(report),
        "picture_form": picture_form,
        "may_write": access.can(WRITE),
    }
    return render(request, "community/report_detail.html", context)


@org_view(READ)
def report_pdf(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The report as the cooperative sends it to the municipality."""
    report = get_or_404(selectors.report, access.organization, pk)
    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    return attachment(response, f"relazione-{report.pk}.pdf")


@org_view(READ)
def report_picture(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    row = get_or_404(selectors.report_picture, access.organization, pk)
    return stored_file(row.file, as_attachment=False)
