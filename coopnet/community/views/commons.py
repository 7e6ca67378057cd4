"""Pages of the commons register: the list by state, a new asset, an asset with its
pictures, documents and history, its edit page, a file's download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, get_or_404, saved

from .. import selectors, services
from ..forms import AssetFileForm, AssetForm, AssetNoteForm
from ..models import AssetState
from .common import file_response, form_page, state_list

READ = "community.commons:read"
WRITE = "community.commons:write"


@org_view(READ)
def asset_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return state_list(
        request,
        "community/asset_list.html",
        lambda state: selectors.assets(access.organization, state=state),
        AssetState,
    )


@org_view(WRITE)
def asset_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = AssetForm(request.POST or None, bodies=selectors.public_bodies())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = saved(
            request,
            form,
            lambda: services.asset_create(
                actor=current_user(request), organization=access.organization, data=data
            ),
            _("Bene iscritto nel registro."),
        )
        if item is not None:
            return redirect("community:asset", access.organization.slug, item.pk)
    return form_page(request, _("Nuovo bene comune"), form)


@org_view(WRITE)
def asset_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.asset, access.organization, pk)
    form = AssetForm(request.POST or None, instance=item, bodies=selectors.public_bodies())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        write = lambda: services.asset_update(actor=current_user(request), asset=item, data=data)  # noqa: E731
        if saved(request, form, write, _("Bene modificato.")):
            return redirect("community:asset", access.organization.slug, item.pk)
    return form_page(request, _("Modifica il bene comune"), form)


@org_view(READ)
def asset_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.asset, access.organization, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    note_form = AssetNoteForm(
        request.POST if action == "note" else None, initial={"date": timezone.localdate()}
    )
    file_form = AssetFileForm(
        request.POST if action == "file" else None, request.FILES if action == "file" else None
    )
    if action and not access.can(WRITE):
        raise Http404
    user = current_user(request)
    if action == "note" and note_form.is_valid():
        data = note_form.cleaned_data
        write = lambda: services.asset_note(actor=user, asset=item, **data)  # noqa: E731
        if saved(request, note_form, write, _("Evento aggiunto.")):
            return redirect("community:asset", access.organization.slug, item.pk)
    if action == "file" and file_form.is_valid():
        data = file_form.cleaned_data
        write_file = lambda: services.asset_file_add(actor=user, asset=item, **data)  # noqa: E731
        if saved(request, file_form, write_file, _("File caricato.")):
            return redirect("community:asset", access.organization.slug, item.pk)
    context = {
        "asset": item,
        "history": selectors.asset_history(item),
        "files": selectors.asset_files(item),
        "note_form": note_form,
        "file_form": file_form,
        "may_write": access.can(WRITE),
        "signups": selectors.signups(item) if access.can(WRITE) else (),
    }
    return render(request, "community/asset_detail.html", context)


@org_view(READ)
def asset_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    row = get_or_404(selectors.asset_file, access.organization, pk)
    return file_response(row, as_attachment=row.kind != "foto")
