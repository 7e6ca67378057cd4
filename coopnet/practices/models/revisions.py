"""A published practice changes only through revisions: its owner proposes a new text, the
organizer (the catalogue's curator) approves it, and only then the public page shows it. Every
revision is kept, approved or not: the practice's history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel
from coopnet.core.models.mixins import CreatedBy, user_key

from .catalogue import Practice, PracticeText


class RevisionState(models.TextChoices):
    PROPOSED = "proposta", _("In attesa di approvazione")
    APPROVED = "approvata", _("Approvata")
    REJECTED = "respinta", _("Respinta")


class PracticeRevision(TenantModel, CreatedBy, PracticeText):
    """A new text of a practice proposed by its owner; ``organization`` is the organizer."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="revisions")
    state = models.CharField(
        _("stato"), max_length=10, choices=RevisionState.choices, default=RevisionState.PROPOSED
    )
    note = models.TextField(_("che cosa cambia"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decided_by = user_key()
    feedback = models.TextField(_("motivazione"), max_length=2000, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("revisione di una buona pratica")
        verbose_name_plural = _("revisioni delle buone pratiche")
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                condition=models.Q(state=RevisionState.PROPOSED),
                name="practices_revision_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title
