"""Pages of the commons register: the list by state, a new asset, an asset with its
pictures, documents and history, its edit page, a file's download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404, stored_file

from .. import selectors, services
from ..forms import AssetFileForm, AssetForm, AssetNoteForm
from ..models import AssetState
from .common import FORM, Action, action_form, back, run_action, state_list

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
    return form_page(
        request,
        form,
        lambda: services.asset_create(
            actor=current_user(request), organization=access.organization, data=form.cleaned_data
        ),
        _("Bene iscritto nel registro."),
        lambda item: back("asset", access, item.pk),
        FORM,
        {"title": _("Nuovo bene comune"), "commons": True},
    )


@org_view(WRITE)
def asset_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.asset, access.organization, pk)
    form = AssetForm(request.POST or None, instance=item, bodies=selectors.public_bodies())
    return form_page(
        request,
        form,
        lambda: services.asset_update(
            actor=current_user(request), asset=item, data=form.cleaned_data
        ),
        _("Bene modificato."),
        lambda _item: back("asset", access, item.pk),
        FORM,
        {"title": _("Modifica il bene comune"), "commons": True},
    )


@org_view(READ)
def asset_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    item = get_or_404(selectors.asset, access.organization, pk)
    today = timezone.localdate()
    note_form = action_form(request, "note", AssetNoteForm, initial={"date": today})
    file_form = action_form(request, "file", AssetFileForm)
    user = current_user(request)
    actions: dict[str, Action] = {
        "note": (
            note_form,
            lambda data: services.asset_note(actor=user, asset=item, **data),
            _("Evento aggiunto."),
        ),
        "file": (
            file_form,
            lambda data: services.asset_file_add(actor=user, asset=item, **data),
            _("File caricato."),
        ),
    }
    if run_action(request, access.can(WRITE), actions):
        return back("asset", access, item.pk)
    context = {
        "asset": item,
        "history": selectors.asset_history(item),
        "files": selectors.asset_files(item),
        "agreements": selectors.agreements(access.organization, asset=item),
        "today": today,
        "note_form": note_form,
        "file_form": file_form,
        "may_write": access.can(WRITE),
        "signups": selectors.signups(item) if access.can(WRITE) else (),
    }
    return render(request, "community/asset_detail.html", context)


@org_view(READ)
def asset_file(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    row = get_or_404(selectors.asset_file, access.organization, pk)
    return stored_file(row.file, as_attachment=row.kind != "foto")
