"""Stories: the organizer writes them (``practices.calls:manage``); anyone reads them, with
their picture, from their publication day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.decorators import org_view
from coopnet.core.web import current_user, form_page, get_or_404, stored_file

from .. import selectors, services
from ..forms import StoryForm
from ..models import STORY_FIELDS, Story
from .common import MANAGE


@org_view(MANAGE)
def story_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    rows = selectors.stories(access.organization)
    return render(request, "practices/story_list.html", {"stories": rows})


def _story_form(request: HttpRequest, access: OrgAccess, story: Story) -> HttpResponse:
    """The form of a new story or of ``story``, saved through its service."""
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        instance=story,
        initial={"published_on": story.published_on or timezone.localdate()},
        practices=selectors.curated(access.organization),
        calls=selectors.calls(access.organization).filter(published=True),
    )

    def write() -> Story:
        data = {name: form.cleaned_data[name] for name in STORY_FIELDS}
        picture = form.cleaned_data["picture"]
        if story.pk:
            return services.story_update(
                actor=current_user(request), story=story, data=data, picture=picture
            )
        return services.story_create(
            actor=current_user(request),
            organization=access.organization,
            data=data,
            picture=picture,
        )

    return form_page(
        request,
        form,
        write,
        _("Notizia salvata."),
        lambda _saved: redirect("practices:stories", access.organization.slug),
        "practices/form.html",
        {"title": _("Notizia") if story.pk else _("Nuova notizia"), "multipart": True},
    )


@org_view(MANAGE)
def story_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    return _story_form(request, access, Story(organization=access.organization))


@org_view(MANAGE)
def story_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    return _story_form(request, access, get_or_404(selectors.story, access.organization, pk))


def story_page(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_or_404(selectors.public_story, pk)
    return render(request, "practices/story.html", {"story": story})


def story_picture(request: HttpRequest, pk: int) -> HttpResponse:
    return stored_file(get_or_404(selectors.public_story, pk).picture, as_attachment=False)
