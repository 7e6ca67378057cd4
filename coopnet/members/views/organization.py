"""The cooperative's own settings for members: the statute rules and published documents."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404, stored_file

from .. import selectors, services
from ..forms import DocumentForm, StatuteForm
from .common import posted, posted_files


@org_view("members.statute:write")
def statute(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """What the statute says about member categories and shares (R-CC-2525, R-381-2a)."""
    current = selectors.statute(access.organization)
    initial = {name: getattr(current, name) for name in StatuteForm.base_fields}
    form = StatuteForm(posted(request), initial=initial)
    join_url = request.build_absolute_uri(
        reverse("members:join", kwargs={"org_slug": access.organization.slug})
    )
    return form_page(
        request,
        form,
        lambda: services.statute_update(
            actor=current_user(request), organization=access.organization, data=form.cleaned_data
        ),
        _("Regole dello statuto salvate."),
        lambda _statute: redirect("members:statute", org_slug=access.organization.slug),
        "members/statute.html",
        {"statute": current, "join_url": join_url},
    )


@org_view("members.documents:write")
def documents(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Documents published to the members: list and upload."""
    form = DocumentForm(posted(request), posted_files(request))
    return form_page(
        request,
        form,
        lambda: services.document_publish(
            actor=current_user(request), organization=access.organization, **form.cleaned_data
        ),
        _("Documento pubblicato."),
        lambda _document: redirect("members:documents", org_slug=access.organization.slug),
        "members/documents.html",
        {"documents": selectors.published_documents(access.organization)},
    )


@org_view("members.documents:write")
@require_POST
def document_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    document = get_or_404(selectors.published_document, access.organization, pk, False)
    services.document_delete(actor=current_user(request), document=document)
    messages.success(request, _("Documento eliminato."))
    return redirect("members:documents", org_slug=access.organization.slug)


@org_view("members.documents:write")
def document_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    document = get_or_404(selectors.published_document, access.organization, pk, False)
    return stored_file(document.file, as_attachment=True)
