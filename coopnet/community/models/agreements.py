"""Agreements on the commons: the collaboration pacts, concessions, free assignments and
co-design agreements under which a cooperative looks after an asset; their parties, the
volunteers active in them (insured, R-381-2c, R-IS-4), the reports they owe and the activity
reports written for the municipality."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, TenantModel
from coopnet.core.models.mixins import Created, CreatedBy, dates_ordered, optional_key
from coopnet.core.validators import PICTURE_EXTENSIONS
from coopnet.workforce.models import Volunteer

from .commons import Asset


class AgreementKind(models.TextChoices):
    SIMPLE_PACT = "patto_semplice", _("Patto di collaborazione semplice")
    COMPLEX_PACT = "patto_complesso", _("Patto di collaborazione complesso")
    CONCESSION = "concessione", _("Concessione")
    CONFISCATED = "assegnazione_confiscato", _("Assegnazione gratuita di bene confiscato")
    CODESIGN = "coprogettazione", _("Coprogettazione (art. 55 CTS)")


class Agreement(TenantModel, Created):
    """An agreement on an asset for a period. A renewal is a new agreement pointing at the one
    it renews (``previous``): the old period is never edited."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="agreements")
    kind = models.CharField(_("tipo di accordo"), max_length=30, choices=AgreementKind.choices)
    title = models.CharField(_("titolo"), max_length=200)
    start_date = models.DateField(_("inizio"))
    end_date = models.DateField(_("fine"))
    activities = models.TextField(
        _("che cosa si fa"), max_length=5000, help_text=_("Le attività previste, per il pubblico.")
    )
    support_materials = models.TextField(_("materiali forniti"), blank=True, max_length=2000)
    support_insurance = models.TextField(_("coperture assicurative"), blank=True, max_length=2000)
    support_premises = models.TextField(
        _("spazi messi a disposizione"), blank=True, max_length=2000
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("rinnova"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
    )

    class Meta:
        ordering = ("-start_date", "-pk")
        verbose_name = _("accordo sul bene comune")
        verbose_name_plural = _("accordi sui beni comuni")
        constraints = [dates_ordered("start_date", "end_date", "agreement_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d/%m/%Y}-{self.end_date:%d/%m/%Y})"


# What the office writes of an agreement, in the order of its form; the dates and the kind are
# set once (a renewal is a new agreement), the rest may be corrected.
AGREEMENT_FIELDS = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "activities",
    "support_materials",
    "support_insurance",
    "support_premises",
)
AGREEMENT_TEXT_FIELDS = AGREEMENT_FIELDS[1:2] + AGREEMENT_FIELDS[4:]


class PartyRole(models.TextChoices):
    MUNICIPALITY = "comune", _("Comune o ente pubblico")
    COOPERATIVE = "cooperativa", _("Cooperativa")
    ASSOCIATION = "associazione", _("Associazione")
    RESIDENT = "residente", _("Residente")


class AgreementParty(TenantModel):
    """A party to an agreement with its duties. An organization of the network (``body``) or
    a named one; a resident's contacts are private (never on public pages or the API)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("ruolo"), max_length=20, choices=PartyRole.choices)
    body = optional_key(Organization, _("organizzazione della rete"))
    name = models.CharField(_("nome"), max_length=200, blank=True)
    duties = models.TextField(_("attività e impegni"), max_length=3000)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)

    class Meta:
        ordering = ("role", "pk")
        verbose_name = _("parte dell'accordo")
        verbose_name_plural = _("parti dell'accordo")
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=False) | ~Q(name=""), name="agreement_party_named"
            )
        ]

    def __str__(self) -> str:
        return str(self.body) if self.body is not None else self.name

    @property
    def public_name(self) -> str:
        """The name shown to the public: residents stay anonymous."""
        return "" if self.role == PartyRole.RESIDENT else str(self)


PARTY_FIELDS = ("role", "body", "name", "duties", "email", "phone")


class PactVolunteer(TenantModel, Created):
    """A volunteer of the register (workforce) taking part in an agreement; an active one must
    be insured."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="volunteers")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("attivo"), default=True)

    class Meta:
        ordering = ("volunteer__person__surname", "pk")
        verbose_name = _("volontario del patto")
        verbose_name_plural = _("volontari del patto")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "volunteer"], name="pact_volunteer_once")
        ]

    def __str__(self) -> str:
        return str(self.volunteer)


class ReportDuty(TenantModel):
    """A report the agreement owes by a date (a yearly report, a final one)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="duties")
    title = models.CharField(_("che cosa"), max_length=200)
    due_date = models.DateField(_("scadenza"))

    class Meta:
        ordering = ("due_date", "pk")
        verbose_name = _("rendicontazione dovuta")
        verbose_name_plural = _("rendicontazioni dovute")

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d/%m/%Y})"


class ActivityReport(TenantModel, CreatedBy):
    """What was done under an agreement in a period, for the municipality and the social
    report."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="reports")
    duty = models.OneToOneField(
        ReportDuty,
        verbose_name=_("rendicontazione dovuta"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
    )
    period_start = models.DateField(_("dal"))
    period_end = models.DateField(_("al"))
    activities = models.TextField(_("attività svolte"), max_length=5000)
    volunteer_hours = models.DecimalField(
        _("ore dei volontari"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    worker_hours = models.DecimalField(
        _("ore dei lavoratori"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    participants = models.PositiveIntegerField(_("partecipanti"))
    results = models.TextField(_("risultati"), max_length=5000)

    class Meta:
        ordering = ("-period_end", "-pk")
        verbose_name = _("relazione delle attività")
        verbose_name_plural = _("relazioni delle attività")
        constraints = [
            dates_ordered("period_start", "period_end", "activity_report_dates_ordered"),
            models.CheckConstraint(
                condition=Q(volunteer_hours__gte=0) & Q(worker_hours__gte=0),
                name="activity_report_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.title}: {self.period_start:%d/%m/%Y}-{self.period_end:%d/%m/%Y}"


REPORT_FIELDS = (
    "period_start",
    "period_end",
    "activities",
    "volunteer_hours",
    "worker_hours",
    "participants",
    "results",
)


class ReportPicture(TenantModel):
    """A picture of an activity report (JPEG, PNG, WebP)."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="pictures")
    title = models.CharField(_("didascalia"), max_length=160)
    file = models.FileField(
        _("foto"),
        upload_to="community/reports/%Y/",
        validators=[FileExtensionValidator(PICTURE_EXTENSIONS)],
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = _("foto della relazione")
        verbose_name_plural = _("foto delle relazioni")

    def __str__(self) -> str:
        return self.title
