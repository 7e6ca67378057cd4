"""Beneficiaries (with their health notes) and carers (with their absences)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Comune, TenantModel, dates_ordered, optional_key, user_key
from coopnet.members.models import Membership, Person

from ._common import coordinate

# --- beneficiaries --------------------------------------------------------------------------


class Beneficiary(TenantModel):
    """A person the cooperative cares for (utente), with where to find them."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    membership = optional_key(Membership, _("socio fruitore"), on_delete=models.SET_NULL)
    address = models.CharField(_("indirizzo del servizio"), max_length=255)
    comune = models.ForeignKey(
        Comune, verbose_name=_("comune"), on_delete=models.PROTECT, null=True, blank=True
    )
    latitude = coordinate(_("latitudine"))
    longitude = coordinate(_("longitudine"))
    family_contacts = models.TextField(_("familiari e contatti"), blank=True)
    needs = models.TextField(
        _("bisogni e indicazioni pratiche"),
        blank=True,
        help_text=_(
            "Chiavi, scale, animali, abitudini. Le informazioni sanitarie vanno nelle "
            "note sanitarie, non qui."
        ),
    )
    active = models.BooleanField(_("in carico"), default=True)
    # The family's read-only status page (/family/<token>/): only the token's hash is kept.
    family_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("person__surname", "person__given_name")
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        constraints = [
            models.UniqueConstraint(fields=["organization", "person"], name="beneficiary_person"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="beneficiary_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class HealthNote(TenantModel):
    """Special-category data about a beneficiary (R-GDPR-1/2): what carers must know for care.

    Read and written only through ``coopnet.care.health``, which logs every access.
    """

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="health_notes"
    )
    text = models.TextField(_("nota sanitaria"))
    recorded_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    recorded_by = user_key(on_delete=models.PROTECT, blank=False)

    class Meta:
        ordering = ("-recorded_at", "-id")
        verbose_name = _("nota sanitaria")
        verbose_name_plural = _("note sanitarie")

    def __str__(self) -> str:
        # Neutral on purpose: this text reaches the general audit log.
        return f"{_('Nota')} n. {self.pk}"


# --- carers ---------------------------------------------------------------------------------


class CarerKind(models.TextChoices):
    PAID = "retribuito", _("Operatore retribuito")
    VOLUNTEER = "volontario", _("Volontario")


class TransportMode(models.TextChoices):
    CAR = "auto", _("Auto")
    BIKE = "bici", _("Bicicletta")
    WALK = "piedi", _("A piedi")
    PUBLIC = "mezzi", _("Mezzi pubblici")


class OvertimeRule(models.TextChoices):
    """Whether a carer may work past the shift end (the price is the organization's)."""

    ORGANIZATION = "", _("Come l'organizzazione")
    NEVER = "no", _("Non consentito")
    ALLOWED = "si", _("Consentito (al prezzo dell'organizzazione)")


class Carer(TenantModel):
    """A worker or volunteer who gives visits, with where and when they work."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("tipo"), max_length=10, choices=CarerKind.choices)
    start_latitude = coordinate(_("latitudine di partenza"))
    start_longitude = coordinate(_("longitudine di partenza"))
    end_latitude = coordinate(_("latitudine di arrivo"))
    end_longitude = coordinate(_("longitudine di arrivo"))
    working_days = models.CharField(_("giorni lavorativi"), max_length=7, default="12345")
    shift_start = models.TimeField(_("inizio turno"), default=datetime.time(7, 0))
    shift_end = models.TimeField(_("fine turno"), default=datetime.time(14, 0))
    # A break inside the shift (lunch): no visit may overlap it; travel may.
    break_start = models.TimeField(_("inizio pausa"), null=True, blank=True)
    break_end = models.TimeField(_("fine pausa"), null=True, blank=True)
    # A lunch break the scheduler places inside a window: from lunch_earliest, ending by
    # lunch_latest, at least lunch_minutes long (all three or none).
    lunch_earliest = models.TimeField(_("pausa pranzo: non prima delle"), null=True, blank=True)
    lunch_latest = models.TimeField(_("pausa pranzo: finita entro le"), null=True, blank=True)
    lunch_minutes = models.PositiveSmallIntegerField(
        _("pausa pranzo: durata minima (minuti)"), null=True, blank=True
    )
    overtime = models.CharField(
        _("straordinario"),
        max_length=2,
        choices=OvertimeRule.choices,
        default=OvertimeRule.ORGANIZATION,
        blank=True,
    )
    max_minutes_day = models.PositiveSmallIntegerField(_("massimo minuti al giorno"), default=420)
    max_minutes_week = models.PositiveSmallIntegerField(
        _("massimo minuti a settimana"), default=2280
    )
    transport_mode = models.CharField(
        _("mezzo di trasporto"),
        max_length=10,
        choices=TransportMode.choices,
        default=TransportMode.CAR,
    )
    active = models.BooleanField(_("attivo"), default=True)
    ics_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("person__surname", "person__given_name")
        verbose_name = _("operatore")
        verbose_name_plural = _("operatori")
        constraints = [
            models.UniqueConstraint(fields=["organization", "person"], name="carer_person"),
            models.CheckConstraint(
                condition=Q(shift_end__gt=F("shift_start")), name="carer_shift_ordered"
            ),
            models.CheckConstraint(
                condition=Q(max_minutes_day__lte=1440) & Q(max_minutes_week__lte=10080),
                name="carer_max_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(break_start__isnull=True, break_end__isnull=True)
                | Q(break_end__gt=F("break_start")),
                name="carer_break_ordered",
            ),
            models.CheckConstraint(
                condition=Q(
                    lunch_earliest__isnull=True,
                    lunch_latest__isnull=True,
                    lunch_minutes__isnull=True,
                )
                | (Q(lunch_minutes__gte=1) & Q(lunch_latest__gt=F("lunch_earliest"))),
                name="carer_lunch_window",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_volunteer(self) -> bool:
        return self.kind == CarerKind.VOLUNTEER

    @property
    def has_coordinates(self) -> bool:
        return self.start_latitude is not None and self.start_longitude is not None

    @property
    def has_lunch(self) -> bool:
        return self.lunch_earliest is not None and self.lunch_latest is not None

    def overtime_allowed(self, organization_allows: bool) -> bool:
        """May this carer work past the shift end, the organization's rule given."""
        if self.overtime == OvertimeRule.ORGANIZATION:
            return organization_allows
        return self.overtime == OvertimeRule.ALLOWED


class AbsenceKind(models.TextChoices):
    ILLNESS = "malattia", _("Malattia")
    LEAVE = "ferie", _("Ferie o permesso")
    OTHER = "altro", _("Altro")


class Absence(TenantModel):
    """Whole days a carer does not work."""

    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("motivo"), max_length=10, choices=AbsenceKind.choices)
    start_date = models.DateField(_("dal"))
    end_date = models.DateField(_("al"))
    note = models.CharField(_("nota"), max_length=200, blank=True)

    class Meta:
        ordering = ("-start_date",)
        verbose_name = _("assenza")
        verbose_name_plural = _("assenze")
        constraints = [dates_ordered("start_date", "end_date", "absence_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.carer_id} {self.start_date} - {self.end_date}"
