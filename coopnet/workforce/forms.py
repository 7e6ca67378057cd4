"""Forms of the workforce pages: they collect input, the services validate the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

from coopnet.core.forms import DateField, text_area
from coopnet.core.models import Organization, OrganizationKind
from coopnet.members.models import Person

from .models import (
    Branch,
    ContractType,
    DisadvantageCategory,
    QualificationKind,
    SensitiveAccessAction,
)
from .services.vault_access import USER_PURPOSES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _date(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return DateField(label=label, required=required)


def _money(label: StrOrPromise, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=14, decimal_places=2, localize=True
    )


def purpose_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Finalità dell'accesso"),
        choices=[("", "—"), *((p.value, p.label) for p in USER_PURPOSES)],
        help_text=_("Resta nel registro degli accessi insieme al tuo nome (R-GDPR-4)."),
    )


class PersonChoiceMixin(forms.Form):
    """Pick a person already known to the organization, or describe a new one."""

    person = forms.ModelChoiceField(
        label=_("Persona"), queryset=Person.objects.none(), required=False
    )
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=16, required=False)
    surname = forms.CharField(label=_("Cognome"), max_length=120, required=False)
    given_name = forms.CharField(label=_("Nome"), max_length=120, required=False)

    def set_persons(self, persons: QuerySet[Person]) -> None:
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = persons
        field.empty_label = _("— nuova persona (compila i campi sotto) —")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") is None and not (data.get("surname") and data.get("codice_fiscale")):
            raise forms.ValidationError(
                _("Scegli una persona oppure scrivi codice fiscale, cognome e nome di una nuova.")
            )
        return data

    def new_person_data(self) -> dict[str, Any]:
        return {
            "kind": "fisica",
            "codice_fiscale": self.cleaned_data["codice_fiscale"],
            "surname": self.cleaned_data["surname"],
            "given_name": self.cleaned_data["given_name"],
        }


class EmploymentFieldsForm(forms.Form):
    branch = forms.ChoiceField(
        label=_("Ramo"), choices=[("", "—"), *Branch.choices], required=False
    )
    contract_type = forms.ChoiceField(label=_("Contratto"), choices=ContractType.choices)
    ccnl = forms.CharField(label=_("CCNL"), max_length=120, required=False)
    level = forms.CharField(label=_("Livello"), max_length=20, required=False)
    weekly_hours = forms.DecimalField(
        label=_("Ore settimanali"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=168,
        localize=True,
    )
    start_date = _date(_("Inizio"))
    end_date = _date(_("Fine"), required=False)
    gross_annual_pay = _money(_("Retribuzione annua lorda (€)"), required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organization.kind != OrganizationKind.SOCIAL_COOP_AB:
            del self.fields["branch"]  # only mixed A+B cooperatives have branches (R-381-1c)

    def employment_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "branch": data.get("branch") or "",
            "contract_type": data["contract_type"],
            "ccnl": data.get("ccnl") or "",
            "level": data.get("level") or "",
            "weekly_hours": data["weekly_hours"],
            "start_date": data["start_date"],
            "end_date": data.get("end_date"),
            "gross_annual_pay": data.get("gross_annual_pay"),
        }


class EmploymentCreateForm(PersonChoiceMixin, EmploymentFieldsForm):
    field_order = ("person", "codice_fiscale", "surname", "given_name")


class EmploymentEditForm(EmploymentFieldsForm):
    pass


class EmploymentEndForm(forms.Form):
    end_date = _date(_("Ultimo giorno di lavoro"))


class EmploymentFilterForm(forms.Form):
    q = forms.CharField(label=_("Cerca"), required=False)
    status = forms.ChoiceField(
        label=_("Stato"),
        choices=[("attivi", _("In servizio oggi")), ("tutti", _("Tutti i periodi"))],
        required=False,
    )
    contract_type = forms.ChoiceField(
        label=_("Contratto"), choices=[("", _("Tutti")), *ContractType.choices], required=False
    )
    branch = forms.ChoiceField(
        label=_("Ramo"), choices=[("", _("Tutti")), *Branch.choices], required=False
    )


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Qualifica"), choices=QualificationKind.choices)
    title = forms.CharField(label=_("Descrizione"), max_length=200, required=False)
    issued_by = forms.CharField(label=_("Rilasciata da"), max_length=200, required=False)
    issued_on = _date(_("Rilasciata il"), required=False)
    expires_on = _date(_("Scade il"), required=False)


class VolunteerForm(PersonChoiceMixin):
    activities = text_area(_("Attività svolte"))
    start_date = _date(_("Inizio"))
    end_date = _date(_("Fine"), required=False)


class InsuranceForm(forms.Form):
    insurer = forms.CharField(label=_("Compagnia o ente"), max_length=200)
    policy_number = forms.CharField(label=_("Numero di polizza"), max_length=80)
    valid_from = _date(_("Valida dal"))
    valid_to = _date(_("Valida al"))


class HoursForm(forms.Form):
    date = _date(_("Data"))
    hours = forms.DecimalField(label=_("Ore"), max_digits=5, decimal_places=2, localize=True)
    activity = forms.CharField(label=_("Attività"), max_length=200, required=False)


class ReimbursementForm(forms.Form):
    date = _date(_("Data della spesa"))
    amount = _money(_("Importo (€)"))
    self_certified = forms.BooleanField(
        label=_("Spesa autocertificata (senza giustificativi)"), required=False
    )
    description = forms.CharField(label=_("Descrizione"), max_length=255)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Anno"), min_value=2000, max_value=2100, required=False)


class PurposeForm(forms.Form):
    purpose = purpose_field()


class DisadvantagedStatusForm(forms.Form):
    purpose = purpose_field()
    person = forms.ModelChoiceField(label=_("Persona"), queryset=Person.objects.none())
    category = forms.ChoiceField(
        label=_("Categoria (L. 381/1991 art. 4)"), choices=DisadvantageCategory.choices
    )
    certifying_body = forms.CharField(label=_("Ente pubblico certificatore"), max_length=200)
    document_type = forms.CharField(label=_("Tipo di documento"), max_length=120, required=False)
    valid_from = _date(_("Valido dal"))
    valid_to = _date(_("Valido al"), required=False)
    non_member_justification = text_area(_("Motivo per cui non è socio (R-381-4c)"), 2)
    document = forms.FileField(
        label=_("Certificato (PDF, JPEG o PNG, fino a 10 MB)"),
        help_text=_("Conservato cifrato. Uno nuovo sostituisce quello già caricato."),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, persons: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        if persons is None:
            del self.fields["person"]  # editing: the person does not change
        else:
            field.queryset = persons

    def status_data(self) -> dict[str, Any]:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("purpose", "person", "document")
        }
        data["document_type"] = data.get("document_type") or ""
        data["non_member_justification"] = data.get("non_member_justification") or ""
        return data


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Azione"),
        choices=[("", _("Tutte")), *SensitiveAccessAction.choices],
        required=False,
    )
    purpose = forms.ChoiceField(
        label=_("Finalità"),
        choices=[
            ("", _("Tutte")),
            *((p.value, p.label) for p in USER_PURPOSES),
            ("importazione", _("importazione")),
        ],
        required=False,
    )
    user = forms.CharField(label=_("Utente (e-mail)"), required=False)
    person = forms.CharField(label=_("Persona (cognome o codice fiscale)"), required=False)
    date_from = _date(_("Dal"), required=False)
    date_to = _date(_("Al"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File CSV o XLSX"),
        help_text=_(
            "Una riga per periodo di lavoro, con le colonne: codice_fiscale, cognome, nome, "
            "tipo_contratto, ramo, ore_settimanali, data_inizio, data_fine, "
            "retribuzione_annua_lorda, svantaggiato, categoria_svantaggio, ente_certificatore, "
            "valido_dal, valido_al. Date gg/mm/aaaa."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Il file supera 5 MB: dividilo in più parti."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Carica un file .csv o .xlsx."))
        return upload


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisione"), choices=(("approva", _("Approva")), ("respingi", _("Respingi")))
    )
    note = forms.CharField(label=_("Nota"), max_length=200, required=False)
