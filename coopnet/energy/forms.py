"""Forms of the energy app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField


class SettleForm(forms.Form):
    """The period to settle: local days, at most a year (the service checks)."""

    first_day = DateField(label=_("Dal"))
    last_day = DateField(label=_("Al"), help_text=_("Compreso; di norma un mese."))
