"""Forms of the reporting app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopnet.core.dates import FIRST_YEAR, LAST_YEAR
from coopnet.core.forms import text_area
from coopnet.governance.models import AgendaItem

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
        fields = ("text", "stakeholder_map", "involvement", "omission_reason")
        labels = {
            "stakeholder_map": _("Mappa degli stakeholder"),
            "involvement": _("Coinvolgimento di lavoratori e utenti (art. 11)"),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 12}),
            "stakeholder_map": forms.Textarea(attrs={"rows": 6}),
            "involvement": forms.Textarea(attrs={"rows": 6}),
            "omission_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "text": _("Testo semplice: una riga vuota separa i paragrafi."),
            "omission_reason": _(
                "Se un contenuto richiesto manca, il decreto chiede di spiegare perché."
            ),
            "stakeholder_map": _(
                "Chi sono i portatori di interesse e che rapporto hanno con l'ente."
            ),
            "involvement": _(
                "Come lavoratori, utenti e altri interessati sono stati coinvolti nelle "
                "decisioni (art. 11 d.lgs. 112/2017)."
            ),
        }

    def __init__(self, *args: Any, parts: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("stakeholder_map", "involvement"):
            if name not in parts:
                del self.fields[name]


class ReviewForm(forms.Form):
    """The control body's attestation (its checks are the service's) and a note."""

    attestation = forms.FileField(
        label=_("Attestazione dell'organo di controllo"),
        required=False,
        help_text=_("PDF, anche firmato digitalmente (.p7m), al massimo 10 MB."),
    )
    note = text_area(_("Nota"))


class _ItemField(forms.ModelChoiceField[AgendaItem]):
    def label_from_instance(self, obj: AgendaItem) -> str:
        return f"{obj.meeting}: {obj}"


class ApprovalForm(forms.Form):
    """The assembly's agenda item that approved the report."""

    approval_item = _ItemField(label=_("Punto dell'assemblea"), queryset=AgendaItem.objects.none())
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, items: QuerySet[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["approval_item"]
        assert isinstance(field, _ItemField)
        field.queryset = items
