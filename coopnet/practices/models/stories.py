"""Stories: short news posts by an organizer about its practices and calls (the blog that
federations run today), public from ``published_on`` on the catalogue's home page and in the
feed."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel
from coopnet.core.models.mixins import CreatedBy
from coopnet.core.validators import PICTURE_EXTENSIONS

from .calls import Call, organizer_label
from .catalogue import Practice


class Story(TenantModel, CreatedBy):
    """A news post; ``organization`` is the organizer that writes it (a consortium, a
    federation or the platform's own organization)."""

    title = models.CharField(_("titolo"), max_length=200)
    text = models.TextField(_("testo"), max_length=10000)
    picture = models.FileField(
        _("foto"),
        upload_to="practices/stories/%Y/",
        blank=True,
        validators=[FileExtensionValidator(PICTURE_EXTENSIONS)],
        help_text=_("JPEG, PNG o WebP, fino a 10 MB."),
    )
    practice = models.ForeignKey(
        Practice,
        verbose_name=_("pratica di cui parla"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("bando di cui parla"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stories",
    )
    published_on = models.DateField(_("pubblicata il"), db_index=True)

    class Meta:
        ordering = ("-published_on", "-pk")
        verbose_name = _("notizia")
        verbose_name_plural = _("notizie")

    def __str__(self) -> str:
        return self.title

    @property
    def organizer_name(self) -> str:
        """Who wrote it, as pages and feeds name it: "coopnet (piattaforma)" for the platform."""
        return organizer_label(self.organization)

    def is_public(self) -> bool:
        return self.published_on <= timezone.localdate()


# What the organizer writes of a story, in the order of its form.
STORY_FIELDS = ("title", "text", "practice", "call", "published_on")
