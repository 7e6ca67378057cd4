"""The organization's bodies (board, control body, other offices) and who holds their offices,
with history: an office that ends keeps its row with the date and the reason (DM 4/7/2019
§6.3: names, first-appointment date and term of the members of the bodies)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Created, TenantModel, dates_ordered
from coopnet.members.models import Person


class BodyKind(models.TextChoices):
    BOARD = "cda", _("Consiglio di amministrazione")
    SOLE_DIRECTOR = "amministratore_unico", _("Amministratore unico")
    CONTROL = "collegio_sindacale", _("Organo di controllo (collegio sindacale o sindaco unico)")
    AUDITOR = "revisore", _("Revisore legale")
    SUPERVISORY = "odv", _("Organismo di vigilanza (D.Lgs. 231/2001)")
    OTHER = "altro", _("Altro organo o incarico")


class Body(Created, TenantModel):
    """A body of the organization: its board, its control body, another office."""

    kind = models.CharField(_("tipo"), max_length=25, choices=BodyKind.choices)
    name = models.CharField(_("nome"), max_length=200)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        ordering = ("kind", "name")
        verbose_name = _("organo sociale")
        verbose_name_plural = _("organi sociali")

    def __str__(self) -> str:
        return self.name


class OfficeRole(models.TextChoices):
    CHAIR = "presidente", _("Presidente")
    VICE_CHAIR = "vicepresidente", _("Vicepresidente")
    DIRECTOR = "consigliere", _("Consigliere")
    MANAGING_DIRECTOR = "amministratore_delegato", _("Amministratore delegato")
    AUDITOR = "sindaco_effettivo", _("Sindaco effettivo")
    ALTERNATE = "sindaco_supplente", _("Sindaco supplente")
    MEMBER = "componente", _("Componente")


class AppointedBy(models.TextChoices):
    """Who appointed the holder: art. 11 D.Lgs. 112/2017 (R-IS-3) asks whether workers or
    users appoint members of the bodies."""

    ASSEMBLY = "assemblea", _("Assemblea dei soci")
    WORKERS = "lavoratori", _("Lavoratori")
    USERS = "utenti", _("Utenti")
    PUBLIC_BODY = "ente_pubblico", _("Ente pubblico")
    OTHER = "altro", _("Altro")


class EndReason(models.TextChoices):
    TERM = "scadenza", _("Scadenza del mandato")
    RESIGNATION = "dimissioni", _("Dimissioni")
    REVOCATION = "revoca", _("Revoca")
    DEATH = "decesso", _("Decesso")
    OTHER = "altro", _("Altro")


class Office(Created, TenantModel):
    """A person's term in a body: from ``start_date`` (``first_appointed_on``: their first
    appointment to the body, earlier terms included) until it ends. Never deleted: its end is
    a date and a reason; a new term is a new row."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="offices")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("carica"), max_length=25, choices=OfficeRole.choices)
    appointed_by = models.CharField(
        _("nominato da"), max_length=15, choices=AppointedBy.choices, default=AppointedBy.ASSEMBLY
    )
    first_appointed_on = models.DateField(_("data della prima nomina"))
    start_date = models.DateField(_("inizio del mandato"))
    term_ends_on = models.DateField(_("scadenza prevista del mandato"), null=True, blank=True)
    term_note = models.CharField(
        _("durata del mandato"),
        max_length=200,
        blank=True,
        help_text=_("Per esempio «fino all'approvazione del bilancio al 31/12/2027»."),
    )
    ended_on = models.DateField(_("cessato il"), null=True, blank=True)
    end_reason = models.CharField(
        _("motivo della cessazione"), max_length=15, choices=EndReason.choices, blank=True
    )

    class Meta:
        ordering = ("body", "ended_on", "role", "start_date")
        verbose_name = _("carica")
        verbose_name_plural = _("cariche")
        constraints = [
            dates_ordered("first_appointed_on", "start_date", "office_first_appointment_first"),
            dates_ordered("start_date", "ended_on", "office_dates_ordered"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="office_end_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organization", "start_date", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"
