"""Fixed vocabularies (themes, the UN's sustainable development goals, licences) and the way a
row stores several of their codes: one text column, ``" a b "``, that a filter reads with
``__contains=" a "`` on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    COMMUNITY_WELFARE = "welfare", _("Welfare di comunità")
    CARE = "cura", _("Cura e assistenza")
    WORK_INTEGRATION = "inserimento", _("Inserimento lavorativo")
    SOCIAL_FARMING = "agricoltura", _("Agricoltura sociale")
    INNER_AREAS = "aree_interne", _("Aree interne e piccoli comuni")
    COMMONS = "beni_comuni", _("Beni comuni e rigenerazione")
    ENERGY = "energia", _("Energia e ambiente")
    HOUSING = "abitare", _("Abitare")
    EDUCATION = "educazione", _("Educazione e giovani")
    CULTURE = "cultura", _("Cultura e turismo")
    MIGRATION = "migrazione", _("Migrazione e accoglienza")
    HEALTH = "salute", _("Salute")


class Sdg(models.TextChoices):
    """The 17 goals of the UN's 2030 Agenda, by number."""

    G1 = "1", _("1 · Sconfiggere la povertà")
    G2 = "2", _("2 · Sconfiggere la fame")
    G3 = "3", _("3 · Salute e benessere")
    G4 = "4", _("4 · Istruzione di qualità")
    G5 = "5", _("5 · Parità di genere")
    G6 = "6", _("6 · Acqua pulita e servizi igienico-sanitari")
    G7 = "7", _("7 · Energia pulita e accessibile")
    G8 = "8", _("8 · Lavoro dignitoso e crescita economica")
    G9 = "9", _("9 · Imprese, innovazione e infrastrutture")
    G10 = "10", _("10 · Ridurre le disuguaglianze")
    G11 = "11", _("11 · Città e comunità sostenibili")
    G12 = "12", _("12 · Consumo e produzione responsabili")
    G13 = "13", _("13 · Lotta contro il cambiamento climatico")
    G14 = "14", _("14 · Vita sott'acqua")
    G15 = "15", _("15 · Vita sulla terra")
    G16 = "16", _("16 · Pace, giustizia e istituzioni solide")
    G17 = "17", _("17 · Partnership per gli obiettivi")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribuzione 4.0 (CC BY)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribuzione, condividi allo stesso modo 4.0")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribuzione, non commerciale 4.0")
    RESERVED = "riservati", _("Tutti i diritti riservati")


def codes_text(values: Iterable[str]) -> str:
    """Codes as stored: sorted, space-separated, with a space at each end."""
    found = sorted({v.strip() for v in values if v.strip()})
    return f" {' '.join(found)} " if found else ""


def codes_list(text: str) -> list[str]:
    return text.split()


def codes_labels(text: str, choices: type[models.TextChoices]) -> list[str]:
    """The labels of the codes in ``text``, in the vocabulary's order."""
    held = set(text.split())
    return [str(label) for value, label in choices.choices if value in held]
