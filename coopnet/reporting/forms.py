"""Forms of the reporting app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
