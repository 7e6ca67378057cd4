"""Execution of a contract: care plans delivered under it, its price per service type, the
hours worked on it (type B), and the monthly statements (rendiconti).

Every row belongs to the organization that does the work (the contract's holder, or an
executor of its consortium's or RTI's contract): its plans, service types and workers are its
own. contracts sits above care, so the link lives here and care knows nothing of contracts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.care.models import CarePlan, ServiceType
from coopnet.core.models import TenantModel
from coopnet.members.models import Person

from .invoices import Invoice
from .tenders import Contract, Lot

HOURS: dict[str, Any] = {"max_digits": 7, "decimal_places": 2}


class VatChoice(models.TextChoices):
    """The VAT of a service's invoice line (R-VAT-1): a rate, or the Natura of an exemption."""

    SOCIAL = "5", _("IVA 5% (servizi sociosanitari, art. 10 n. 27-ter)")
    ORDINARY = "22", _("IVA 22%")
    EXEMPT = "N4", _("Esente art. 10 · natura N4")


class ContractPlan(TenantModel):
    """A care plan delivered under a contract: its visits count in the contract's statements.
    A plan belongs to at most one contract (the one-to-one key)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contratto"), on_delete=models.PROTECT, related_name="plan_links"
    )
    plan = models.OneToOneField(
        CarePlan,
        verbose_name=_("piano assistenziale"),
        on_delete=models.CASCADE,
        related_name="contract_link",
    )
    linked_at = models.DateTimeField(_("collegato il"), auto_now_add=True)

    class Meta:
        ordering = ("contract", "plan__beneficiary__person__surname", "pk")
        verbose_name = _("piano collegato al contratto")
        verbose_name_plural = _("piani collegati ai contratti")

    def __str__(self) -> str:
        return f"{self.plan} → {self.contract_id}"


class ContractPrice(TenantModel):
    """The hourly price of one of the organization's service types under a contract, with
    the VAT of its invoice line."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contratto"), on_delete=models.CASCADE, related_name="prices"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("servizio"), on_delete=models.PROTECT, related_name="+"
    )
    price_per_hour = models.DecimalField(
        _("prezzo orario (€, IVA esclusa)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    vat = models.CharField(
        _("IVA"), max_length=2, choices=VatChoice.choices, default=VatChoice.SOCIAL
    )
    lot = models.ForeignKey(
        Lot,
        verbose_name=_("lotto"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Il lotto su cui si fattura il servizio: serve se il contratto ne ha più."),
    )

    class Meta:
        ordering = ("contract", "service_type__name")
        verbose_name = _("prezzo del contratto")
        verbose_name_plural = _("prezzi del contratto")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contract", "service_type"], name="contract_price_unique"
            ),
            models.CheckConstraint(
                condition=Q(price_per_hour__gt=0), name="contract_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id}: € {self.price_per_hour}/h"


class WorkedHours(TenantModel):
    """Hours a worker gave to a contract in a month (type B work: the timesheet the
    statement counts, disadvantaged workers apart)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contratto"), on_delete=models.CASCADE, related_name="worked"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("lavoratore"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("mese"))
    hours = models.DecimalField(
        _("ore"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(744))],
        **HOURS,
    )

    class Meta:
        ordering = ("contract", "-month", "person__surname", "person__given_name")
        verbose_name = _("ore lavorate sul contratto")
        verbose_name_plural = _("ore lavorate sui contratti")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contract", "person", "month"], name="worked_hours_unique"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=744), name="worked_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%m/%Y} {self.hours}h"


class StatementState(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    APPROVED = "approved", _("Approvato")


class ContractStatement(TenantModel):
    """The monthly statement (rendiconto) of a contract. A draft is computed from the visits
    and timesheets each time it is read; approval stores its figures (``lines``, the hours
    worked) so that later changes do not move them. It turns into at most one invoice."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contratto"), on_delete=models.PROTECT, related_name="statements"
    )
    month = models.DateField(_("mese"))
    state = models.CharField(
        _("stato"), max_length=10, choices=StatementState.choices, default=StatementState.DRAFT
    )
    approved_at = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approvato da"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    worked_hours = models.DecimalField(_("ore lavorate"), null=True, blank=True, **HOURS)
    disadvantaged_hours = models.DecimalField(
        _("di cui da lavoratori svantaggiati"),
        null=True,
        blank=True,
        **HOURS,
    )
    invoice = models.OneToOneField(
        Invoice,
        verbose_name=_("fattura"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement",
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    class Meta:
        ordering = ("contract", "-month")
        verbose_name = _("rendiconto mensile")
        verbose_name_plural = _("rendiconti mensili")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "contract", "month"], name="statement_unique_month"
            ),
            models.CheckConstraint(
                condition=Q(state="draft", approved_at__isnull=True, invoice__isnull=True)
                | Q(state="approved", approved_at__isnull=False),
                name="statement_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Rendiconto')} {self.month:%m/%Y}"

    @property
    def approved(self) -> bool:
        return self.state == StatementState.APPROVED


class StatementLine(TenantModel):
    """One service type's figures in an approved statement, with the price then in force."""

    statement = models.ForeignKey(
        ContractStatement,
        verbose_name=_("rendiconto"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("servizio"), on_delete=models.PROTECT, related_name="+"
    )
    service_name = models.CharField(_("servizio"), max_length=120)
    visits = models.PositiveIntegerField(_("visite"))
    paid_minutes = models.PositiveIntegerField(_("minuti retribuiti"))
    volunteer_minutes = models.PositiveIntegerField(_("minuti di volontariato"))
    price_per_hour = models.DecimalField(
        _("prezzo orario (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    vat = models.CharField(_("IVA"), max_length=2, choices=VatChoice.choices, blank=True)
    cig = models.CharField(_("CIG del lotto"), max_length=10, blank=True)
    cup = models.CharField(_("CUP del lotto"), max_length=15, blank=True)

    class Meta:
        ordering = ("statement", "service_name")
        verbose_name = _("riga del rendiconto")
        verbose_name_plural = _("righe del rendiconto")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "service_type"], name="statement_line_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.service_name
