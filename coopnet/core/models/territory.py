"""The Italian territory: regions, provinces and comuni (ISTAT codes)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An Italian region, keyed by its ISTAT code."""

    code = models.CharField(_("codice ISTAT"), max_length=2, primary_key=True)
    name = models.CharField(_("nome"), max_length=100)

    class Meta:
        ordering = ("name",)
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """A province or equivalent territorial unit (ISTAT 'unità territoriale sovracomunale')."""

    code = models.CharField(_("codice ISTAT"), max_length=3, primary_key=True)
    name = models.CharField(_("nome"), max_length=100)
    abbreviation = models.CharField(_("sigla"), max_length=2, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        ordering = ("name",)
        verbose_name = _("provincia")
        verbose_name_plural = _("province")

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class Comune(models.Model):
    """An Italian municipality, keyed by its six-digit ISTAT code."""

    istat_code = models.CharField(_("codice ISTAT"), max_length=6, primary_key=True)
    name = models.CharField(_("nome"), max_length=200, db_index=True)
    cadastral_code = models.CharField(_("codice catastale"), max_length=4, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="comuni")
    # From GeoNames (core/data/README.md); approximate = the mean of the province's comuni.
    latitude = models.FloatField(_("latitudine"), null=True, blank=True)
    longitude = models.FloatField(_("longitudine"), null=True, blank=True)
    coordinates_approximate = models.BooleanField(_("posizione approssimativa"), default=False)

    class Meta:
        ordering = ("name",)
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")

    def __str__(self) -> str:
        return f"{self.name} ({self.province.abbreviation})"
