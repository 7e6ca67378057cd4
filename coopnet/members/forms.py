"""Forms of the members app: they read and check input; the rules live in services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from coopnet.core.forms import DateField, HoneypotForm, text_area
from coopnet.core.models import Comune, Organization, User
from coopnet.core.validators import check_upload, clean_codice_fiscale, clean_partita_iva
from coopnet.network.selectors import comuni_resolve

from . import selectors
from .models import MemberCategory, Membership, PersonKind, Statute

TEXTAREA = forms.Textarea(attrs={"rows": 2})
DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "doc", "docx", "xls", "xlsx", "txt", "jpg", "png"]
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
PUBLIC_EXCLUDED_CATEGORIES = {MemberCategory.PERSONA_GIURIDICA, MemberCategory.FINANZIATORE}


def _date_field(label: StrOrPromise, **kwargs: Any) -> forms.DateField:
    return DateField(label=label, **kwargs)


def _today_field(label: StrOrPromise) -> forms.DateField:
    return _date_field(label, initial=timezone.localdate)


def category_choices(statute: Statute, *, public: bool = False) -> list[tuple[str, str]]:
    allowed = set(statute.allowed_categories)
    return [
        (c.value, str(c.label))
        for c in MemberCategory
        if c.value in allowed and not (public and c in PUBLIC_EXCLUDED_CATEGORIES)
    ]


# --- the libro soci ------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cerca"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("nome, codice fiscale o numero")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Stato"),
        required=False,
        choices=[
            ("active", _("Soci attivi")),
            ("applied", _("Domande in attesa")),
            ("refused", _("Domande respinte")),
            ("exited", _("Usciti")),
            ("all", _("Tutti")),
        ],
    )
    category = forms.ChoiceField(
        label=_("Categoria"),
        required=False,
        choices=[("", _("Tutte")), *MemberCategory.choices],
    )

    def filters(self, sort: str) -> selectors.RegisterFilters:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return selectors.RegisterFilters(
            status=data.get("status") or "active",
            category=data.get("category") or "",
            q=data.get("q") or "",
            sort=sort if sort.lstrip("-") in selectors.SORTS else "number",
        )


# --- people --------------------------------------------------------------------------------


class ComuneField(forms.CharField):
    """A comune typed as «Nome (PR)», a bare unambiguous name or its ISTAT code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Comune"))
        kwargs.setdefault("help_text", _("Nome e sigla della provincia, es. «Bologna (BO)»."))
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return str(value) if isinstance(value, Comune) else value

    def clean(self, value: Any) -> Comune | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        resolved = comuni_resolve([text])
        if resolved.ambiguous:
            raise ValidationError(
                _("Ci sono più comuni con questo nome: aggiungi la provincia, es. «Castro (LE)».")
            )
        if not resolved.found:
            raise ValidationError(_("Comune sconosciuto: %(value)s.") % {"value": text})
        return resolved.found[0]


class ContactsForm(forms.Form):
    """A person's contacts and address: what a member may change themselves."""

    email = forms.EmailField(label=_("E-mail"), required=False)
    pec = forms.EmailField(label=_("PEC"), required=False)
    phone = forms.CharField(label=_("Telefono"), max_length=40, required=False)
    address = forms.CharField(label=_("Indirizzo"), max_length=255, required=False)
    comune = ComuneField()


class PersonContactsForm(ContactsForm):
    """Contacts, address and privacy consent, edited by the cooperative's office."""

    privacy_consent_on = _date_field(_("Consenso privacy del"), required=False)


class AccountLinkForm(forms.Form):
    """The login of the person a record describes, found by e-mail among the organization's
    users, so that they can open the member portal."""

    email = forms.EmailField(
        label=_("E-mail dell'account"),
        required=False,
        help_text=_("Lascia vuoto per scollegare l'account."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_email(self) -> User | None:
        email: str = self.cleaned_data["email"]
        if not email:
            return None
        user = selectors.organization_user(self.organization, email)
        if user is None:
            raise ValidationError(
                _(
                    "Nessun account con questo indirizzo ha un ruolo in %(org)s: "
                    "invitalo prima da «Persone e ruoli»."
                )
                % {"org": self.organization.short_name}
            )
        return user


class ApplicationForm(PersonContactsForm):
    """A new applicant (natural or legal person) and their application for membership."""

    field_order = ["kind", "surname", "given_name", "codice_fiscale"]

    kind = forms.ChoiceField(
        label=_("Tipo di persona"),
        choices=PersonKind.choices,
        initial=PersonKind.NATURAL,
        widget=forms.RadioSelect,
    )
    surname = forms.CharField(label=_("Cognome"), max_length=120, required=False)
    given_name = forms.CharField(label=_("Nome"), max_length=120, required=False)
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=16, required=False)
    denomination = forms.CharField(label=_("Denominazione"), max_length=255, required=False)
    partita_iva = forms.CharField(label=_("Partita IVA"), max_length=13, required=False)
    linked_organization = forms.ModelChoiceField(
        label=_("Organizzazione in coopnet"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Se la persona giuridica è un'organizzazione della rete."),
    )
    category = forms.ChoiceField(label=_("Categoria di socio"))
    applied_on = _today_field(_("Data della domanda"))
    note = forms.CharField(label=_("Nota"), required=False, widget=TEXTAREA)

    def __init__(
        self,
        *args: Any,
        statute: Statute,
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(statute)  # type: ignore[attr-defined]
        self.fields["linked_organization"].queryset = organizations  # type: ignore[attr-defined]

    def clean_codice_fiscale(self) -> str:
        value: str = self.cleaned_data["codice_fiscale"].strip()
        return clean_codice_fiscale(value) if value else ""

    def clean_partita_iva(self) -> str:
        value: str = self.cleaned_data["partita_iva"].strip()
        return clean_partita_iva(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PersonKind.NATURAL:
            for name, message in (
                ("surname", _("Scrivi il cognome.")),
                ("given_name", _("Scrivi il nome.")),
                ("codice_fiscale", _("Scrivi il codice fiscale.")),
            ):
                if name in data and not data[name]:
                    self.add_error(name, message)
            if len(data.get("codice_fiscale") or "") == 11:
                self.add_error(
                    "codice_fiscale",
                    _("Per una persona fisica serve il codice fiscale di 16 caratteri."),
                )
        elif data.get("kind") == PersonKind.LEGAL:
            if "denomination" in data and not data["denomination"]:
                self.add_error("denomination", _("Scrivi la denominazione."))
            if not data.get("partita_iva") and not data.get("codice_fiscale"):
                self.add_error(
                    "partita_iva", _("Scrivi la partita IVA o il codice fiscale dell'ente.")
                )
        return data

    def person_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        natural = data["kind"] == PersonKind.NATURAL
        return {
            "kind": data["kind"],
            "surname": data["surname"] if natural else "",
            "given_name": data["given_name"] if natural else "",
            "denomination": "" if natural else data["denomination"],
            "codice_fiscale": data["codice_fiscale"],
            "partita_iva": "" if natural else data["partita_iva"],
            "linked_organization": None if natural else data["linked_organization"],
            "address": data["address"],
            "comune": data["comune"],
            "email": data["email"],
            "pec": data["pec"],
            "phone": data["phone"],
            "privacy_consent_on": data["privacy_consent_on"],
        }


class PublicApplicationForm(HoneypotForm):
    """The public admission form of a cooperative: natural persons only."""

    given_name = forms.CharField(label=_("Nome"), max_length=120)
    surname = forms.CharField(label=_("Cognome"), max_length=120)
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=16)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Telefono"), max_length=40, required=False)
    category = forms.ChoiceField(label=_("Come vuoi partecipare"))
    privacy = forms.BooleanField(
        label=_("Ho letto l'informativa e acconsento al trattamento dei miei dati personali."),
        error_messages={"required": _("Per presentare la domanda serve il consenso.")},
    )

    def __init__(self, *args: Any, statute: Statute, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(statute, public=True)  # type: ignore[attr-defined]

    def clean_codice_fiscale(self) -> str:
        value = clean_codice_fiscale(self.cleaned_data["codice_fiscale"].strip())
        if len(value) != 16:
            raise ValidationError(_("Scrivi il tuo codice fiscale di 16 caratteri."))
        return value

    def person_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": PersonKind.NATURAL,
            "surname": data["surname"].strip(),
            "given_name": data["given_name"].strip(),
            "codice_fiscale": data["codice_fiscale"],
            "email": data["email"],
            "phone": data["phone"],
            "privacy_consent_on": timezone.localdate(),
        }


# --- the lifecycle actions of a member's file ----------------------------------------------


class AdmitForm(forms.Form):
    admitted_on = _today_field(_("Data di ammissione"))
    decision_ref = forms.CharField(label=_("Delibera del consiglio"), max_length=120)
    register_number = forms.IntegerField(
        label=_("Numero libro soci"),
        required=False,
        min_value=1,
        help_text=_("Lascia vuoto per il numero successivo."),
    )


class RefuseForm(forms.Form):
    refused_on = _today_field(_("Data del rigetto"))
    reason = forms.CharField(label=_("Motivazione"), widget=TEXTAREA)


class AppealForm(forms.Form):
    filed_on = _today_field(_("Ricorso presentato il"))


YES_NO = [("yes", _("Sì")), ("no", _("No"))]


def _yes_no_field(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=forms.RadioSelect
    )


class AppealDecideForm(forms.Form):
    decided_on = _today_field(_("Data della decisione dell'assemblea"))
    upheld = _yes_no_field(_("Ricorso accolto?"))
    reference = forms.CharField(label=_("Verbale dell'assemblea"), max_length=120)


class WithdrawalRequestForm(forms.Form):
    requested_on = _today_field(_("Richiesta ricevuta il"))


class WithdrawalDecideForm(forms.Form):
    decided_on = _today_field(_("Data della delibera"))
    accepted = _yes_no_field(_("Recesso accolto?"))
    reference = forms.CharField(label=_("Delibera del consiglio"), max_length=120)
    reason = forms.CharField(label=_("Motivazione (se respinto)"), required=False, widget=TEXTAREA)


class ExcludeForm(forms.Form):
    decided_on = _today_field(_("Data della delibera"))
    reason = forms.CharField(label=_("Motivo dell'esclusione"), widget=TEXTAREA)
    reference = forms.CharField(label=_("Delibera"), max_length=120)


class DeathForm(forms.Form):
    died_on = _today_field(_("Data del decesso"))


# --- the share-capital actions -------------------------------------------------------------

AMOUNT = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}


class SubscribeForm(forms.Form):
    shares = forms.IntegerField(label=_("Quote sottoscritte"), min_value=1)
    date = _today_field(_("Data"))
    reference = forms.CharField(label=_("Riferimento"), max_length=120, required=False)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Importo versato (€)"), **AMOUNT)  # type: ignore[arg-type]
    date = _today_field(_("Data"))
    reference = forms.CharField(label=_("Riferimento"), max_length=120, required=False)


class RistornoForm(forms.Form):
    amount = forms.DecimalField(label=_("Ristorno capitalizzato (€)"), **AMOUNT)  # type: ignore[arg-type]
    date = _today_field(_("Data"))
    reference = forms.CharField(label=_("Delibera dell'assemblea"), max_length=120)


class TransferForm(forms.Form):
    target = forms.IntegerField(
        label=_("Numero libro soci di chi acquista"),
        min_value=1,
        help_text=_("Il socio che riceve le quote deve essere attivo."),
    )
    shares = forms.IntegerField(label=_("Quote trasferite"), min_value=1)
    date = _today_field(_("Data"))
    board_approval_ref = forms.CharField(label=_("Autorizzazione del consiglio"), max_length=120)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_target(self) -> Membership:
        number: int = self.cleaned_data["target"]
        target = selectors.active_member_by_number(self.organization, number)
        if target is None:
            raise ValidationError(_("Non c'è un socio attivo con il numero %(n)s.") % {"n": number})
        return target


class RefundForm(forms.Form):
    date = _today_field(_("Data del rimborso"))
    reference = forms.CharField(label=_("Riferimento"), max_length=120, required=False)


class ReverseForm(forms.Form):
    date = _today_field(_("Data dello storno"))
    reason = text_area(_("Perché la riga è sbagliata"), 2, max_length=500, required=True)


# --- statute, documents, portal ------------------------------------------------------------


class StatuteForm(forms.Form):
    allowed_categories = forms.MultipleChoiceField(
        label=_("Categorie di soci previste dallo statuto"),
        choices=MemberCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    share_nominal_value = forms.DecimalField(
        label=_("Valore nominale di una quota (€)"), max_digits=14, decimal_places=2
    )
    min_shares = forms.IntegerField(label=_("Quote minime da sottoscrivere"), min_value=1)
    shares_are_azioni = forms.BooleanField(
        label=_("Capitale diviso in azioni (modello SpA)"), required=False
    )
    public_admission_form = forms.BooleanField(
        label=_("Modulo pubblico per le domande di ammissione"), required=False
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titolo"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
        help_text=_("PDF, documenti o immagini, al massimo 20 MB."),
    )
    published_on = _today_field(_("Data di pubblicazione"))
    visible_to_members = forms.BooleanField(
        label=_("Visibile ai soci nell'area personale"), required=False, initial=True
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES)
        return upload


class WithdrawalConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Confermo di voler recedere dalla cooperativa."),
        error_messages={"required": _("Spunta la casella per confermare.")},
    )
