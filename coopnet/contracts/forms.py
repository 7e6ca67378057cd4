"""Forms of the contracts app; the services validate the rules, the forms the types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopnet.care.models import CarePlan, ServiceType
from coopnet.core.dates import parse_month
from coopnet.core.forms import DateField
from coopnet.core.models import Organization, User
from coopnet.members.models import Person

from . import rules
from .models import (
    Bid,
    BidChecklistItem,
    BillingProfile,
    Contract,
    Invoice,
    Lot,
    MemberRole,
    Outcome,
    Tender,
    VatChoice,
)
from .services.billing import FIELDS as BILLING_FIELDS
from .services.invoices import LineSpec
from .services.tenders import TENDER_FIELDS


class TenderForm(forms.ModelForm):
    published_on = DateField(label=_("Pubblicato il"))
    questions_deadline = DateField(label=_("Termine per i chiarimenti"), required=False)
    bid_deadline = DateField(label=_("Termine per le offerte"))

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
    title = forms.CharField(label=_("Titolo"), max_length=200)
    file = forms.FileField(label=_("File"))


class BidForm(forms.ModelForm):
    bid_date = DateField(label=_("Data dell'offerta"))
    lots = forms.ModelMultipleChoiceField(
        label=_("Lotti"), queryset=Lot.objects.none(), widget=forms.CheckboxSelectMultiple
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
        label=_("Organizzazione"), queryset=Organization.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("Ruolo"), choices=MemberRole.choices, required=False)
    share = forms.DecimalField(
        label=_("Quota (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
    )
    parts = forms.CharField(label=_("Parti del servizio"), max_length=255, required=False)

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
    due_date = DateField(label=_("Scadenza"))

    class Meta:
        model = BidChecklistItem
        fields = ("title", "owner", "due_date")

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Esito"), choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING]
    )
    outcome_on = DateField(label=_("Data dell'esito"))
    note = forms.CharField(
        label=_("Motivazione"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ContractForm(forms.ModelForm):
    start_date = DateField(label=_("Inizio"))
    end_date = DateField(label=_("Fine"))
    lots = forms.ModelMultipleChoiceField(
        label=_("Lotti"), queryset=Lot.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Contract
        fields = ("lots", "value", "start_date", "end_date", "iban", "account_operators")

    def __init__(self, *args: Any, lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lots"].queryset = lots  # type: ignore[attr-defined]


class InvoiceForm(forms.Form):
    """An invoice's header; the services check CIG (R-VAT-4) and the customer of a contract."""

    customer = forms.ModelChoiceField(
        label=_("Cliente"),
        queryset=Organization.objects.none(),
        help_text=_("I clienti di cui avete registrato i dati di fatturazione."),
    )
    contract = forms.ModelChoiceField(
        label=_("Contratto"), queryset=Contract.objects.none(), required=False
    )
    cig = forms.CharField(label=_("CIG"), max_length=10, required=False)
    cup = forms.CharField(label=_("CUP"), max_length=15, required=False)
    order_id = forms.CharField(label=_("Ordine (NSO per la sanità)"), max_length=20, required=False)
    order_date = DateField(label=_("Data dell'ordine"), required=False)
    nso_endpoint = forms.CharField(label=_("Endpoint NSO dell'ente"), max_length=60, required=False)

    def __init__(
        self,
        *args: Any,
        customers: QuerySet[Organization],
        contracts: QuerySet[Contract],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers  # type: ignore[attr-defined]
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("cig", "cup"):
            data[name] = str(data.get(name) or "").strip().upper()
        return data


VAT_CHOICES = [
    ("", "---------"),
    ("5", _("5% · servizi di tipo A a persone dell'art. 10 n. 27-ter")),
    ("22", _("22% · aliquota ordinaria")),
    ("N4", _("Esente art. 10 · natura N4")),
    ("N6.7", _("Inversione contabile · natura N6.7 (servizi su edifici a un'impresa)")),
]
NATURE_CHOICES = ("N4", "N6.7")


class InvoiceLineForm(forms.Form):
    """One line; an empty row is ignored."""

    description = forms.CharField(label=_("Descrizione"), max_length=1000, required=False)
    quantity = forms.DecimalField(
        label=_("Quantità"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Prezzo unitario"), max_digits=14, decimal_places=4, min_value=0, required=False
    )
    vat = forms.ChoiceField(label=_("IVA"), choices=VAT_CHOICES, required=False)
    building_service = forms.BooleanField(
        label=_("Pulizia, demolizione, installazione impianti o completamento di edifici"),
        help_text=_("A un'impresa con partita IVA: inversione contabile, natura N6.7."),
        required=False,
    )
    cig = forms.CharField(
        label=_("CIG del lotto della riga"),
        max_length=10,
        required=False,
        help_text=_("Solo se la riga è di un altro lotto del contratto."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["cig"] = str(data.get("cig") or "").strip().upper()
        if data.get("description"):
            for name in ("quantity", "unit_price", "vat"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("Obbligatorio per una riga con descrizione."))
        return data


InvoiceLineFormSet = forms.formset_factory(InvoiceLineForm, extra=5, max_num=200)


def line_specs(formset: forms.BaseFormSet) -> list[LineSpec]:
    """The filled rows of a lines formset, as the services take them."""
    return [
        LineSpec(
            row["description"],
            row["quantity"],
            row["unit_price"],
            None if row["vat"] in NATURE_CHOICES else Decimal(row["vat"]),
            row["vat"] if row["vat"] in NATURE_CHOICES else "",
            building_service=row.get("building_service", False),
            cig=row.get("cig", ""),
        )
        for row in formset.cleaned_data
        if row.get("description")
    ]


def line_initial(invoice: Invoice) -> list[dict[str, Any]]:
    return [
        {
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "vat": line.natura or f"{(line.vat_rate or Decimal(0)).normalize():f}",
            "building_service": line.building_service,
            "cig": line.cig,
        }
        for line in invoice.lines.all()
    ]


class BillingForm(forms.ModelForm):
    class Meta:
        model = BillingProfile
        fields = ("party", *BILLING_FIELDS)

    def __init__(self, *args: Any, parties: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]


class IssueForm(forms.Form):
    issue_date = DateField(label=_("Data della fattura"))


class ReceiptForm(forms.Form):
    file = forms.FileField(
        label=_("Ricevuta dello SdI (XML)"),
        help_text=_("RC, NS, MC, NE o DT, come ricevuta dall'intermediario o via PEC."),
    )


# --- execution ------------------------------------------------------------------------------


class MonthField(forms.CharField):
    """A month typed as AAAA-MM (the browser's month picker); cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        return parse_month(text) if text else None


class PlanLinkForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Piano assistenziale"),
        queryset=CarePlan.objects.none(),
        error_messages={
            "invalid_choice": _(
                "Il piano scelto non è tra i piani di questa organizzazione ancora da collegare."
            )
        },
        help_text=_("Un piano appartiene a un solo contratto: le sue visite svolte contano qui."),
    )

    def __init__(self, *args: Any, plans: QuerySet[CarePlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


class PriceForm(forms.Form):
    service_type = forms.ModelChoiceField(label=_("Servizio"), queryset=ServiceType.objects.none())
    price_per_hour = forms.DecimalField(
        label=_("Prezzo orario (€, IVA esclusa)"), max_digits=8, decimal_places=2, min_value=0.01
    )
    vat = forms.ChoiceField(label=_("IVA"), choices=VatChoice.choices, initial=VatChoice.SOCIAL)
    lot = forms.ModelChoiceField(
        label=_("Lotto"),
        queryset=Lot.objects.none(),
        required=False,
        help_text=_("Con più lotti: quello su cui si fattura il servizio (il suo CIG in fattura)."),
    )

    def __init__(
        self,
        *args: Any,
        service_types: QuerySet[ServiceType],
        lots: QuerySet[Lot],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types  # type: ignore[attr-defined]
        self.fields["lot"].queryset = lots  # type: ignore[attr-defined]


class WorkedHoursForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Lavoratore"), queryset=Person.objects.none())
    month = MonthField(label=_("Mese"))
    hours = forms.DecimalField(
        label=_("Ore"), max_digits=7, decimal_places=2, min_value=0.01, max_value=744
    )

    def __init__(self, *args: Any, workers: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = workers  # type: ignore[attr-defined]


class StatementForm(forms.Form):
    month = MonthField(label=_("Mese"), help_text=_("Il mese del rendiconto, ad es. 2026-02."))


class PaymentForm(forms.Form):
    date = DateField(label=_("Data dell'incasso"))
    amount = forms.DecimalField(
        label=_("Importo (€)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    cig = forms.CharField(
        label=_("CIG"),
        max_length=10,
        required=False,
        help_text=_("Vuoto: quello della fattura."),
    )
    reference = forms.CharField(label=_("CRO o TRN del bonifico"), max_length=35, required=False)
    note = forms.CharField(label=_("Nota"), max_length=500, required=False)


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("Motivo dello storno"), max_length=500)
