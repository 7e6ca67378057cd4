"""Forms of the energy app."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField

from .models import MemberKind
from .simulation import Site

SKY_PCT = 75.0  # the yield a simulation assumes unless told: a typical Italian year


class SettleForm(forms.Form):
    """The period to settle: local days, at most a year (the service checks)."""

    first_day = DateField(label=_("Dal"))
    last_day = DateField(label=_("Al"), help_text=_("Compreso; di norma un mese."))


class SimulationForm(forms.Form):
    """A prospective consumer (yearly kWh and a shape) or PV plant (power and place)."""

    CONSUMER, PLANT = "consumatore", "impianto"
    REQUIRED: dict[str, tuple[str, ...]] = {
        CONSUMER: ("yearly_kwh", "shape", "member_kind"),
        PLANT: ("power_kw", "latitude", "longitude"),
    }

    configuration = forms.ChoiceField(label=_("Configurazione"))
    newcomer = forms.ChoiceField(
        label=_("Chi entra"),
        choices=[
            (CONSUMER, _("Un nuovo consumatore")),
            (PLANT, _("Un nuovo impianto fotovoltaico")),
        ],
        widget=forms.RadioSelect,
    )
    yearly_kwh = forms.DecimalField(
        localize=True,
        label=_("Consumo annuo previsto (kWh)"),
        required=False,
        min_value=1,
        max_value=10_000_000,
        decimal_places=3,
    )
    shape = forms.ChoiceField(
        label=_("Profilo di consumo"),
        required=False,
        choices=[
            ("domestico", _("Famiglia (sera e inverno)")),
            ("diurno", _("Attività diurna (uffici, negozi, scuole)")),
            ("costante", _("Costante")),
        ],
    )
    member_kind = forms.ChoiceField(
        label=_("Tipo di membro"), required=False, choices=MemberKind.choices
    )
    power_kw = forms.DecimalField(
        localize=True,
        label=_("Potenza (kW)"),
        required=False,
        min_value=Decimal("0.1"),
        decimal_places=3,
    )
    latitude = forms.FloatField(
        localize=True, label=_("Latitudine"), required=False, min_value=35, max_value=48
    )
    longitude = forms.FloatField(
        localize=True, label=_("Longitudine"), required=False, min_value=6, max_value=19
    )
    tilt = forms.FloatField(
        localize=True,
        label=_("Inclinazione dei moduli (gradi)"),
        initial=Site.tilt,
        required=False,
        min_value=0,
        max_value=90,
    )
    azimuth = forms.FloatField(
        localize=True,
        label=_("Orientamento (gradi da nord, 180 = sud)"),
        initial=Site.azimuth,
        required=False,
        min_value=0,
        max_value=360,
    )
    grant_pct = forms.DecimalField(
        localize=True,
        label=_("Contributo in conto capitale (%)"),
        initial=0,
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    sky_pct = forms.FloatField(
        localize=True,
        label=_("Resa rispetto al cielo sereno (%)"),
        initial=SKY_PCT,
        required=False,
        min_value=10,
        max_value=100,
        help_text=_(
            "In Italia un anno reale dà di solito il 65-80% della produzione a cielo sereno."
        ),
    )

    def __init__(self, *args: Any, configurations: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["configuration"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, code) for code in configurations]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.REQUIRED.get(data.get("newcomer", ""), ()):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("Necessario per questa simulazione."))
        return data
