"""Forms of the contracts app; the services validate the rules, the forms the types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField
from coopnet.core.models import Organization, User

from . import rules
from .models import Bid, BidChecklistItem, Contract, Lot, MemberRole, Outcome, Tender
from .services.tenders import TENDER_FIELDS


class TenderForm(forms.ModelForm):
    published_on = DateField(label=_("pubblicato il"))
    questions_deadline = DateField(label=_("termine per i chiarimenti"), required=False)
    bid_deadline = DateField(label=_("termine per le offerte"))

    class Meta:
        model = Tender
        fields = TENDER_FIELDS

    def __init__(self, *args: Any, authorities: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]


class LotForm(forms.ModelForm):
    cig = forms.CharField(label=_("CIG"), max_length=10)
    cup = forms.CharField(label=_("CUP"), max_length=15, required=False)

    class Meta:
        model = Lot
        fields = ("number", "title", "cig", "cup", "base_value")

    def clean_cig(self) -> str:
        return str(self.cleaned_data["cig"]).strip().upper()

    def clean_cup(self) -> str:
        return str(self.cleaned_data["cup"]).strip().upper()


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("titolo"), max_length=200)
    file = forms.FileField(label=_("file"))


class BidForm(forms.ModelForm):
    bid_date = DateField(label=_("data dell'offerta"))
    lots = forms.ModelMultipleChoiceField(
        label=_("lotti"), queryset=Lot.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Bid
        fields = ("form", "bid_date", "amount", "lots")

    def __init__(self, *args: Any, lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lots"].queryset = lots  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    """One row of a consortium's or RTI's members; an empty row is ignored."""

    member = forms.ModelChoiceField(
        label=_("organizzazione"), queryset=Organization.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("ruolo"), choices=MemberRole.choices, required=False)
    share = forms.DecimalField(
        label=_("quota (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )
    parts = forms.CharField(label=_("parti del servizio"), max_length=255, required=False)

    def __init__(self, *args: Any, partners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = partners  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("member") and not data.get("role"):
            self.add_error("role", _("Indica il ruolo."))
        return data


MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=20)


def member_specs(formset: forms.BaseFormSet) -> list[rules.MemberSpec]:
    """The filled rows of a members formset, as the service takes them."""
    return [
        rules.MemberSpec(
            organization_id=row["member"].pk,
            role=row["role"],
            share=row.get("share") or Decimal(0),
            parts=row.get("parts", ""),
        )
        for row in formset.cleaned_data
        if row.get("member")
    ]


class ChecklistItemForm(forms.ModelForm):
    due_date = DateField(label=_("scadenza"))

    class Meta:
        model = BidChecklistItem
        fields = ("title", "owner", "due_date")

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("esito"), choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING]
    )
    outcome_on = DateField(label=_("data dell'esito"))
    note = forms.CharField(
        label=_("motivazione"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ContractForm(forms.ModelForm):
    start_date = DateField(label=_("inizio"))
    end_date = DateField(label=_("fine"))
    lots = forms.ModelMultipleChoiceField(
        label=_("lotti"), queryset=Lot.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Contract
        fields = ("lots", "value", "start_date", "end_date", "iban", "account_operators")

    def __init__(self, *args: Any, lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lots"].queryset = lots  # type: ignore[attr-defined]
