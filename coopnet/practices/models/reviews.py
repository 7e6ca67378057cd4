"""The review of a call's submissions: who reviews what, their declaration of no conflict of
interest, and their scores per criterion."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel
from coopnet.core.models.mixins import Created

from .calls import Criterion
from .submissions import Submission


class Assignment(TenantModel, Created):
    """A reviewer assigned to a submission (``organization``: the call's organizer).

    The reviewer first declares whether they have a conflict of interest; with one they never
    score it. ``completed_at`` is set when every criterion is scored.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        "core.User",
        verbose_name=_("valutatore"),
        on_delete=models.PROTECT,
        related_name="practice_assignments",
    )
    declared_at = models.DateTimeField(_("dichiarazione del"), null=True, blank=True)
    conflict = models.BooleanField(_("conflitto di interessi"), default=False)
    conflict_reason = models.CharField(_("motivo del conflitto"), max_length=500, blank=True)
    note = models.TextField(
        _("note riservate"),
        max_length=5000,
        blank=True,
        help_text=_("Le vede solo chi organizza il bando, mai chi propone."),
    )
    completed_at = models.DateTimeField(_("completata il"), null=True, blank=True)

    class Meta:
        ordering = ("submission", "pk")
        verbose_name = _("assegnazione")
        verbose_name_plural = _("assegnazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="practices_assignment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.submission}"


class Score(TenantModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("punteggio"))
    comment = models.TextField(_("commento"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("punteggio")
        verbose_name_plural = _("punteggi")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="practices_score_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
