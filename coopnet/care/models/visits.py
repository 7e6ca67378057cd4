"""Visits, corrections of their recorded times, and solver runs."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Job, JobState, TenantModel, optional_key, user_key
from coopnet.workforce.models import VolunteerHours

from .catalogue import ServiceType
from .people import Beneficiary, Carer
from .plans import CarePlanLine

# --- visits ---------------------------------------------------------------------------------


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Da assegnare")
    SCHEDULED = "scheduled", _("Assegnata")
    IN_PROGRESS = "in_progress", _("In corso")
    DONE = "done", _("Svolta")
    MISSED = "missed", _("Non svolta")
    CANCELLED = "cancelled", _("Annullata")

    @classmethod
    def open(cls) -> tuple[str, ...]:
        """States a planner may still change (assign, move, cancel)."""
        return (cls.PLANNED, cls.SCHEDULED)


class ReviewFlag(models.TextChoices):
    """Why a recorded visit waits for a coordinator before its minutes count."""

    FAR_CHECK_IN = "far_check_in", _("arrivo lontano dall'orario previsto")
    OVERLAP = "overlap", _("arrivo registrato mentre un'altra visita era in corso")
    ZERO_MINUTES = "zero_minutes", _("visita di zero minuti")


class Visit(TenantModel):
    """One visit on one day, generated from a plan line (slot 1 is the second carer of a double
    visit). Changes of state only through ``services.visits``."""

    line = models.ForeignKey(CarePlanLine, on_delete=models.PROTECT, related_name="visits")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="visits")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("giorno"))
    slot = models.PositiveSmallIntegerField(default=0)
    window_start = models.TimeField(_("dalle"))
    window_end = models.TimeField(_("alle"))
    duration = models.PositiveSmallIntegerField(_("durata (minuti)"))
    optional = models.BooleanField(_("facoltativa (rinviabile)"), default=False)  # from the line
    status = models.CharField(
        _("stato"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    carer = models.ForeignKey(
        Carer,
        verbose_name=_("operatore"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    planned_start = models.DateTimeField(_("inizio previsto"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrivo"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("uscita"), null=True, blank=True)
    delivered_minutes = models.PositiveIntegerField(_("minuti erogati"), null=True, blank=True)
    by_volunteer = models.BooleanField(_("svolta da volontario"), null=True, blank=True)
    volunteer_hours = optional_key(VolunteerHours, on_delete=models.SET_NULL)
    notes = models.TextField(_("note"), blank=True)
    tasks_done = models.TextField(_("attività svolte"), blank=True)
    reason = models.CharField(_("motivo"), max_length=255, blank=True)
    review_flags = models.JSONField(_("da verificare perché"), default=list, blank=True)
    needs_review = models.BooleanField(_("da verificare"), default=False)
    reviewed_at = models.DateTimeField(_("verificata il"), null=True, blank=True)
    reviewed_by = user_key(on_delete=models.PROTECT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date", "planned_start", "window_start", "pk")
        verbose_name = _("visita")
        verbose_name_plural = _("visite")
        constraints = [
            models.UniqueConstraint(fields=["line", "date", "slot"], name="visit_unique_slot"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | (Q(checked_in_at__isnull=False) & Q(checked_out_at__gte=F("checked_in_at"))),
                name="visit_check_out_after_in",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "in_progress", "done"])
                | (Q(carer__isnull=False) & Q(planned_start__isnull=False)),
                name="visit_assigned_has_carer",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "date", "status"]),
            models.Index(fields=["carer", "date"]),
            models.Index(
                fields=["organization", "date"],
                condition=Q(needs_review=True),
                name="visit_needs_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Visita')} n. {self.pk} {self.date:%d/%m/%Y}"

    @property
    def review_labels(self) -> list[str]:
        return [str(ReviewFlag(code).label) for code in self.review_flags]

    @property
    def planned_end(self) -> dt.datetime | None:
        if self.planned_start is None:
            return None
        return self.planned_start + dt.timedelta(minutes=self.duration)


class CorrectionField(models.TextChoices):
    CHECK_IN = "checked_in_at", _("Arrivo")
    CHECK_OUT = "checked_out_at", _("Uscita")


class VisitCorrection(TenantModel):
    """A correction of a registered arrival or departure time, with its reason."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("orario"), max_length=15, choices=CorrectionField.choices)
    old_value = models.DateTimeField(_("prima"), null=True)
    new_value = models.DateTimeField(_("dopo"))
    reason = models.CharField(_("motivo"), max_length=255)
    actor = user_key(on_delete=models.PROTECT, blank=False)
    at = models.DateTimeField(_("quando"), auto_now_add=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("correzione di orario")
        verbose_name_plural = _("correzioni di orario")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.field}"


# --- solver runs ----------------------------------------------------------------------------


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("In coda")
    RUNNING = "running", _("In calcolo")
    DONE = "done", _("Pronta")
    FAILED = "failed", _("Non riuscita")
    APPLIED = "applied", _("Applicata")


_RUN_STATUS = {
    JobState.QUEUED: RunStatus.QUEUED,
    JobState.RUNNING: RunStatus.RUNNING,
    JobState.SUCCEEDED: RunStatus.DONE,
    JobState.FAILED: RunStatus.FAILED,
}


class ScheduleRun(TenantModel):
    """One optimisation of a day's visits: its proposed plan and totals. The solve is a core
    ``Job`` (state, progress, lease, failure, retry); the run's status is derived from it."""

    date = models.DateField(_("giorno"))
    replan = models.BooleanField(_("ripianificazione"), default=False)
    # SET_NULL: the job retention deletes old jobs, never the runs (applied plans stay).
    job = models.OneToOneField(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_run",
        verbose_name=_("lavoro in background"),
    )
    time_limit = models.PositiveIntegerField(_("tempo massimo (secondi)"))
    result = models.JSONField(_("piano proposto"), null=True, blank=True)
    totals_before = models.JSONField(null=True, blank=True)
    totals_after = models.JSONField(null=True, blank=True)
    created_by = user_key(on_delete=models.PROTECT, blank=False)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("calcolo dei turni")
        verbose_name_plural = _("calcoli dei turni")

    def __str__(self) -> str:
        return f"{_('Calcolo')} n. {self.pk} {self.date:%d/%m/%Y}"

    @property
    def status(self) -> RunStatus:
        """Applied, else the job's state; a run whose job was deleted by the retention is done
        if it kept a proposal."""
        if self.applied_at is not None:
            return RunStatus.APPLIED
        if self.job is None:
            return RunStatus.DONE if self.result else RunStatus.FAILED
        return _RUN_STATUS[JobState(self.job.state)]
