"""Who may do what: roles held in organizations, API tokens and sessions."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import User
from .tenancy import TenantModel, organization_key


class Role(models.TextChoices):
    CONSORTIUM_STAFF = "consortium_staff", _("Personale del consorzio")
    COOP_ADMIN = "coop_admin", _("Amministratore della cooperativa")
    COORDINATOR = "coordinator", _("Coordinatore")
    HR_TUTOR = "hr_tutor", _("Personale e tutor di inserimento")
    CARER = "carer", _("Operatore")
    MEMBER = "member", _("Socio")


class RoleAssignment(TenantModel):
    """A role a user holds in one organization."""

    organization = organization_key("role_assignments")
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


class ApiToken(TenantModel):
    """A personal access token for the API, bound to one organization and one role."""

    organization = organization_key("api_tokens")
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
