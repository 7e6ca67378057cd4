"""Writes of stories: an organizer's news posts about its practices and calls. The organizers
are those that run calls (``ORGANIZER_KINDS``): consortia, federations and the platform's own
organization, whose administrators post its news as a consortium's office does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited
from coopnet.core.validators import check_upload

from ..models import ORGANIZER_KINDS, STORY_FIELDS, Story
from .submissions import MAX_FILE_BYTES


def _check_story(story: Story) -> None:
    errors: dict[str, str] = {}
    if story.organization.kind not in ORGANIZER_KINDS:
        errors["title"] = _(
            "Solo chi promuove bandi (un consorzio, una federazione o la piattaforma) "
            "pubblica notizie sulle pratiche."
        )
    if story.practice is not None and story.practice.organization_id != story.organization_id:
        errors["practice"] = _("La pratica non è del vostro catalogo.")
    if story.call is not None and (
        story.call.organization_id != story.organization_id or not story.call.published
    ):
        errors["call"] = _("Il bando non è uno dei vostri bandi pubblicati.")
    if errors:
        raise ValidationError(errors)
    story.full_clean(exclude=["organization"])


def _save(
    actor: User | None,
    story: Story,
    data: Mapping[str, Any],
    picture: UploadedFile | None,
    action: str,
) -> Story:
    fields: tuple[str, ...] = STORY_FIELDS
    if picture is not None:
        check_upload(picture, max_bytes=MAX_FILE_BYTES, picture=True, field="picture")
        data, fields = {**data, "picture": picture}, (*STORY_FIELDS, "picture")
    text = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    return save_audited(
        actor=actor, instance=story, data=text, fields=fields, clean=_check_story, action=action
    )


@transaction.atomic
def story_create(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    picture: UploadedFile | None = None,
) -> Story:
    """A story of ``organization``, public from its ``published_on``."""
    story = Story(organization=organization, created_by=actor)
    return _save(actor, story, data, picture, "practices.story.create")


@transaction.atomic
def story_update(
    *,
    actor: User | None,
    story: Story,
    data: Mapping[str, Any],
    picture: UploadedFile | None = None,
) -> Story:
    story = Story.objects.for_org(story.organization_id).select_for_update().get(pk=story.pk)
    return _save(actor, story, data, picture, "practices.story.update")
