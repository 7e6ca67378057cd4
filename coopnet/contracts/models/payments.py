"""Payments received against issued invoices (docs/contracts.md, "Payments and receivables")."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel, user_key

from .invoices import Invoice


class Payment(TenantModel):
    """One amount received for an invoice, with the CIG it was paid under (L. 136/2010).
    A mistaken payment is reversed (who, when, why), never deleted."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("fattura"), on_delete=models.PROTECT, related_name="payments"
    )
    date = models.DateField(_("data dell'incasso"))
    amount = models.DecimalField(_("importo"), max_digits=14, decimal_places=2)
    cig = models.CharField(_("CIG"), max_length=10, blank=True)
    reference = models.CharField(
        _("riferimento del bonifico"),
        max_length=35,
        blank=True,
        help_text=_("CRO o TRN del bonifico."),
    )
    note = models.CharField(_("nota"), max_length=500, blank=True)
    created_by = user_key(_("registrato da"))
    created_at = models.DateTimeField(_("registrato il"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("stornato il"), null=True, blank=True)
    reversed_by = user_key(_("stornato da"))
    reversal_reason = models.CharField(_("motivo dello storno"), max_length=500, blank=True)

    class Meta:
        ordering = ("invoice", "date", "pk")
        verbose_name = _("incasso")
        verbose_name_plural = _("incassi")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.amount} €"
