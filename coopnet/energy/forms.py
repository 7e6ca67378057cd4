"""Forms of the energy app."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField

from .tasks import FILES

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
