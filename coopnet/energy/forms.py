"""Forms of the energy app."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField

from .models import MemberKind
from .simulation import Site
from .tasks import FILES

SKY_PCT = 75.0  # the yield a simulation assumes unless told: a typical Italian year

MAX_UPLOAD_BYTES = 2 * 1024**3  # a year of quarter-hours of 1,000 points is about 1.7 GB


class SettleForm(forms.Form):
    """The period to settle: local days, at most a year (the service checks)."""

    first_day = DateField(label=_("Dal"))
    last_day = DateField(label=_("Al"), help_text=_("Compreso; di norma un mese."))


class RuleForm(forms.Form):
    """A new version of the distribution rules (the service checks the quotas' sum)."""

    valid_from = DateField(label=_("In vigore dal"))
    owners_pct = forms.DecimalField(
        label=_("Quota ai titolari degli impianti (%)"), max_digits=5, decimal_places=2
    )
    consumers_pct = forms.DecimalField(
        label=_("Quota ai consumatori (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Divisa secondo l'energia condivisa di ciascuno, ora per ora."),
    )
    fund_pct = forms.DecimalField(
        label=_("Quota al fondo (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Le tre quote sommano a 100."),
    )
    fund_purpose = forms.CharField(
        label=_("Destinazione del fondo"),
        max_length=200,
        help_text=_("Per esempio: famiglie vulnerabili del quartiere, progetti sociali locali."),
    )
    note = forms.CharField(label=_("Delibera o nota"), required=False, widget=forms.Textarea)


class GseForm(forms.Form):
    statement = forms.FileField(
        label=_("Rendiconto GSE (CSV)"),
        help_text=_(
            "Colonne (separate da ; o ,): mese, configurazione, energia_condivisa_kwh, "
            "tip_eur, valorizzazione_eur"
        ),
    )


class ImportForm(forms.Form):
    """A CSV file of the community and which one it is."""

    file = forms.ChoiceField(label=_("Contenuto del file"), choices=list(FILES.items()))
    upload = forms.FileField(
        label=_("File CSV"), widget=forms.ClearableFileInput(attrs={"accept": ".csv"})
    )

    def clean_upload(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["upload"]
        if Path(upload.name or "").suffix.lower() != ".csv":
            raise forms.ValidationError(_("Carica un file .csv."))
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Il file supera i 2 GB: dividilo per mese."))
        return upload


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
            "In Italia un anno reale dà di solito tra il 65 e l'80 per cento della produzione "
            "a cielo sereno."
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
