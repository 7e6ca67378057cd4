"""The service catalogue, funding contracts and rates, and the solver's weights."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, TenantModel, dates_ordered, optional_key
from coopnet.workforce.models import QualificationKind

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# --- scheduling settings --------------------------------------------------------------------


def _weight(label: StrOrPromise, default: int) -> models.PositiveIntegerField:
    """A weight of the schedule's cost (per minute, visit or carer, as its label says)."""
    return models.PositiveIntegerField(label, default=default)


class SchedulingSettings(TenantModel):
    """How an organization weighs the parts of a schedule's cost (one row per organization)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    travel_weight = _weight(_("peso del tempo di viaggio"), 1)
    total_tardiness_weight = _weight(_("peso dei ritardi totali"), 1)
    highest_tardiness_weight = _weight(_("peso del ritardo più alto"), 1)
    lost_continuity_weight = _weight(_("peso della continuità persa"), 30)
    non_preferred_weight = _weight(_("peso di un operatore non preferito"), 10)
    workload_balance_weight = _weight(_("peso del carico più alto (equità tra operatori)"), 0)
    waiting_weight = _weight(_("peso di un minuto di attesa tra le visite"), 0)
    idle_weight = _weight(_("peso di un minuto di tempo inattivo (operatore più inattivo)"), 0)
    # Overtime: past the shift end at a price per minute, or never (the shift end is a wall).
    overtime_allowed = models.BooleanField(_("straordinario consentito"), default=False)
    overtime_weight = _weight(_("peso di un minuto di straordinario"), 2)
    optional_visit_weight = _weight(_("peso di una visita facoltativa rinviata"), 60)
    missed_lunch_weight = _weight(_("peso di una pausa pranzo saltata"), 120)
    time_limit_seconds = models.PositiveIntegerField(
        _("tempo massimo di calcolo (secondi)"), default=20
    )
    check_in_tolerance_minutes = models.PositiveSmallIntegerField(
        _("scarto dell'arrivo oltre il quale la visita va verificata (minuti)"), default=60
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("impostazioni di pianificazione")
        verbose_name_plural = _("impostazioni di pianificazione")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_seconds__gte=1) & Q(time_limit_seconds__lte=600),
                name="scheduling_time_limit_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


# --- catalogue and funding ------------------------------------------------------------------


class ServiceType(TenantModel):
    """A service a cooperative gives (home care, hygiene, nursing, transport, ...)."""

    name = models.CharField(_("nome"), max_length=120)
    code = models.SlugField(_("codice"), max_length=30)
    required_qualification = models.CharField(
        _("qualifica richiesta"),
        max_length=20,
        choices=QualificationKind.choices,
        blank=True,
    )
    default_duration = models.PositiveSmallIntegerField(_("durata abituale (minuti)"), default=60)
    volunteer_allowed = models.BooleanField(
        _("può essere svolto da volontari"),
        default=False,
        help_text=_(
            "R-381-2d: i volontari integrano e non sostituiscono il personale qualificato; "
            "un servizio che richiede una qualifica non si affida a volontari."
        ),
    )
    active = models.BooleanField(_("attivo"), default=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("tipo di servizio")
        verbose_name_plural = _("catalogo dei servizi")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="service_type_code"),
            models.CheckConstraint(
                condition=Q(required_qualification="") | Q(volunteer_allowed=False),
                name="service_type_no_volunteer_for_qualified",
            ),
            models.CheckConstraint(
                condition=Q(default_duration__gte=5) & Q(default_duration__lte=720),
                name="service_type_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundingKind(models.TextChoices):
    PUBLIC = "pubblico", _("Convenzione o appalto con ente pubblico")
    PRIVATE = "privato", _("Privato (utente o famiglia)")


class FundingContract(TenantModel):
    """Who pays for the care: a public body's contract or a private agreement."""

    kind = models.CharField(_("tipo"), max_length=10, choices=FundingKind.choices)
    public_body = optional_key(Organization, _("ente pubblico"))
    payer_name = models.CharField(_("committente"), max_length=200, blank=True)
    reference = models.CharField(_("riferimento (CIG, determina, contratto)"), max_length=120)
    start_date = models.DateField(_("inizio"))
    end_date = models.DateField(_("fine"), null=True, blank=True)
    notes = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("-start_date", "reference")
        verbose_name = _("contratto di finanziamento")
        verbose_name_plural = _("contratti di finanziamento")
        constraints = [dates_ordered("start_date", "end_date", "funding_dates_ordered")]

    def __str__(self) -> str:
        payer = self.public_body.short_name if self.public_body else self.payer_name
        return f"{self.reference} · {payer}" if payer else self.reference


class ContractRate(TenantModel):
    """The price per hour of one service type under one funding contract."""

    contract = models.ForeignKey(FundingContract, on_delete=models.CASCADE, related_name="rates")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    price_per_hour = models.DecimalField(_("prezzo orario (€)"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ("service_type__name",)
        verbose_name = _("tariffa")
        verbose_name_plural = _("tariffe")
        constraints = [
            models.UniqueConstraint(fields=["contract", "service_type"], name="rate_unique"),
            models.CheckConstraint(condition=Q(price_per_hour__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id}: € {self.price_per_hour}/h"
