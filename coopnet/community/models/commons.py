"""The commons register: abandoned or under-used assets a community cooperative takes into
care (a closed school, a station, a green area, an asset confiscated from the mafia), with
their pictures and documents and the history of what happened to them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import AppendOnlyModel, Comune, Organization, TenantModel
from coopnet.core.models.mixins import Created, CreatedBy
from coopnet.core.validators import FILE_EXTENSIONS

from .timebank import optional_key


def coordinate(label: Any, low: int, high: int, help_text: Any) -> models.DecimalField[Any, Any]:
    """A latitude or longitude in decimal degrees, within Italy's range (``low`` to ``high``)."""
    return models.DecimalField(
        label,
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(low)), MaxValueValidator(Decimal(high))],
        help_text=help_text,
    )


class AssetKind(models.TextChoices):
    BUILDING = "edificio", _("Edificio")
    LAND = "terreno", _("Terreno")
    GREEN = "area_verde", _("Area verde")
    SCHOOL = "scuola", _("Scuola")
    STATION = "stazione", _("Stazione")
    CONFISCATED = "confiscato", _("Bene confiscato alla criminalità")
    OTHER = "altro", _("Altro")


class AssetState(models.TextChoices):
    ABANDONED = "abbandonato", _("Abbandonato")
    REGENERATING = "in_rigenerazione", _("In rigenerazione")
    IN_USE = "in_uso", _("In uso")


class Asset(TenantModel, Created):
    """A common good in the register of the cooperative that looks after it.

    The owner is a public body of the network (``owner_body``) or another owner named in
    ``owner_name`` (a private person, a diocese, the State's agency for confiscated assets).
    """

    name = models.CharField(_("nome"), max_length=160)
    kind = models.CharField(_("tipo"), max_length=20, choices=AssetKind.choices)
    owner_body = optional_key(Organization, _("ente proprietario"))
    owner_name = models.CharField(_("altro proprietario"), max_length=160, blank=True)
    comune = models.ForeignKey(
        Comune, verbose_name=_("comune"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)
    latitude = coordinate(
        _("latitudine"), 35, 48, _("In gradi decimali, es. 44.494887 (l'Italia va da 35 a 48).")
    )
    longitude = coordinate(
        _("longitudine"), 6, 19, _("In gradi decimali, es. 11.342616 (l'Italia va da 6 a 19).")
    )
    state = models.CharField(
        _("stato"), max_length=20, choices=AssetState.choices, default=AssetState.ABANDONED
    )
    description = models.TextField(_("descrizione"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("bene comune")
        verbose_name_plural = _("beni comuni")
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_body__isnull=False) & Q(owner_name=""))
                | (Q(owner_body__isnull=True) & ~Q(owner_name="")),
                name="commons_asset_one_owner",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="commons_asset_both_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> str:
        return str(self.owner_body) if self.owner_body is not None else self.owner_name


# What the office edits of an asset, in the order of its form.
ASSET_FIELDS = (
    "name",
    "kind",
    "state",
    "owner_body",
    "owner_name",
    "comune",
    "address",
    "latitude",
    "longitude",
    "description",
)


class AssetFileKind(models.TextChoices):
    PICTURE = "foto", _("Foto")
    DOCUMENT = "documento", _("Documento")


class AssetFile(TenantModel, CreatedBy):
    """A picture or a document of an asset (a survey, a deed, the pact's text)."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("tipo"), max_length=10, choices=AssetFileKind.choices)
    title = models.CharField(_("titolo"), max_length=160)
    file = models.FileField(
        _("file"),
        upload_to="community/assets/%Y/",
        validators=[FileExtensionValidator(FILE_EXTENSIONS)],
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("file del bene comune")
        verbose_name_plural = _("file dei beni comuni")

    def __str__(self) -> str:
        return self.title


class AssetEvent(AppendOnlyModel, TenantModel):
    """One line of an asset's history: a change of state or a note (append-only)."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("data"))
    state = models.CharField(_("stato"), max_length=20, choices=AssetState.choices, blank=True)
    note = models.CharField(_("che cosa è successo"), max_length=500)
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-date", "-pk")
        verbose_name = _("evento del bene comune")
        verbose_name_plural = _("storia dei beni comuni")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.note[:60]}"
