"""Employment, qualifications, volunteers and the special-category vault."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import (
    AppendOnlyModel,
    Created,
    DateSpan,
    TenantModel,
    dates_ordered,
    optional_key,
    organization_key,
    user_key,
)
from coopnet.members.models import Person

if TYPE_CHECKING:
    pass


class Branch(models.TextChoices):
    A = "A", _("Ramo A (servizi socio-sanitari ed educativi)")
    B = "B", _("Ramo B (inserimento lavorativo)")


class ContractType(models.TextChoices):
    PERMANENT = "dipendente_indeterminato", _("Dipendente a tempo indeterminato")
    FIXED_TERM = "dipendente_determinato", _("Dipendente a tempo determinato")
    WORKER_MEMBER = "socio_lavoratore", _("Socio lavoratore")
    FREELANCE = "collaboratore", _("Collaboratore")
    TRAINEE = "tirocinio", _("Tirocinio")


class Employment(DateSpan, Created, TenantModel):
    """One employment period of a person in an organization."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    branch = models.CharField(_("ramo"), max_length=1, choices=Branch.choices, blank=True)
    contract_type = models.CharField(_("contratto"), max_length=30, choices=ContractType.choices)
    ccnl = models.CharField(_("CCNL"), max_length=120, blank=True)
    level = models.CharField(_("livello"), max_length=20, blank=True)
    weekly_hours = models.DecimalField(_("ore settimanali"), max_digits=5, decimal_places=2)
    gross_annual_pay = models.DecimalField(
        _("retribuzione annua lorda"), null=True, blank=True, max_digits=14, decimal_places=2
    )

    class Meta(DateSpan.Meta):
        verbose_name = _("rapporto di lavoro")
        verbose_name_plural = _("rapporti di lavoro")
        constraints = [
            *DateSpan.Meta.constraints,
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=0) & Q(weekly_hours__lte=168),
                name="employment_hours_range",
            ),
            models.UniqueConstraint(
                fields=["organization", "person", "start_date"], name="employment_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["organization", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_contract_type_display()}"


class QualificationKind(models.TextChoices):
    OSS = "oss", _("Operatore socio-sanitario (OSS)")
    ASA = "asa", _("Ausiliario socio-assistenziale (ASA)")
    NURSE = "infermiere", _("Infermiere")
    EDUCATOR = "educatore", _("Educatore professionale")
    PHYSIOTHERAPIST = "fisioterapista", _("Fisioterapista")
    DRIVER = "autista", _("Autista")
    FIRST_AID = "primo_soccorso", _("Primo soccorso")
    OTHER = "altro", _("Altro")


class Qualification(TenantModel):
    """A qualification a person holds, possibly with an expiry date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("qualifica"), max_length=20, choices=QualificationKind.choices)
    title = models.CharField(_("descrizione"), max_length=200, blank=True)
    issued_by = models.CharField(_("rilasciata da"), max_length=200, blank=True)
    issued_on = models.DateField(_("rilasciata il"), null=True, blank=True)
    expires_on = models.DateField(_("scade il"), null=True, blank=True)

    class Meta:
        ordering = ("kind",)
        verbose_name = _("qualifica")
        verbose_name_plural = _("qualifiche")
        constraints = [dates_ordered("issued_on", "expires_on", "qualification_dates_ordered")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Volunteer(DateSpan, TenantModel):
    """An entry of the volunteer register (registro dei volontari)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteering")
    activities = models.TextField(_("attività svolte"), blank=True)

    class Meta(DateSpan.Meta):
        verbose_name = _("volontario")
        verbose_name_plural = _("registro dei volontari")
        constraints = [
            *DateSpan.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "person", "start_date"], name="volunteer_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class VolunteerInsurance(TenantModel):
    """Accident and occupational-disease cover of a volunteer (R-381-2c)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="insurances")
    insurer = models.CharField(_("compagnia o ente"), max_length=200)
    policy_number = models.CharField(_("numero di polizza"), max_length=80)
    valid_from = models.DateField(_("valida dal"))
    valid_to = models.DateField(_("valida al"))

    class Meta:
        ordering = ("-valid_to",)
        verbose_name = _("assicurazione del volontario")
        verbose_name_plural = _("assicurazioni dei volontari")
        constraints = [dates_ordered("valid_from", "valid_to", "insurance_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.insurer} {self.policy_number}"


class HoursStatus(models.TextChoices):
    """Staff-entered hours are approved at once; hours a volunteer proposes wait for staff."""

    APPROVED = "approvata", _("Approvata")
    PROPOSED = "proposta", _("Da approvare")
    REJECTED = "respinta", _("Respinta")


class VolunteerHours(TenantModel):
    """Hours a volunteer gave on a day, by activity. Only approved rows count as given."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    date = models.DateField(_("data"))
    hours = models.DecimalField(_("ore"), max_digits=5, decimal_places=2)
    activity = models.CharField(_("attività"), max_length=200, blank=True)
    status = models.CharField(
        _("stato"), max_length=10, choices=HoursStatus.choices, default=HoursStatus.APPROVED
    )
    proposed_by = user_key(_("proposta da"))
    reviewed_by = user_key(_("esaminata da"))
    reviewed_at = models.DateTimeField(_("esaminata il"), null=True, blank=True)
    review_note = models.CharField(_("nota di revisione"), max_length=200, blank=True)

    class Meta:
        ordering = ("-date",)
        verbose_name = _("ore di volontariato")
        verbose_name_plural = _("ore di volontariato")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteer_hours_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=HoursStatus.values), name="volunteer_hours_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} {self.hours}h"


class ExpenseReimbursement(TenantModel):
    """An expense reimbursed to a volunteer (R-381-2b): documented or self-certified."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="reimbursements"
    )
    date = models.DateField(_("data della spesa"))
    amount = models.DecimalField(_("importo"), max_digits=14, decimal_places=2)
    self_certified = models.BooleanField(_("autocertificata"), default=False)
    description = models.CharField(_("descrizione"), max_length=255)

    class Meta:
        ordering = ("-date",)
        verbose_name = _("rimborso spese")
        verbose_name_plural = _("rimborsi spese")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reimbursement_positive")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.date} € {self.amount}"


class DisadvantageCategory(models.TextChoices):
    """Categories of L. 381/1991 art. 4 c.1 (R-381-4a)."""

    PHYSICAL = "disabile_fisico", _("Persona con disabilità fisica")
    MENTAL = "disabile_psichico", _("Persona con disabilità psichica")
    SENSORY = "disabile_sensoriale", _("Persona con disabilità sensoriale")
    FORMER_PSYCHIATRIC = "ex_degente_psichiatrico", _("Ex degente di istituto psichiatrico")
    PSYCHIATRIC = "in_trattamento_psichiatrico", _("Persona in trattamento psichiatrico")
    ADDICTION = "tossicodipendente", _("Persona con dipendenza da sostanze")
    ALCOHOL = "alcolista", _("Persona con dipendenza da alcol")
    MINOR = "minore_difficolta_familiare", _("Minore in età lavorativa in difficoltà familiare")
    DETAINEE = "detenuto", _("Persona detenuta o internata")
    ALTERNATIVE = "misura_alternativa", _("Persona in misura alternativa alla detenzione")
    OTHER_DPCM = "altro_dpcm", _("Altra categoria prevista da DPCM")


class DisadvantagedStatus(Created, TenantModel):
    """Special-category data (R-381-4a/4d, R-GDPR-1/2): only the fact, its issuer and validity.

    Read and written only through ``workforce.vault``, which logs every access.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("categoria"), max_length=30, choices=DisadvantageCategory.choices)
    certifying_body = models.CharField(_("ente certificatore"), max_length=200)
    document_type = models.CharField(_("tipo di documento"), max_length=120, blank=True)
    document = models.FileField(_("documento"), upload_to="vault/%Y/", blank=True)
    valid_from = models.DateField(_("valido dal"))
    valid_to = models.DateField(_("valido al"), null=True, blank=True)
    non_member_justification = models.TextField(
        _("motivo per cui non è socio"),
        blank=True,
        help_text=_(
            "R-381-4c: i lavoratori svantaggiati devono essere soci compatibilmente "
            "con il loro stato soggettivo."
        ),
    )

    class Meta:
        ordering = ("-valid_from",)
        verbose_name = _("condizione di svantaggio")
        verbose_name_plural = _("condizioni di svantaggio")
        constraints = [
            dates_ordered("valid_from", "valid_to", "disadvantage_dates_ordered"),
            models.UniqueConstraint(
                fields=["organization", "person", "category", "valid_from"],
                name="disadvantage_unique_start",
            ),
        ]
        indexes = [models.Index(fields=["organization", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        # Neutral on purpose: this text reaches the general audit log, which must not say
        # which category a person belongs to.
        return f"{_('Condizione')} n. {self.pk}"


class SensitiveAccessAction(models.TextChoices):
    READ = "lettura", _("Lettura")
    EXPORT = "esportazione", _("Esportazione")
    CHANGE = "modifica", _("Modifica")
    DENIED = "negato", _("Accesso negato")


class SensitivePurpose(models.TextChoices):
    """Why special-category data was read or changed; the user picks one before seeing it."""

    EMPLOYMENT = "rapporto_di_lavoro", _("gestione del rapporto di lavoro")
    L381_CHECK = "requisiti_381", _("verifica requisiti L. 381/1991")
    PUBLIC_REPORTING = "rendicontazione", _("rendicontazione ente pubblico")
    SUBJECT_REQUEST = "richiesta_interessato", _("richiesta dell'interessato")
    IMPORT = "importazione", _("importazione")
    CARE = "assistenza", _("erogazione e pianificazione dell'assistenza")


class SensitiveAccess(AppendOnlyModel, TenantModel):
    """One access to special-category data: who, when, what, why (R-GDPR-4). Append-only and
    scoped: its manager refuses updates and deletes and reads with ``for_org``."""

    # PROTECT, not the tenant default CASCADE: the log outlives nothing it records.
    organization = organization_key("+", on_delete=models.PROTECT)
    user = user_key(on_delete=models.PROTECT, blank=False)
    action = models.CharField(_("azione"), max_length=15, choices=SensitiveAccessAction.choices)
    person = optional_key(Person)
    purpose = models.CharField(
        _("finalità"), max_length=30, choices=SensitivePurpose.choices, blank=True
    )
    detail = models.CharField(_("dettaglio"), max_length=255, blank=True)
    at = models.DateTimeField(_("quando"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("accesso a dati particolari")
        verbose_name_plural = _("registro degli accessi a dati particolari")
        indexes = [models.Index(fields=["organization", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"
