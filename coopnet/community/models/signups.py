"""Residents who offer to help on an asset, through its public page (no login)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel
from coopnet.core.models.mixins import Created

from .commons import Asset


class Signup(TenantModel, Created):
    """A resident's offer of help on an asset, a row of the cooperative that looks after it.

    Private: only the office sees it (the asset's page in the register), never the public page.
    """

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("nome e cognome"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    offer = models.TextField(_("che cosa puoi fare"), max_length=1000)
    consent_at = models.DateTimeField(_("consenso al trattamento dei dati"))

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("adesione di un residente")
        verbose_name_plural = _("adesioni dei residenti")
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="commons_signup_contact"
            ),
        ]

    def __str__(self) -> str:
        return self.name
