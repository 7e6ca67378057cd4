"""The social report: its indicators' values per organization and year, with provenance, and
the report itself (one per organization and year, eight sections)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Created, TenantModel, user_key


class Origin(models.TextChoices):
    COMPUTED = "calcolato", _("Calcolato dai dati")
    MANUAL = "manuale", _("Inserito a mano")
    DERIVED = "derivato", _("Derivato da altri indicatori")


class IndicatorValue(TenantModel):
    """One figure of one indicator (``breakdown`` empty: the total; else one of its cells)
    for an organization's year, and where it came from: the selector and its parameters for
    a computed value, the formula for a derived one, the source for one entered by hand."""

    key = models.CharField(_("indicatore"), max_length=60)
    year = models.PositiveSmallIntegerField(_("anno"))
    breakdown = models.CharField(_("voce"), max_length=120, blank=True)
    value = models.DecimalField(_("valore"), max_digits=18, decimal_places=4)
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices)
    selector = models.CharField(_("calcolato da"), max_length=200, blank=True)
    parameters = models.JSONField(_("parametri"), default=dict, blank=True)
    source = models.CharField(_("fonte"), max_length=255, blank=True)
    computed_at = models.DateTimeField(_("calcolato il"))
    entered_by = user_key(_("inserito da"))

    class Meta:
        ordering = ("year", "key", "breakdown")
        verbose_name = _("valore di un indicatore")
        verbose_name_plural = _("valori degli indicatori")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "key", "breakdown"],
                name="indicator_value_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(origin="manuale") | ~models.Q(source=""),
                name="indicator_value_manual_has_source",
            ),
        ]

    def __str__(self) -> str:
        cell = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.key}{cell} {self.year}: {self.value}"


class ReportStatus(models.TextChoices):
    DRAFT = "bozza", _("In preparazione")
    APPROVED = "approvato", _("Approvato")


def _attestation_path(instance: SocialReport, filename: str) -> str:
    return f"reporting/{instance.organization_id}/{instance.year}-v{instance.version}/{filename}"


class SocialReport(Created, TenantModel):
    """One version of an organization's social report for a year (DM 4/7/2019): eight
    sections, the control body's review with its attestation, the assembly's approval, after
    which the version is frozen (``frozen`` content and its SHA-256) and a change is a new
    version."""

    year = models.PositiveSmallIntegerField(_("anno"))
    version = models.PositiveSmallIntegerField(_("versione"), default=1)
    status = models.CharField(
        _("stato"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    reviewed_at = models.DateTimeField(_("esaminato dall'organo di controllo il"), null=True)
    reviewed_by = user_key(_("revisione registrata da"))
    review_note = models.TextField(_("nota dell'organo di controllo"), blank=True)
    attestation = models.FileField(
        _("attestazione dell'organo di controllo"), upload_to=_attestation_path, blank=True
    )
    approval_item = models.ForeignKey(
        "governance.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("punto dell'assemblea che lo approva"),
    )
    approved_at = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approved_by = user_key(_("approvazione registrata da"))
    frozen = models.JSONField(_("contenuto approvato"), default=dict, blank=True)
    content_sha256 = models.CharField(_("impronta SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ("-year", "-version")
        verbose_name = _("bilancio sociale")
        verbose_name_plural = _("bilanci sociali")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "version"], name="social_report_version"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approvato")
                | (~models.Q(content_sha256="") & models.Q(approval_item__isnull=False)),
                name="social_report_approved_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Bilancio sociale %(year)s, versione %(version)s")
            % {"year": self.year, "version": self.version}
        )

    @property
    def approved(self) -> bool:
        return self.status == ReportStatus.APPROVED


class ReportSection(TenantModel):
    """One of the decree's eight sections: the text people write and, where a required item
    is missing, the reason for its omission (the decree demands one)."""

    report = models.ForeignKey(SocialReport, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("sezione"))
    text = models.TextField(_("testo"), blank=True)
    omission_reason = models.TextField(_("motivo dell'omissione"), blank=True)
    stakeholder_map = models.TextField(_("la mappa degli stakeholder"), blank=True)
    involvement = models.TextField(
        _("il coinvolgimento di lavoratori e utenti (art. 11)"), blank=True
    )
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)
    updated_by = user_key(_("modificata da"))

    class Meta:
        ordering = ("report", "number")
        verbose_name = _("sezione del bilancio sociale")
        verbose_name_plural = _("sezioni del bilancio sociale")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_section_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=8), name="report_section_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} §{self.number}"
