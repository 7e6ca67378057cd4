"""Care plans (PAI), their weekly lines and the carers preferred or avoided on a line."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel, dates_ordered, optional_key

from ._common import weekday_names
from .catalogue import FundingContract, ServiceType
from .people import Beneficiary, Carer

# --- care plans -----------------------------------------------------------------------------


class CarePlan(TenantModel):
    """A beneficiary's care plan (piano assistenziale individualizzato, PAI)."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="plans")
    start_date = models.DateField(_("dal"))
    end_date = models.DateField(_("al"), null=True, blank=True)
    funding = optional_key(FundingContract, _("finanziamento"))
    notes = models.TextField(_("obiettivi e note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-start_date",)
        verbose_name = _("piano assistenziale")
        verbose_name_plural = _("piani assistenziali")
        constraints = [dates_ordered("start_date", "end_date", "care_plan_dates_ordered")]

    def __str__(self) -> str:
        return f"{_('PAI')} {self.beneficiary} {self.start_date:%d/%m/%Y}"


class DoubleVisitKind(models.TextChoices):
    SIMULTANEOUS = "simultaneous", _("Contemporanea (due operatori insieme)")
    SEQUENTIAL = "sequential", _("In sequenza (il secondo dopo il primo)")


class CarePlanLine(TenantModel):
    """One service of a plan on a weekly pattern: days, time window, duration, carers."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="lines")
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("servizio"), on_delete=models.PROTECT, related_name="+"
    )
    weekdays = models.CharField(_("giorni"), max_length=7)
    window_start = models.TimeField(_("dalle"))
    window_end = models.TimeField(_("alle"))
    duration = models.PositiveSmallIntegerField(_("durata (minuti)"))
    carers_needed = models.PositiveSmallIntegerField(_("operatori"), default=1)
    double_kind = models.CharField(
        _("visita doppia"), max_length=12, choices=DoubleVisitKind.choices, blank=True
    )
    min_gap = models.PositiveSmallIntegerField(_("intervallo minimo (minuti)"), default=0)
    max_gap = models.PositiveSmallIntegerField(_("intervallo massimo (minuti)"), default=0)
    # A social call that may move to another day: the scheduler may leave it out, at the
    # organization's price per optional visit left out.
    optional = models.BooleanField(_("facoltativa (rinviabile)"), default=False)

    class Meta:
        ordering = ("plan", "window_start", "pk")
        verbose_name = _("riga del piano")
        verbose_name_plural = _("righe del piano")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=F("window_start")), name="line_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(duration__gte=5) & Q(duration__lte=720), name="line_duration_range"
            ),
            models.CheckConstraint(
                condition=(Q(carers_needed=1) & Q(double_kind=""))
                | (Q(carers_needed=2) & ~Q(double_kind="")),
                name="line_double_visit_kind",
            ),
            models.CheckConstraint(condition=Q(max_gap__gte=F("min_gap")), name="line_gaps"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id} {self.weekdays} {self.window_start:%H:%M}"

    @property
    def weekday_labels(self) -> str:
        names = dict(weekday_names())
        return " ".join(names[d] for d in self.weekdays)


class CarerPreference(models.TextChoices):
    PREFERRED = "preferito", _("Preferito (continuità)")
    AVOIDED = "da_evitare", _("Da evitare")


class CarePlanLineCarer(TenantModel):
    """A carer preferred for, or to be kept away from, one line of a plan."""

    line = models.ForeignKey(CarePlanLine, on_delete=models.CASCADE, related_name="carer_links")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="+")
    preference = models.CharField(max_length=10, choices=CarerPreference.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line", "carer"], name="line_carer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.carer_id} {self.preference}"
