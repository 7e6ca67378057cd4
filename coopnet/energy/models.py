"""Models of the energy app: the community's register (configurations, members, points,
plants), the hourly meter readings and zonal prices, and the stored settlements.

Readings are compact: one row per POD, hour (the UTC instant it starts) and direction with
integer Wh; quarter-hours are summed on import. Every table is a tenant table keyed by
organization, like everything else (a distributed PostgreSQL shards on it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import CreatedBy, Region, TenantModel
from coopnet.core.validators import validate_codice_fiscale

from .validators import validate_pod


class Zone(models.TextChoices):
    """Italy's market zones (zonal prices)."""

    NORD = "NORD", "Nord"
    CNOR = "CNOR", "Centro-Nord"
    CSUD = "CSUD", "Centro-Sud"
    SUD = "SUD", "Sud"
    CALA = "CALA", "Calabria"
    SICI = "SICI", "Sicilia"
    SARD = "SARD", "Sardegna"


class Configuration(TenantModel):
    """The community's points and plants under one primary substation (one GSE
    configuration, R-CER-3)."""

    code = models.CharField(_("codice"), max_length=40)
    substation_code = models.CharField(_("codice della cabina primaria"), max_length=40)
    zone = models.CharField(_("zona di mercato"), max_length=4, choices=Zone.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("regione"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("configurazione")
        verbose_name_plural = _("configurazioni")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="energy_config_unique"),
            models.UniqueConstraint(
                fields=["organization", "substation_code"], name="energy_config_substation_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class MemberKind(models.TextChoices):
    """Who a member is: it decides control rights and exemptions (R-CER-1, R-CER-5)."""

    NATURAL_PERSON = "persona_fisica", _("Persona fisica")
    SME = "pmi", _("Piccola o media impresa")
    LOCAL_AUTHORITY = "ente_territoriale", _("Ente territoriale o autorità locale")
    THIRD_SECTOR = "terzo_settore", _("Ente del terzo settore")
    RELIGIOUS = "ente_religioso", _("Ente religioso")
    OTHER = "altro", _("Altro")


# F is not applied to these members' points (R-CER-5); natural persons by a dated parameter
F_EXEMPT_KINDS = frozenset(
    {MemberKind.LOCAL_AUTHORITY, MemberKind.THIRD_SECTOR, MemberKind.RELIGIOUS}
)
# Not "non-business consumers" of R-CER-6 (altro: unknown, so limited like a business)
BUSINESS_KINDS = frozenset({MemberKind.SME, MemberKind.OTHER})


class EnergyMember(TenantModel):
    """A member of the community, by tax code."""

    tax_code = models.CharField(
        _("codice fiscale"), max_length=16, validators=[validate_codice_fiscale]
    )
    name = models.CharField(_("denominazione"), max_length=200)
    kind = models.CharField(_("tipo di membro"), max_length=20, choices=MemberKind.choices)
    vulnerable = models.BooleanField(_("famiglia vulnerabile"), default=False)

    class Meta:
        ordering = ("name", "tax_code")
        verbose_name = _("membro della comunità energetica")
        verbose_name_plural = _("membri della comunità energetica")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "tax_code"], name="energy_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class Point(TenantModel):
    """A member's withdrawal point in a configuration, while the member's mandate lasts."""

    member = models.ForeignKey(
        EnergyMember, verbose_name=_("membro"), on_delete=models.PROTECT, related_name="points"
    )
    configuration = models.ForeignKey(
        Configuration,
        verbose_name=_("configurazione"),
        on_delete=models.PROTECT,
        related_name="points",
    )
    pod = models.CharField(_("POD"), max_length=14, validators=[validate_pod])
    valid_from = models.DateField(_("mandato dal"))
    valid_to = models.DateField(_("mandato fino al"), null=True, blank=True)

    class Meta:
        ordering = ("pod", "valid_from")
        verbose_name = _("punto di prelievo")
        verbose_name_plural = _("punti di prelievo")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "pod", "valid_from"], name="energy_point_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="energy_point_mandate_range",
            ),
        ]

    def __str__(self) -> str:
        return self.pod


class Source(models.TextChoices):
    PV = "fotovoltaico", _("Fotovoltaico")
    WIND = "eolico", _("Eolico")
    HYDRO = "idroelettrico", _("Idroelettrico")
    BIOMASS = "biomasse", _("Biomasse")
    OTHER = "altro", _("Altro")


class Plant(TenantModel):
    """A production plant of a configuration (R-CER-2, R-CER-5)."""

    pod = models.CharField(_("POD"), max_length=14, validators=[validate_pod])
    source = models.CharField(_("fonte"), max_length=20, choices=Source.choices)
    power_kw = models.DecimalField(
        _("potenza (kW)"),
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(0)],
    )
    commissioned_on = models.DateField(_("data di entrata in esercizio"))
    owner = models.ForeignKey(
        EnergyMember, verbose_name=_("titolare"), on_delete=models.PROTECT, related_name="plants"
    )
    configuration = models.ForeignKey(
        Configuration,
        verbose_name=_("configurazione"),
        on_delete=models.PROTECT,
        related_name="plants",
    )
    grant_pct = models.DecimalField(
        _("contributo in conto capitale (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    pre_existing = models.BooleanField(_("preesistente"), default=False)

    class Meta:
        ordering = ("commissioned_on", "pod")
        verbose_name = _("impianto")
        verbose_name_plural = _("impianti")
        constraints = [
            models.UniqueConstraint(fields=["organization", "pod"], name="energy_plant_unique"),
            models.CheckConstraint(condition=Q(power_kw__gt=0), name="energy_plant_power"),
            models.CheckConstraint(
                condition=Q(grant_pct__gte=0) & Q(grant_pct__lte=100), name="energy_plant_grant"
            ),
        ]

    def __str__(self) -> str:
        return self.pod


class Direction(models.IntegerChoices):
    WITHDRAWAL = 1, _("prelievo")
    INJECTION = 2, _("immissione")


class Reading(TenantModel):
    """The energy of one POD in one hour and direction, in Wh (quarter-hours summed)."""

    pod = models.CharField(_("POD"), max_length=14)
    hour = models.DateTimeField(_("ora"))  # the instant the hour starts
    direction = models.PositiveSmallIntegerField(_("verso"), choices=Direction.choices)
    wh = models.PositiveIntegerField(_("energia (Wh)"))

    class Meta:
        verbose_name = _("lettura oraria")
        verbose_name_plural = _("letture orarie")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "pod", "direction", "hour"], name="energy_reading_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pod} {self.hour:%Y-%m-%d %H:%M} {self.wh} Wh"


class ZonalPrice(TenantModel):
    """The hourly zonal price (Pz of R-CER-4), €/MWh."""

    zone = models.CharField(_("zona di mercato"), max_length=4, choices=Zone.choices)
    hour = models.DateTimeField(_("ora"))
    eur_mwh = models.DecimalField(_("prezzo (€/MWh)"), max_digits=14, decimal_places=6)

    class Meta:
        verbose_name = _("prezzo zonale orario")
        verbose_name_plural = _("prezzi zonali orari")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "zone", "hour"], name="energy_price_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.hour:%Y-%m-%d %H:%M} {self.eur_mwh}"


class Settlement(TenantModel, CreatedBy):
    """One settlement run, stored as computed and never changed: the period, the hash of its
    inputs and parameters, the parameters used and the result (the JSON of the API)."""

    first_day = models.DateField(_("dal"))
    last_day = models.DateField(_("al"))
    input_hash = models.CharField(_("impronta dei dati"), max_length=64)
    parameters = models.JSONField(_("parametri usati"))
    result = models.JSONField(_("risultato"))
    final = models.BooleanField(_("definitiva"), default=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("ripartizione")
        verbose_name_plural = _("ripartizioni")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="energy_settlement_period"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "first_day", "last_day", "input_hash"],
                name="energy_settlement_lookup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_day:%d/%m/%Y}-{self.last_day:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Una ripartizione registrata non si modifica."))
        super().save(*args, **kwargs)
