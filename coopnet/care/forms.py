"""Forms of the care pages: they collect input, the services validate the rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

from coopnet.core.forms import DateField, text_area
from coopnet.core.models import Comune, Organization
from coopnet.members.models import Membership, Person

from .health import PURPOSES
from .models import (
    AbsenceKind,
    Carer,
    CarerKind,
    DoubleVisitKind,
    FundingContract,
    FundingKind,
    OvertimeRule,
    ServiceType,
    TransportMode,
    weekday_names,
)
from .selectors import HOURS_GROUPS


def _date(label: StrOrPromise, *, required: bool = True) -> forms.DateField:
    return DateField(label=label, required=required)


def _time(label: StrOrPromise, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def _weekdays(label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=weekday_names(), widget=forms.CheckboxSelectMultiple
    )


def _coordinate(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=9, decimal_places=6, required=False, localize=True
    )


def _minutes(label: StrOrPromise, *, low: int = 0, high: int = 1440) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=high)


class DataForm(forms.Form):
    """A form whose cleaned data goes to a service as ``data``, minus the ``extra`` names. Its
    choices are the querysets the view passes by keyword: ``querysets`` maps each keyword to
    the fields that choose from it."""

    extra: tuple[str, ...] = ()
    querysets: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        given = {key: kwargs.pop(key) for key in self.querysets}
        super().__init__(*args, **kwargs)
        for key, names in self.querysets.items():
            for name in names:
                self.fields[name].queryset = given[key]  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.extra}


# --- catalogue ------------------------------------------------------------------------------


class ServiceTypeForm(DataForm):
    name = forms.CharField(label=_("Nome"), max_length=120)
    code = forms.SlugField(label=_("Codice"), max_length=30)
    required_qualification = forms.ChoiceField(label=_("Qualifica richiesta"), required=False)
    default_duration = _minutes(_("Durata abituale (minuti)"), low=5, high=720)
    volunteer_allowed = forms.BooleanField(
        label=_("Può essere svolto da volontari"),
        required=False,
        help_text=_("R-381-2d: non per i servizi che richiedono una qualifica."),
    )
    active = forms.BooleanField(label=_("Attivo"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = ServiceType._meta.get_field("required_qualification")
        self.fields["required_qualification"].choices = [  # type: ignore[attr-defined]
            ("", _("nessuna")),
            *field.choices,  # type: ignore[misc]
        ]


class FundingContractForm(DataForm):
    kind = forms.ChoiceField(label=_("Tipo"), choices=FundingKind.choices)
    public_body = forms.ModelChoiceField(
        label=_("Ente pubblico"), queryset=Organization.objects.none(), required=False
    )
    payer_name = forms.CharField(
        label=_("Committente (se non è in elenco)"), max_length=200, required=False
    )
    reference = forms.CharField(label=_("Riferimento (CIG, determina, contratto)"), max_length=120)
    start_date = _date(_("Inizio"))
    end_date = _date(_("Fine"), required=False)
    notes = text_area(_("Note"))

    querysets: ClassVar = {"public_bodies": ("public_body",)}


class RateForm(DataForm):
    service_type = forms.ModelChoiceField(label=_("Servizio"), queryset=ServiceType.objects.none())
    price_per_hour = forms.DecimalField(
        label=_("Prezzo orario (€)"), max_digits=8, decimal_places=2, min_value=0, localize=True
    )

    querysets: ClassVar = {"service_types": ("service_type",)}


class SchedulingSettingsForm(DataForm):
    travel_weight = _minutes(_("Peso del tempo di viaggio"), high=100_000)
    total_tardiness_weight = _minutes(_("Peso dei ritardi totali"), high=100_000)
    highest_tardiness_weight = _minutes(_("Peso del ritardo più alto"), high=100_000)
    lost_continuity_weight = _minutes(
        _("Peso di una visita data a un altro operatore"), high=100_000
    )
    non_preferred_weight = _minutes(_("Peso di un operatore non preferito"), high=100_000)
    workload_balance_weight = _minutes(
        _("Peso del carico dell'operatore più impegnato (equità)"), high=100_000
    )
    waiting_weight = _minutes(_("Peso di un minuto di attesa tra le visite"), high=100_000)
    idle_weight = _minutes(
        _("Peso di un minuto di tempo inattivo (dell'operatore più inattivo)"), high=100_000
    )
    overtime_allowed = forms.BooleanField(
        label=_("Straordinario consentito"),
        required=False,
        help_text=_(
            "Se sì, un operatore può rientrare dopo la fine del turno, al peso qui sotto per "
            "minuto, invece di lasciare scoperta una visita. Ogni operatore può fare eccezione."
        ),
    )
    overtime_weight = _minutes(_("Peso di un minuto di straordinario"), high=100_000)
    optional_visit_weight = _minutes(
        _("Peso di una visita facoltativa rinviata"),
        high=100_000,
    )
    missed_lunch_weight = _minutes(_("Peso di una pausa pranzo saltata"), high=100_000)
    time_limit_seconds = _minutes(_("Tempo massimo di calcolo (secondi)"), low=1, high=600)
    check_in_tolerance_minutes = _minutes(
        _("Arrivo da verificare se lontano dall'orario previsto più di (minuti)"),
        low=5,
        high=720,
    )


# --- beneficiaries --------------------------------------------------------------------------


class ComuneField(forms.CharField):
    """A comune typed by name, optionally with the province: "Bologna" or "Bologna (BO)"."""

    def clean(self, value: Any) -> Comune | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        name, _sep, rest = text.partition("(")
        rows = Comune.objects.filter(name__iexact=name.strip()).select_related("province")
        if rest:
            rows = rows.filter(province__abbreviation__iexact=rest.strip(" )"))
        found = list(rows[:2])
        if not found:
            raise forms.ValidationError(_("Comune non trovato."))
        if len(found) > 1:
            raise forms.ValidationError(
                _("Più comuni con questo nome: aggiungi la sigla, es. (BO).")
            )
        return found[0]


class BeneficiaryForm(DataForm):
    membership = forms.ModelChoiceField(
        label=_("Iscrizione come socio fruitore"),
        queryset=Membership.objects.none(),
        required=False,
    )
    address = forms.CharField(label=_("Indirizzo del servizio"), max_length=255)
    comune = ComuneField(label=_("Comune"), required=False)
    latitude = _coordinate(_("Latitudine"))
    longitude = _coordinate(_("Longitudine"))
    family_contacts = text_area(_("Familiari e contatti"))
    needs = text_area(
        _("Bisogni e indicazioni pratiche"),
        help_text=_(
            "Chiavi, scale, animali, abitudini. Le informazioni sanitarie vanno nelle "
            "note sanitarie."
        ),
    )
    active = forms.BooleanField(label=_("In carico"), required=False, initial=True)

    querysets: ClassVar = {"memberships": ("membership",)}


class NewBeneficiaryForm(BeneficiaryForm):
    """Pick a person known to the organization or describe a new one, then the care details."""

    extra = ("person", "codice_fiscale", "surname", "given_name", "phone")
    person = forms.ModelChoiceField(
        label=_("Persona"), queryset=Person.objects.none(), required=False
    )
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=16, required=False)
    surname = forms.CharField(label=_("Cognome"), max_length=120, required=False)
    given_name = forms.CharField(label=_("Nome"), max_length=120, required=False)
    phone = forms.CharField(label=_("Telefono"), max_length=40, required=False)
    field_order = ("person", "codice_fiscale", "surname", "given_name", "phone")

    querysets: ClassVar = {**BeneficiaryForm.querysets, "persons": ("person",)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = _("— nuova persona (compila i campi sotto) —")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") is None and not data.get("surname"):
            raise forms.ValidationError(
                _("Scegli una persona oppure scrivi almeno il cognome di una nuova.")
            )
        return data

    def new_person_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": "fisica",
            "codice_fiscale": data["codice_fiscale"],
            "surname": data["surname"],
            "given_name": data["given_name"],
            "phone": data["phone"],
            "address": data["address"],
            "comune": data.get("comune"),
        }


PURPOSE_CHOICES = [("", "—"), *PURPOSES.items()]


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Finalità dell'accesso"),
        choices=PURPOSE_CHOICES,
        help_text=_("Resta nel registro degli accessi insieme al tuo nome (R-GDPR-4)."),
    )


class HealthNoteForm(PurposeForm):
    text = text_area(
        _("Nota sanitaria"),
        4,
        help_text=_(
            "Solo ciò che serve all'assistenza (R-GDPR-2): niente diagnosi non necessarie."
        ),
        required=True,
    )


# --- plans ----------------------------------------------------------------------------------


class CarePlanForm(DataForm):
    start_date = _date(_("Dal"))
    end_date = _date(_("Al"), required=False)
    funding = forms.ModelChoiceField(
        label=_("Finanziamento"), queryset=FundingContract.objects.none(), required=False
    )
    notes = text_area(_("Obiettivi e note"))

    querysets: ClassVar = {"contracts": ("funding",)}


class CarePlanLineForm(DataForm):
    extra = ("preferred", "avoided")
    service_type = forms.ModelChoiceField(label=_("Servizio"), queryset=ServiceType.objects.none())
    weekdays = _weekdays(_("Giorni"))
    window_start = _time(_("Dalle"))
    window_end = _time(_("Alle"))
    duration = _minutes(_("Durata (minuti)"), low=5, high=720)
    carers_needed = forms.TypedChoiceField(
        label=_("Operatori"), choices=[(1, "1"), (2, "2")], coerce=int
    )
    double_kind = forms.ChoiceField(
        label=_("Visita doppia"),
        choices=[("", "—"), *DoubleVisitKind.choices],
        required=False,
    )
    min_gap = _minutes(_("Intervallo minimo tra i due (minuti)"))
    max_gap = _minutes(_("Intervallo massimo tra i due (minuti)"))
    optional = forms.BooleanField(
        label=_("Facoltativa (rinviabile)"),
        required=False,
        help_text=_(
            "Una visita di compagnia che può passare a un altro giorno: l'ottimizzazione può "
            "lasciarla fuori quando la giornata è piena."
        ),
    )
    preferred = forms.ModelMultipleChoiceField(
        label=_("Operatori preferiti (continuità)"),
        queryset=Carer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    avoided = forms.ModelMultipleChoiceField(
        label=_("Operatori da evitare"),
        queryset=Carer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    querysets: ClassVar = {
        "service_types": ("service_type",),
        "carers": ("preferred", "avoided"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"min_gap": 0, "max_gap": 0, "carers_needed": 1})
        super().__init__(*args, **kwargs)

    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service()
        data["weekdays"] = "".join(data["weekdays"])
        return data


class GenerateForm(forms.Form):
    start = _date(_("Dal"))
    end = _date(_("Al"))


class DayForm(forms.Form):
    date = _date(_("Giorno"))


# --- carers ---------------------------------------------------------------------------------


class CarerForm(DataForm):
    kind = forms.ChoiceField(label=_("Tipo"), choices=CarerKind.choices)
    start_latitude = _coordinate(_("Latitudine di partenza"))
    start_longitude = _coordinate(_("Longitudine di partenza"))
    end_latitude = _coordinate(_("Latitudine di arrivo (se diversa)"))
    end_longitude = _coordinate(_("Longitudine di arrivo (se diversa)"))
    working_days = _weekdays(_("Giorni lavorativi"))
    shift_start = _time(_("Inizio turno"))
    shift_end = _time(_("Fine turno"))
    break_start = _time(_("Inizio pausa (facoltativa)"), required=False)
    break_end = _time(_("Fine pausa"), required=False)
    lunch_earliest = _time(_("Pausa pranzo: non prima delle"), required=False)
    lunch_latest = _time(_("Pausa pranzo: finita entro le"), required=False)
    lunch_minutes = forms.IntegerField(
        label=_("Pausa pranzo: durata minima (minuti)"),
        min_value=1,
        max_value=720,
        required=False,
        help_text=_(
            "L'ottimizzazione colloca la pausa dentro la fascia; lascia vuoto se non spetta o "
            "se usi la pausa fissa."
        ),
    )
    overtime = forms.ChoiceField(
        label=_("Straordinario"), choices=OvertimeRule.choices, required=False
    )
    max_minutes_day = _minutes(_("Massimo minuti al giorno"), high=1440)
    max_minutes_week = _minutes(_("Massimo minuti a settimana"), high=10080)
    transport_mode = forms.ChoiceField(label=_("Mezzo di trasporto"), choices=TransportMode.choices)
    active = forms.BooleanField(label=_("Attivo"), required=False, initial=True)

    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service()
        data["working_days"] = "".join(data["working_days"])
        return data


class NewCarerForm(CarerForm):
    extra = ("person",)
    person = forms.ModelChoiceField(
        label=_("Persona (dal personale o dal registro dei volontari)"),
        queryset=Person.objects.none(),
    )
    field_order = ("person",)

    querysets: ClassVar = {"persons": ("person",)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "working_days": list("12345"),
                "shift_start": dt.time(7, 0),
                "shift_end": dt.time(14, 0),
                "max_minutes_day": 420,
                "max_minutes_week": 2280,
                "transport_mode": TransportMode.CAR,
                "active": True,
            },
        )
        super().__init__(*args, **kwargs)


class AbsenceForm(DataForm):
    kind = forms.ChoiceField(label=_("Motivo"), choices=AbsenceKind.choices)
    start_date = _date(_("Dal"))
    end_date = _date(_("Al"))
    note = forms.CharField(label=_("Nota"), max_length=200, required=False)


# --- visits ---------------------------------------------------------------------------------


class AssignForm(DataForm):
    carer = forms.ModelChoiceField(label=_("Operatore"), queryset=Carer.objects.none())
    start = _time(_("Inizio"))
    querysets: ClassVar = {"carers": ("carer",)}


class VisitEditForm(DataForm):
    window_start = _time(_("Dalle"))
    window_end = _time(_("Alle"))
    duration = _minutes(_("Durata (minuti)"), low=5, high=720)
    notes = text_area(_("Note"), 2)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=255)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Nota (facoltativa)"), max_length=255, required=False)


class CheckOutForm(forms.Form):
    tasks_done = text_area(_("Attività svolte"), 2)
    notes = text_area(_("Note per il coordinatore"), 2)


class CorrectionForm(forms.Form):
    checked_in_at = _time(_("Arrivo corretto"), required=False)
    checked_out_at = _time(_("Uscita corretta"), required=False)
    reason = forms.CharField(label=_("Motivo della correzione"), max_length=255)


class HoursFilterForm(forms.Form):
    start = _date(_("Dal"))
    end = _date(_("Al"))
    by = forms.ChoiceField(
        label=_("Per"),
        choices=[
            ("carer", _("operatore")),
            ("beneficiary", _("utente")),
            ("service", _("servizio")),
        ],
    )

    def clean_by(self) -> str:
        value = str(self.cleaned_data["by"])
        if value not in HOURS_GROUPS:
            raise forms.ValidationError(_("Scelta non valida."))
        return value
