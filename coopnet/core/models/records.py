"""Append-only records, dated legal parameters and background jobs."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .mixins import CreatedBy, dates_ordered, optional_key, user_key
from .organizations import Organization
from .tenancy import TenantModel, TenantQuerySet
from .territory import Region


class AppendOnlyQuerySet(TenantQuerySet):
    """Logs are written once: bulk updates and deletes are refused."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """A log row: it can be created, never changed or deleted through the ORM."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(f"{self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self._meta.verbose_name_plural} are append-only.")


class AuditEntry(AppendOnlyModel):
    """One append-only record of a change made through a service."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    actor = user_key(_("autore"), on_delete=models.PROTECT)
    action = models.CharField(_("azione"), max_length=80, db_index=True)
    object_type = models.CharField(_("tipo di oggetto"), max_length=80)
    object_id = models.CharField(_("id oggetto"), max_length=40)
    object_repr = models.CharField(_("oggetto"), max_length=255)
    before = models.JSONField(_("prima"), null=True, blank=True)
    after = models.JSONField(_("dopo"), null=True, blank=True)
    created_at = models.DateTimeField(_("quando"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("voce del registro attività")
        verbose_name_plural = _("registro attività")
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class Parameter(models.Model):
    """A legal or policy number in force from a date, optionally for one region."""

    key = models.CharField(_("chiave"), max_length=80, db_index=True)
    value = models.DecimalField(_("valore"), max_digits=14, decimal_places=4)
    valid_from = models.DateField(_("valido dal"))
    valid_to = models.DateField(_("valido fino al"), null=True, blank=True)
    region = optional_key(Region, _("regione"))
    source = models.CharField(_("fonte"), max_length=255)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        ordering = ("key", "valid_from")
        verbose_name = _("parametro")
        verbose_name_plural = _("parametri")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "valid_from"],
                condition=Q(region__isnull=True),
                name="parameter_unique_national_start",
            ),
            models.UniqueConstraint(
                fields=["key", "valid_from", "region"],
                condition=Q(region__isnull=False),
                name="parameter_unique_regional_start",
            ),
            dates_ordered("valid_from", "valid_to", "parameter_valid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.valid_from})"


class JobState(models.TextChoices):
    QUEUED = "queued", _("in coda")
    RUNNING = "running", _("in corso")
    SUCCEEDED = "succeeded", _("completato")
    FAILED = "failed", _("interrotto")


def job_file_path(job: Job, filename: str) -> str:
    """Files of a job under jobs/<organization id>/ with a random name: the URL never shows it."""
    return f"jobs/{job.organization_id}/{secrets.token_urlsafe(18)}{Path(filename).suffix.lower()}"


class Job(CreatedBy, TenantModel):
    """One piece of background work (an import, a PDF, a solve): its state, progress and result.

    A worker holds a job through a lease it renews while it works; a job whose lease lapses
    (the worker was killed) is marked failed and can be retried with the same inputs. Written
    only by ``core.jobs``.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("tipo"), max_length=60)
    state = models.CharField(
        _("stato"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    params = models.JSONField(_("dati del lavoro"), default=dict, blank=True)
    input_name = models.CharField(_("file caricato"), max_length=255, blank=True)
    input_file = models.FileField(upload_to=job_file_path, blank=True, max_length=200)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(_("risultato"), default=dict, blank=True)
    result_file = models.FileField(upload_to=job_file_path, blank=True, max_length=200)
    error = models.CharField(_("errore"), max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    finished_at = models.DateTimeField(_("concluso il"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("lavoro in background")
        verbose_name_plural = _("lavori in background")
        indexes = [
            models.Index(fields=["organization", "kind"], name="job_org_kind"),
            models.Index(fields=["state", "lease_expires_at"], name="job_state_lease"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")) | Q(progress_total=0),
                name="job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def active(self) -> bool:
        """Queued or running: the page keeps polling."""
        return self.state in {JobState.QUEUED, JobState.RUNNING}

    @property
    def input_missing(self) -> bool:
        """It had an uploaded file, now deleted (imported or past the retention)."""
        return bool(self.input_name) and not self.input_file
