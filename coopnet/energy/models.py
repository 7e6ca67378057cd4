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

from coopnet.core.models import Comune, CreatedBy, Region, TenantModel, optional_key
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
    """A member of the community, by tax code; ``comune`` is where they live or have their
    seat, which with their kind decides their control rights (R-CER-1, ``control``)."""

    tax_code = models.CharField(
        _("codice fiscale"), max_length=16, validators=[validate_codice_fiscale]
    )
    name = models.CharField(_("denominazione"), max_length=200)
    kind = models.CharField(_("tipo di membro"), max_length=20, choices=MemberKind.choices)
    vulnerable = models.BooleanField(_("famiglia vulnerabile"), default=False)
    comune = optional_key(Comune, _("comune di residenza o sede"))

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
    """A production plant of a configuration (R-CER-2, R-CER-5); its ``comune`` is one of
    the municipalities where members with control rights must be (R-CER-1)."""

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
    comune = optional_key(Comune, _("comune dell'impianto"))

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


def _refuse_changes(row: models.Model, message: Any, kwargs: dict[str, Any]) -> None:
    """Stored rows are records: saving one again is refused."""
    if row.pk is not None and not kwargs.get("force_insert"):
        raise ValidationError(message)


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
        _refuse_changes(self, _("Una ripartizione registrata non si modifica."), kwargs)
        super().save(*args, **kwargs)


class DistributionRule(TenantModel, CreatedBy):
    """A version of the community's distribution rules, in force from ``valid_from`` until
    the next version: quotas in percent, adding up to 100. Never changed once written."""

    valid_from = models.DateField(_("in vigore dal"))
    owners_pct = models.DecimalField(
        _("quota ai titolari degli impianti (%)"), max_digits=5, decimal_places=2
    )
    consumers_pct = models.DecimalField(
        _("quota ai consumatori per la loro energia condivisa (%)"),
        max_digits=5,
        decimal_places=2,
    )
    fund_pct = models.DecimalField(
        _("quota al fondo per famiglie vulnerabili e fini sociali (%)"),
        max_digits=5,
        decimal_places=2,
    )
    fund_purpose = models.CharField(_("destinazione del fondo"), max_length=200)
    note = models.TextField(_("delibera o nota"), blank=True)

    class Meta:
        ordering = ("-valid_from",)
        verbose_name = _("versione delle regole di distribuzione")
        verbose_name_plural = _("versioni delle regole di distribuzione")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "valid_from"], name="energy_rule_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(owners_pct__gte=0) & Q(consumers_pct__gte=0) & Q(fund_pct__gte=0),
                name="energy_rule_quotas_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_changes(self, _("Una versione delle regole non si modifica."), kwargs)
        super().save(*args, **kwargs)


class DistributionKind(models.TextChoices):
    MONTHLY = "mensile", _("Mensile provvisoria")
    YEARLY = "annuale", _("Annuale con conguaglio")
    PERIOD = "periodo", _("Periodo provvisorio")


class Distribution(TenantModel, CreatedBy):
    """A settlement's money shared out by a rule version, stored once: the shares are its
    lines (the fund: the line without a member)."""

    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("ripartizione"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    rule = models.ForeignKey(
        DistributionRule,
        verbose_name=_("versione delle regole"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=DistributionKind.choices)
    total_eur = models.DecimalField(_("totale da distribuire (€)"), max_digits=14, decimal_places=2)
    excess_eur = models.DecimalField(
        _("premio oltre la soglia sociale (€)"), max_digits=14, decimal_places=2
    )
    limit_eur = models.DecimalField(_("limite per le imprese (€)"), max_digits=14, decimal_places=2)
    business_eur = models.DecimalField(_("alle imprese (€)"), max_digits=14, decimal_places=2)
    cut_eur = models.DecimalField(
        _("tolto alle imprese e dato al fondo (€)"), max_digits=14, decimal_places=2
    )
    fund_eur = models.DecimalField(_("al fondo (€)"), max_digits=14, decimal_places=2)
    reasons = models.JSONField(_("motivi"), default=list)

    class Meta:
        ordering = ("-settlement__first_day", "-created_at", "-pk")
        verbose_name = _("distribuzione")
        verbose_name_plural = _("distribuzioni")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "settlement", "rule"], name="energy_distribution_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.settlement)

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_changes(self, _("Una distribuzione registrata non si modifica."), kwargs)
        super().save(*args, **kwargs)


class DistributionShare(TenantModel):
    """What one member (or the fund, ``member`` empty) gets from a distribution."""

    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("distribuzione"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    member = models.ForeignKey(
        EnergyMember,
        verbose_name=_("membro"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owners_eur = models.DecimalField(_("come titolare (€)"), max_digits=14, decimal_places=2)
    consumers_eur = models.DecimalField(_("come consumatore (€)"), max_digits=14, decimal_places=2)
    cut_eur = models.DecimalField(_("limite R-CER-6 (€)"), max_digits=14, decimal_places=2)
    eur = models.DecimalField(_("importo (€)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ("distribution", "pk")
        verbose_name = _("quota di una distribuzione")
        verbose_name_plural = _("quote di una distribuzione")
        constraints = [
            models.UniqueConstraint(fields=["distribution", "member"], name="energy_share_unique"),
        ]


class GseStatement(TenantModel):
    """One month and configuration of the GSE's own statement, as imported."""

    month = models.DateField(_("mese"))  # its first day
    configuration = models.CharField(_("configurazione"), max_length=40)
    shared_kwh = models.DecimalField(_("energia condivisa (kWh)"), max_digits=14, decimal_places=3)
    tip_eur = models.DecimalField(_("tariffa premio (€)"), max_digits=14, decimal_places=2)
    valorisation_eur = models.DecimalField(_("valorizzazione (€)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ("month", "configuration")
        verbose_name = _("riga del rendiconto GSE")
        verbose_name_plural = _("righe del rendiconto GSE")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month", "configuration"], name="energy_gse_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.configuration}"
