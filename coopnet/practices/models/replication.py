"""Requests to replicate a practice and the mentoring that follows.

A cooperative, or a group wanting to start one (a person logged in without an organization, or
anyone through the public form), asks to replicate a practice. The request lives with the
practice in the organizer's tenant (``organization``); the practice's owner reads it through
``practice__owner``. Accepted, it may get mentors and, once the group becomes a cooperative,
an incubation in the network (``incubation``: the network knows nothing of practices).
The requester reads its own requests through ``requester`` (a cooperative) or ``user`` (a
person, ``requester`` empty), and may withdraw one still waiting for an answer.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, TenantModel
from coopnet.core.models.mixins import Created, user_key
from coopnet.network.models import Incubation

from .catalogue import Practice


class ReplicationState(models.TextChoices):
    NEW = "nuova", _("Da valutare")
    ACCEPTED = "accolta", _("Accolta")
    DECLINED = "rifiutata", _("Rifiutata")
    WITHDRAWN = "ritirata", _("Ritirata da chi l'aveva chiesta")


class ReplicationRequest(TenantModel, Created):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="replication_requests"
    )
    requester = models.ForeignKey(
        Organization,
        verbose_name=_("cooperativa richiedente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practice_replications",
    )
    user = user_key(_("chi ha chiesto"))
    name = models.CharField(_("nome e cognome o gruppo"), max_length=160)
    email = models.EmailField(_("e-mail"))
    message = models.TextField(_("che cosa volete replicare e dove"), max_length=3000)
    state = models.CharField(
        _("stato"), max_length=10, choices=ReplicationState.choices, default=ReplicationState.NEW
    )
    answer = models.TextField(_("risposta a chi chiede"), max_length=3000, blank=True)
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    decided_by = user_key()
    withdrawn_at = models.DateTimeField(_("ritirata il"), null=True, blank=True)
    incubation = models.OneToOneField(
        Incubation,
        verbose_name=_("incubazione nella rete"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("richiesta di replica")
        verbose_name_plural = _("richieste di replica")

    def __str__(self) -> str:
        return f"{self.name} → {self.practice}"


class Mentoring(TenantModel):
    """An organization that accompanies a replication (``organization`` is the organizer, as
    for its request)."""

    request = models.ForeignKey(
        ReplicationRequest, on_delete=models.CASCADE, related_name="mentorings"
    )
    mentor = models.ForeignKey(
        Organization, verbose_name=_("chi affianca"), on_delete=models.PROTECT, related_name="+"
    )
    mentee = models.CharField(_("chi è affiancato"), max_length=160)
    start_date = models.DateField(_("dal"))
    notes = models.TextField(_("note"), max_length=3000, blank=True)

    class Meta:
        ordering = ("start_date", "pk")
        verbose_name = _("affiancamento")
        verbose_name_plural = _("affiancamenti")

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"
