"""What an indicator of the social report is: the decree's eight sections, the units and
the ``Indicator`` record the catalogue (``catalogue.py``) lists."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import Origin

# DM 4/7/2019 §6: the eight sections of the social report.
SECTIONS: dict[int, Promise] = {
    1: _("Metodologia adottata"),
    2: _("Informazioni generali sull'ente"),
    3: _("Struttura, governo e amministrazione"),
    4: _("Persone che operano per l'ente"),
    5: _("Obiettivi e attività"),
    6: _("Situazione economico-finanziaria"),
    7: _("Altre informazioni"),
    8: _("Monitoraggio svolto dall'organo di controllo"),
}


class Unit:
    COUNT = "n"
    EUR = "€"
    HOURS = "h"
    PERCENT = "%"
    RATIO = "x"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise  # Italian, translated by the catalogue
    label_en: str
    unit: str
    section: int
    origin: str = Origin.COMPUTED
    breakdown: Promise | None = None  # what the cells are, when the figure is split
    formula: str = ""
    signed: bool = False  # a hand-entered amount may be negative (a loss)
    manual_fallback: bool = False
    people: bool = False  # counts private persons: published with small cells hidden (R-GDPR-5)
    vsme: str = ""
    gri: str = ""
    rule: str = ""

    @property
    def enterable(self) -> bool:
        """Whether a person may enter its value (with a source)."""
        return self.origin == Origin.MANUAL or self.manual_fallback

    def range_error(self, value: Decimal) -> str:
        """Why ``value`` cannot be this indicator's, or ``""``."""
        if value < 0 and not self.signed:
            return str(_("Il valore non può essere negativo."))
        if self.unit == Unit.PERCENT and value > 100:
            return str(_("Una percentuale non può superare 100."))
        if self.unit == Unit.COUNT and value != value.to_integral_value():
            return str(_("Un numero di persone o di eventi è un intero."))
        return ""
