"""Forms of the community app's pages: the time bank (minutes typed as hours and minutes on a
phone), the commons register, agreements and activity reports."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField, HoneypotForm, text_area
from coopnet.core.models import Organization
from coopnet.members.forms import ComuneField
from coopnet.workforce.models import Volunteer

from .models import (
    AGREEMENT_FIELDS,
    AGREEMENT_TEXT_FIELDS,
    ASSET_FIELDS,
    PARTY_FIELDS,
    REPORT_FIELDS,
    Account,
    AccountKind,
    ActivityReport,
    Agreement,
    AgreementParty,
    Asset,
    AssetFileKind,
    Category,
    Offer,
    OfferKind,
    ReportDuty,
    TimeBank,
)

MAX_MINUTES = 24 * 60 * 31  # a month of days: more is a typing mistake


class KeyedForm(forms.Form):
    """A form whose submission carries a key made when it was shown: a double click or a
    resent page writes one transfer (the service answers the second with the first)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex


class DurationMixin(forms.Form):
    hours = forms.IntegerField(label=_("ore"), min_value=0, max_value=MAX_MINUTES // 60, initial=1)
    minutes = forms.IntegerField(label=_("minuti"), min_value=0, max_value=59, initial=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        if not self.errors and total <= 0:
            raise ValidationError({"minutes": _("Indica quanto tempo: almeno un minuto.")})
        data["total"] = total
        return data


class BankForm(forms.ModelForm):
    class Meta:
        model = TimeBank
        fields = ("min_balance", "max_balance", "over_limit", "welcome_minutes")


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("nuova categoria"), max_length=80)


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ("kind", "category", "title", "description")
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, categories: QuerySet[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["kind"].initial = OfferKind.OFFER


class AccountChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} (n. {obj.pk})"


class AccountsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} (n. {obj.pk})"


class OfferExchangeForm(DurationMixin, KeyedForm):
    """The help of a board line given: by whom (a request's author picks the helper)."""

    performed_on = DateField(label=_("quando"))
    note = forms.CharField(label=_("nota"), max_length=255, required=False)

    def __init__(self, *args: Any, counterparts: QuerySet[Account] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if counterparts is not None:
            self.fields["counterpart"] = AccountChoice(
                label=_("chi ti ha aiutato"), queryset=counterparts
            )
            self.order_fields(["counterpart"])


class TransferForm(DurationMixin, KeyedForm):
    """An exchange recorded by the office: one or more who received help, one or more who
    gave it (one side has one person); the time is per person of the larger side."""

    helped = AccountsChoice(label=_("chi ha ricevuto l'aiuto"), queryset=Account.objects.none())
    helpers = AccountsChoice(label=_("chi ha aiutato"), queryset=Account.objects.none())
    category = forms.ModelChoiceField(label=_("categoria"), queryset=Category.objects.none())
    performed_on = DateField(label=_("quando"))
    note = forms.CharField(label=_("nota"), max_length=255, required=False)

    def __init__(
        self, *args: Any, accounts: QuerySet[Account], categories: QuerySet[Category], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["helped"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["helpers"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.order_fields(["helped", "helpers", "hours", "minutes", "category"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        helped, helpers = data.get("helped") or [], data.get("helpers") or []
        if helped and helpers and len(helped) > 1 and len(helpers) > 1:
            raise ValidationError(
                _("Da molti a molti non si può: una delle due parti è una persona sola.")
            )
        return data

    def sides(self) -> tuple[list[tuple[Account, int]], list[tuple[Account, int]]]:
        """(debits, credits): the single side moves the time of everyone on the other."""
        data = self.cleaned_data
        helped, helpers, each = list(data["helped"]), list(data["helpers"]), data["total"]
        if len(helped) == 1:
            return [(helped[0], each * len(helpers))], [(h, each) for h in helpers]
        return [(h, each) for h in helped], [(helpers[0], each * len(helped))]


class AccountOpenForm(forms.Form):
    person = forms.ModelChoiceField(label=_("persona"), queryset=Account.objects.none())
    kind = forms.ChoiceField(
        label=_("tipo"),
        choices=[(k.value, k.label) for k in (AccountKind.MEMBER, AccountKind.RESIDENT)],
    )
    welcome = forms.BooleanField(label=_("con le ore di benvenuto"), required=False, initial=True)

    def __init__(self, *args: Any, persons: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("file CSV"),
        help_text=_(
            "Colonne: data;riceve;aiuta;minuti;categoria (nota e chiave facoltative). Un conto "
            "si indica con il suo numero o con il codice fiscale."
        ),
    )


class AllianceForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("cooperativa"), queryset=Organization.objects.none())

    def __init__(self, *args: Any, partners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class InterbankForm(DurationMixin, KeyedForm):
    """An exchange with an allied bank: our account, the other bank and its account number."""

    DIRECTIONS = [("aiuta", _("ha aiutato")), ("riceve", _("è stato aiutato da"))]

    account = AccountChoice(label=_("nostro conto"), queryset=Account.objects.none())
    direction = forms.ChoiceField(label=_("che"), choices=DIRECTIONS)
    partner = forms.ModelChoiceField(label=_("banca alleata"), queryset=Organization.objects.none())
    partner_account = forms.IntegerField(
        label=_("numero di conto nella banca alleata"), min_value=1
    )
    category = forms.ModelChoiceField(label=_("categoria"), queryset=Category.objects.none())
    performed_on = DateField(label=_("quando"))

    def __init__(
        self,
        *args: Any,
        accounts: QuerySet[Account],
        partners: QuerySet[Organization],
        categories: QuerySet[Category],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.order_fields(["account", "direction", "partner", "partner_account"])


class NoteForm(forms.Form):
    note = forms.CharField(label=_("motivo"), max_length=255, required=False)


# --- the commons register -----------------------------------------------------------------


class ServiceCleanedForm(forms.ModelForm):
    """A model form whose instance the service cleans (with the reasons in the user's words)."""

    def _post_clean(self) -> None:
        """Left to the service."""


class AssetForm(ServiceCleanedForm):
    comune = ComuneField(required=True)

    class Meta:
        model = Asset
        fields = ASSET_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["owner_body"].required = False


class AssetNoteForm(forms.Form):
    date = DateField(label=_("data"))
    note = forms.CharField(label=_("che cosa è successo"), max_length=500)


class AssetFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("tipo"), choices=AssetFileKind.choices)
    title = forms.CharField(label=_("titolo"), max_length=160, required=False)
    upload = forms.FileField(label=_("file"))


class SignupForm(HoneypotForm):
    """A resident's offer of help on an asset's public page. Every field is checked by the
    service, which names the field and the reason."""

    name = forms.CharField(label=_("Nome e cognome"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("E-mail o telefono"),
        max_length=120,
        required=False,
        help_text=_("Solo la cooperativa lo vede, per ricontattarti."),
    )
    offer = text_area(_("Che cosa puoi fare"), max_length=1000)
    consent = forms.BooleanField(
        label=_(
            "Acconsento al trattamento dei miei dati da parte della cooperativa per essere "
            "ricontattato su questo bene comune."
        ),
        required=False,
    )


class AgreementForm(ServiceCleanedForm):
    start_date = DateField(label=_("inizio"))
    end_date = DateField(label=_("fine"))

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in AGREEMENT_FIELDS[4:]}


class AgreementTextForm(ServiceCleanedForm):
    class Meta:
        model = Agreement
        fields = AGREEMENT_TEXT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in AGREEMENT_TEXT_FIELDS[1:]}


class RenewForm(forms.Form):
    start_date = DateField(label=_("inizio del nuovo periodo"))
    end_date = DateField(label=_("fine del nuovo periodo"))


class PartyForm(ServiceCleanedForm):
    class Meta:
        model = AgreementParty
        fields = PARTY_FIELDS
        widgets = {"duties": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, bodies: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["name"].help_text = _("Se la parte non è un'organizzazione della rete.")


class PactVolunteerForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("volontario"), queryset=Volunteer.objects.none())
    active = forms.BooleanField(label=_("attivo"), required=False, initial=True)

    def __init__(self, *args: Any, volunteers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


class DutyForm(forms.Form):
    title = forms.CharField(label=_("che cosa"), max_length=200)
    due_date = DateField(label=_("scadenza"))


class ReportForm(ServiceCleanedForm):
    duty = forms.ModelChoiceField(
        label=_("rendicontazione dovuta"),
        queryset=ReportDuty.objects.none(),
        required=False,
    )
    period_start = DateField(label=_("dal"))
    period_end = DateField(label=_("al"))

    class Meta:
        model = ActivityReport
        fields = ("duty", *REPORT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("activities", "results")}

    def __init__(self, *args: Any, duties: QuerySet[ReportDuty], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duty"].queryset = duties  # type: ignore[attr-defined]


class ReportPictureForm(forms.Form):
    title = forms.CharField(label=_("didascalia"), max_length=160, required=False)
    upload = forms.FileField(
        label=_("foto"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
