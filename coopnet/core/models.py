"""Core models: users, organizations (the tenant), roles, territory, audit log, parameters, jobs."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_codice_fiscale, validate_partita_iva


class UserManager(BaseUserManager["User"]):
    """Users log in by e-mail address."""

    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        """E-mail addresses are matched without regard to case."""
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. A superuser is a platform administrator."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nome e cognome"), max_length=200, blank=True)
    is_staff = models.BooleanField(_("accesso all'amministrazione"), default=False)
    is_active = models.BooleanField(_("attivo"), default=True)
    date_joined = models.DateTimeField(_("iscritto dal"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Region(models.Model):
    """An Italian region, keyed by its ISTAT code."""

    code = models.CharField(_("codice ISTAT"), max_length=2, primary_key=True)
    name = models.CharField(_("nome"), max_length=100)

    class Meta:
        ordering = ("name",)
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A province or equivalent territorial unit (ISTAT 'unità territoriale sovracomunale')."""

    code = models.CharField(_("codice ISTAT"), max_length=3, primary_key=True)
    name = models.CharField(_("nome"), max_length=100)
    abbreviation = models.CharField(_("sigla"), max_length=2, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        ordering = ("name",)
        verbose_name = _("provincia")
        verbose_name_plural = _("province")

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class Comune(models.Model):
    """An Italian municipality, keyed by its six-digit ISTAT code."""

    istat_code = models.CharField(_("codice ISTAT"), max_length=6, primary_key=True)
    name = models.CharField(_("nome"), max_length=200, db_index=True)
    cadastral_code = models.CharField(_("codice catastale"), max_length=4, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="comuni")

    class Meta:
        ordering = ("name",)
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")

    def __str__(self) -> str:
        return f"{self.name} ({self.province.abbreviation})"


class OrganizationKind(models.TextChoices):
    SOCIAL_COOP_A = "social_coop_a", _("Cooperativa sociale di tipo A")
    SOCIAL_COOP_B = "social_coop_b", _("Cooperativa sociale di tipo B")
    SOCIAL_COOP_AB = "social_coop_ab", _("Cooperativa sociale mista A+B")
    COMMUNITY_COOP = "community_coop", _("Cooperativa di comunità")
    COOP = "coop", _("Altra cooperativa")
    CONSORTIUM = "consortium", _("Consorzio")
    FEDERATION = "federation", _("Federazione")
    PUBLIC_BODY = "public_body", _("Ente pubblico")
    ASSOCIATION = "association", _("Associazione")
    COMPANY = "company", _("Impresa")

    @classmethod
    def social_cooperatives(cls) -> frozenset[str]:
        return frozenset({cls.SOCIAL_COOP_A, cls.SOCIAL_COOP_B, cls.SOCIAL_COOP_AB})

    @classmethod
    def groups(cls) -> frozenset[str]:
        """Kinds that other organizations can join (affiliate to)."""
        return frozenset({cls.CONSORTIUM, cls.FEDERATION})


class LegalForm(models.TextChoices):
    SCRL = "scrl", _("Società cooperativa a responsabilità limitata")
    SCPA = "scpa", _("Società cooperativa per azioni")
    CONSORTIUM = "consorzio", _("Consorzio")
    ASSOCIATION = "associazione", _("Associazione")
    PUBLIC = "ente_pubblico", _("Ente pubblico")
    SRL = "srl", _("Società a responsabilità limitata")
    SPA = "spa", _("Società per azioni")
    OTHER = "altro", _("Altra forma")


class AlboSection(models.TextChoices):
    A = "A", _("Sezione A")
    B = "B", _("Sezione B")
    AB = "AB", _("Sezioni A e B")
    C = "C", _("Sezione C (consorzi)")


class Organization(models.Model):
    """The tenant: a cooperative, consortium, federation or partner organization."""

    kind = models.CharField(_("tipo"), max_length=20, choices=OrganizationKind.choices)
    legal_name = models.CharField(_("ragione sociale"), max_length=255)
    short_name = models.CharField(_("nome breve"), max_length=80)
    slug = models.SlugField(_("identificativo"), max_length=60, unique=True)
    codice_fiscale = models.CharField(
        _("codice fiscale"), max_length=16, blank=True, validators=[validate_codice_fiscale]
    )
    partita_iva = models.CharField(
        _("partita IVA"), max_length=11, blank=True, validators=[validate_partita_iva]
    )
    legal_form = models.CharField(
        _("forma giuridica"), max_length=20, choices=LegalForm.choices, blank=True
    )
    albo_number = models.CharField(_("numero albo"), max_length=40, blank=True)
    albo_section = models.CharField(
        _("sezione albo"), max_length=2, choices=AlboSection.choices, blank=True
    )
    rea_number = models.CharField(_("numero REA"), max_length=20, blank=True)
    founded_on = models.DateField(_("data di costituzione"), null=True, blank=True)
    address = models.CharField(_("indirizzo della sede"), max_length=255, blank=True)
    seat_comune = models.ForeignKey(
        Comune,
        verbose_name=_("comune della sede"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    website = models.URLField(_("sito web"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        ordering = ("short_name",)
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        constraints = [
            models.UniqueConstraint(
                fields=["codice_fiscale"],
                condition=~Q(codice_fiscale=""),
                name="organization_unique_codice_fiscale",
                violation_error_code="unique",
                violation_error_message=_(
                    "Un'altra organizzazione è già registrata con questo codice fiscale."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_social_cooperative(self) -> bool:
        return self.kind in OrganizationKind.social_cooperatives()


class OrganizationSector(models.Model):
    """An ATECO activity code of an organization; the first one is its main sector."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione"),
        on_delete=models.CASCADE,
        related_name="sectors",
    )
    code = models.CharField(_("codice ATECO"), max_length=8)
    position = models.PositiveSmallIntegerField(_("posizione"), default=0)

    class Meta:
        ordering = ("organization", "position")
        verbose_name = _("settore ATECO")
        verbose_name_plural = _("settori ATECO")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="sector_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.code


class ServedComune(models.Model):
    """A comune in the territory an organization serves (R-NET-2)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione"),
        on_delete=models.CASCADE,
        related_name="served_comuni",
    )
    comune = models.ForeignKey(
        Comune, verbose_name=_("comune"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("comune servito")
        verbose_name_plural = _("comuni serviti")
        constraints = [
            models.UniqueConstraint(fields=["organization", "comune"], name="served_comune_unique")
        ]

    def __str__(self) -> str:
        return str(self.comune)


class Role(models.TextChoices):
    CONSORTIUM_STAFF = "consortium_staff", _("Personale del consorzio")
    COOP_ADMIN = "coop_admin", _("Amministratore della cooperativa")
    COORDINATOR = "coordinator", _("Coordinatore")
    HR_TUTOR = "hr_tutor", _("Personale e tutor di inserimento")
    CARER = "carer", _("Operatore")
    MEMBER = "member", _("Socio")


class RoleAssignment(models.Model):
    """A role a user holds in one organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    user = models.ForeignKey(
        User, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("assegnato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("ruolo assegnato")
        verbose_name_plural = _("ruoli assegnati")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "role"], name="role_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class AppendOnlyQuerySet(models.QuerySet[Any]):
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
    actor = models.ForeignKey(
        User,
        verbose_name=_("autore"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
    region = models.ForeignKey(
        Region,
        verbose_name=_("regione"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="parameter_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.valid_from})"


class ApiToken(models.Model):
    """A personal access token for the API, bound to one organization and one role."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    user = models.ForeignKey(
        User, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices)
    name = models.CharField(_("nome"), max_length=80)
    prefix = models.CharField(_("prefisso"), max_length=12, unique=True)
    token_hash = models.CharField(_("impronta del segreto"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("ultimo uso"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocato il"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Affiliation(models.Model):
    """An organization's membership of a consortium or federation, between two dates.

    It lives in core because it decides what consortium staff may see.
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione aderente"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    group = models.ForeignKey(
        Organization,
        verbose_name=_("consorzio o federazione"),
        on_delete=models.CASCADE,
        related_name="member_affiliations",
    )
    start_date = models.DateField(_("dal"))
    end_date = models.DateField(_("fino al"), null=True, blank=True)

    class Meta:
        ordering = ("-start_date",)
        verbose_name = _("adesione")
        verbose_name_plural = _("adesioni")
        constraints = [
            models.CheckConstraint(
                condition=~Q(organization=F("group")), name="affiliation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="affiliation_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["organization", "group", "start_date"], name="affiliation_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.group}"

    @staticmethod
    def active_on(day: Any) -> Q:
        """Filter for affiliations in force on ``day`` (relative to an Affiliation queryset)."""
        return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


class UserSession(models.Model):
    """A login of a user, so that they can see where they are logged in and end the others.

    The session itself lives in Django's session store; this row only names it.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_sessions", verbose_name=_("utente")
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("accesso il"), default=timezone.now)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("sessione")
        verbose_name_plural = _("sessioni")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%d/%m/%Y %H:%M}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("in coda")
    RUNNING = "running", _("in corso")
    SUCCEEDED = "succeeded", _("completato")
    FAILED = "failed", _("interrotto")


def job_file_path(job: Job, filename: str) -> str:
    """Files of a job under jobs/<organization id>/ with a random name: the URL never shows it."""
    return f"jobs/{job.organization_id}/{secrets.token_urlsafe(18)}{Path(filename).suffix.lower()}"


class Job(models.Model):
    """One piece of background work (an import, a PDF, a solve): its state, progress and result.

    A worker holds a job through a lease it renews while it works; a job whose lease lapses
    (the worker was killed) is marked failed and can be retried with the same inputs. Written
    only by ``core.jobs``.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("tipo"), max_length=60)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
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
