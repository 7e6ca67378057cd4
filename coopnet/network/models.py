"""Incubation links between organizations ("strawberry fields", R-NET-3).

Organizations and affiliations live in ``coopnet.core`` because tenancy depends on them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, TenantModel, organization_key


class Incubation(TenantModel):
    """An organization (``organization``) helping a new cooperative (``child``) to start."""

    organization = organization_key("incubations", _("organizzazione incubatrice"))
    child = models.ForeignKey(
        Organization,
        verbose_name=_("cooperativa incubata"),
        on_delete=models.CASCADE,
        related_name="incubated_by",
    )
    start_date = models.DateField(_("inizio"))
    support_people = models.BooleanField(_("persone"), default=False)
    support_back_office = models.BooleanField(_("servizi amministrativi"), default=False)
    support_capital = models.BooleanField(_("capitale"), default=False)
    support_contracts = models.BooleanField(_("contratti"), default=False)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        ordering = ("start_date",)
        verbose_name = _("incubazione")
        verbose_name_plural = _("incubazioni")
        constraints = [
            models.CheckConstraint(
                condition=~Q(organization=F("child")), name="incubation_not_self"
            ),
            models.UniqueConstraint(fields=["organization", "child"], name="incubation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.child}"

    def support_labels(self) -> list[str]:
        labels = (
            (self.support_people, _("persone")),
            (self.support_back_office, _("servizi amministrativi")),
            (self.support_capital, _("capitale")),
            (self.support_contracts, _("contratti")),
        )
        return [str(label) for given, label in labels if given]
