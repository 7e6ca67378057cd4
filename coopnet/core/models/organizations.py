"""Organizations (the tenant), their sectors and comuni served, and their affiliations."""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..validators import validate_codice_fiscale, validate_partita_iva
from .mixins import dates_ordered, optional_key
from .tenancy import TenantModel, TenantQuerySet, organization_key
from .territory import Comune


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
    # The platform itself (one organization, ``coopnet.core.platform``): it runs calls for
    # good practices; it is never a member of the network nor listed among organizations.
    PLATFORM = "platform", _("Piattaforma")

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


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def in_network(self) -> Self:
        """Without the platform's own organization: what lists of cooperatives, members and
        partners show (``in_network(rows)`` for any queryset of organizations)."""
        return self.exclude(kind=OrganizationKind.PLATFORM)


def in_network(rows: models.QuerySet[Organization]) -> models.QuerySet[Organization]:
    """``rows`` without the platform's own organization (it is no member of the network)."""
    return rows.exclude(kind=OrganizationKind.PLATFORM)


class Organization(models.Model):
    """The tenant: a cooperative, consortium, federation or partner organization (or the
    platform itself, kind ``platform``)."""

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
    seat_comune = optional_key(Comune, _("comune della sede"))
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    website = models.URLField(_("sito web"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

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
    def is_platform(self) -> bool:
        return self.kind == OrganizationKind.PLATFORM

    @property
    def is_social_cooperative(self) -> bool:
        return self.kind in OrganizationKind.social_cooperatives()


class OrganizationSector(TenantModel):
    """An ATECO activity code of an organization; the first one is its main sector."""

    organization = organization_key("sectors")
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


class ServedComune(TenantModel):
    """A comune in the territory an organization serves (R-NET-2)."""

    organization = organization_key("served_comuni")
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


class AffiliationQuerySet(TenantQuerySet):
    def of_groups(self, groups: Any) -> Self:
        """Affiliations read from the side of the consortia or federations joined (ids or rows):
        each row is its member's, and the group is the other party to it."""
        return self.filter(group__in=groups)


class Affiliation(TenantModel):
    """An organization's membership of a consortium or federation, between two dates.

    It lives in core because it decides what consortium staff may see.
    """

    objects = AffiliationQuerySet.as_manager()  # type: ignore[misc]  # scoped, with of_groups

    organization = organization_key("affiliations", _("organizzazione aderente"))
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
            dates_ordered("start_date", "end_date", "affiliation_dates_ordered"),
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
