"""Forms of the reporting app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coopnet.core.dates import FIRST_YEAR, LAST_YEAR

from .models import ReportSection


class IndicatorEntryForm(forms.Form):
    """A figure entered by hand: its value and the document it comes from (required)."""

    value = forms.DecimalField(label=_("Valore"), max_digits=18, decimal_places=4)
    source = forms.CharField(
        label=_("Fonte"),
        max_length=255,
        help_text=_(
            "Il documento da cui viene il dato, per esempio «Bilancio 2025 approvato il 28/4/2026»."
        ),
    )


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Anno"), min_value=FIRST_YEAR, max_value=LAST_YEAR)


class SectionForm(forms.ModelForm[ReportSection]):
    class Meta:
        model = ReportSection
        fields = ("text", "omission_reason")
        widgets = {
            "text": forms.Textarea(attrs={"rows": 12}),
            "omission_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "text": _("Testo semplice: una riga vuota separa i paragrafi."),
            "omission_reason": _(
                "Se un contenuto richiesto manca, il decreto chiede di spiegare perché."
            ),
        }
