"""Forms of the governance app: they read and check input; the rules live in services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField, DateTimeField, text_area
from coopnet.core.validators import check_upload
from coopnet.members.models import Membership

from .models import (
    ANNOUNCED_ATTENDANCE,
    AgendaItem,
    Attendance,
    Body,
    Call,
    EndReason,
    MeetingKind,
    Office,
    StatuteGovernance,
    VoteChannel,
)
from .services.bodies import BODY_FIELDS, OFFICE_FIELDS
from .services.statute import STATUTE_FIELDS

DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "doc", "docx", "xls", "xlsx", "txt", "jpg", "png"]
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
NUMBERS = re.compile(r"[\s,;]+")


def register_numbers(text: str) -> list[int]:
    """``"3, 7 12"`` -> ``[3, 7, 12]``; anything else is an error in Italian."""
    numbers = []
    for part in NUMBERS.split(text.strip()):
        if not part:
            continue
        if not part.isdigit():
            raise ValidationError(_("«%(v)s» non è un numero del libro soci.") % {"v": part})
        numbers.append(int(part))
    return numbers


class _Document(forms.Form):
    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload:
            check_upload(upload, max_bytes=DOCUMENT_MAX_BYTES)
        return upload


class StatuteForm(forms.ModelForm[StatuteGovernance]):
    class Meta:
        model = StatuteGovernance
        fields = STATUTE_FIELDS
        widgets = {
            name: forms.NumberInput(attrs={"step": "0.0001", "min": "0", "max": "1"})
            for name in (
                "ordinary_first_quorum",
                "ordinary_second_quorum",
                "extraordinary_first_quorum",
                "extraordinary_second_quorum",
                "board_quorum",
            )
        }


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Titolo"), max_length=200, required=False)
    first_call_at = DateTimeField(label=_("Prima convocazione"))
    second_call_at = DateTimeField(
        label=_("Seconda convocazione"),
        required=False,
        help_text=_("Non nello stesso giorno della prima (art. 2369 c.c.)."),
    )
    place = forms.CharField(label=_("Luogo"), max_length=255, required=False)
    online_url = forms.URLField(
        label=_("Collegamento online"), required=False, assume_scheme="https"
    )
    board_members = forms.CharField(
        label=_("Consiglieri (numeri del libro soci)"),
        required=False,
        help_text=_("Solo per il consiglio di amministrazione, per esempio: 1, 4, 9."),
    )

    def __init__(self, *args: Any, organization: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_board_members(self) -> list[Membership]:
        numbers = register_numbers(self.cleaned_data.get("board_members") or "")
        if not numbers:
            return []
        found = list(
            Membership.objects.filter(
                organization=self.organization, register_number__in=numbers, status="attivo"
            ).select_related("person")
        )
        missing = sorted(set(numbers) - {m.register_number for m in found})
        if missing:
            raise ValidationError(
                _("Nessun socio attivo con numero %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in missing)}
            )
        return found


class ItemForm(forms.ModelForm[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ("kind", "title", "motion", "candidates", "seats", "membership")
        widgets = {
            "motion": forms.Textarea(attrs={"rows": 3}),
            "candidates": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, memberships: QuerySet[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = memberships if memberships is not None else Membership.objects.none()
        field.help_text = _("Per una domanda di ammissione o un ricorso (R-CC-2528).")
        self.fields["motion"].help_text = _(
            "Il testo su cui si vota: va nell'avviso se si vota per corrispondenza (art. 2538)."
        )


class MinutesTextForm(forms.Form):
    minutes_text = text_area(_("Testo a verbale"), 5)


class DocumentForm(_Document):
    title = forms.CharField(label=_("Titolo del documento"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
        help_text=_("PDF, documenti o immagini, al massimo 20 MB."),
    )


class ConveneForm(forms.Form):
    notice_given_on = DateField(
        label=_("Data dell'avviso"),
        initial=timezone.localdate,
        help_text=_("Il giorno di pubblicazione o di invio dell'avviso."),
    )
    accept_late = forms.BooleanField(
        label=_("Convoca comunque, anche oltre il termine (per esempio un'assemblea totalitaria)"),
        required=False,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class OpenForm(forms.Form):
    call = forms.ChoiceField(label=_("Convocazione"), choices=Call.choices)
    chair_name = forms.CharField(label=_("Presidente"), max_length=200)
    secretary_name = forms.CharField(label=_("Segretario"), max_length=200)


class MinutesForm(forms.Form):
    chair_name = forms.CharField(label=_("Presidente"), max_length=200, required=False)
    secretary_name = forms.CharField(label=_("Segretario"), max_length=200, required=False)
    minutes_intro = text_area(_("Premessa del verbale"))


class CheckInForm(forms.Form):
    number = forms.IntegerField(label=_("Numero del libro soci"), min_value=1)
    mode = forms.ChoiceField(
        label=_("Presenza"),
        choices=[
            (Attendance.IN_PERSON, Attendance.IN_PERSON.label),
            (Attendance.ONLINE, Attendance.ONLINE.label),
        ],
    )


class ProxyForm(_Document):
    grantor = forms.IntegerField(label=_("Delegante (numero del libro soci)"), min_value=1)
    delegate = forms.IntegerField(label=_("Delegato (numero del libro soci)"), min_value=1)
    file = forms.FileField(
        label=_("Delega firmata"),
        required=False,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )


class BallotOpenForm(forms.Form):
    secret = forms.BooleanField(label=_("Voto segreto"), required=False)
    remote = forms.BooleanField(
        label=_("Voto a distanza in una finestra (se lo statuto lo consente)"), required=False
    )
    closes_at = DateTimeField(label=_("Chiusura automatica alle"), required=False)


class ChairVoteForm(forms.Form):
    number = forms.IntegerField(label=_("Votante (numero del libro soci)"), min_value=1)
    choice = forms.ChoiceField(label=_("Voto"))
    channel = forms.ChoiceField(
        label=_("Modalità"),
        choices=[
            (VoteChannel.IN_ROOM, VoteChannel.IN_ROOM.label),
            (VoteChannel.POSTAL, VoteChannel.POSTAL.label),
        ],
    )

    def __init__(self, *args: Any, choices: list[list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [tuple(c) for c in choices]  # type: ignore[attr-defined]


class HandsForm(forms.Form):
    against = forms.CharField(label=_("Contrari (numeri del libro soci)"), required=False)
    abstain = forms.CharField(label=_("Astenuti (numeri del libro soci)"), required=False)

    def clean_against(self) -> list[int]:
        return register_numbers(self.cleaned_data.get("against") or "")

    def clean_abstain(self) -> list[int]:
        return register_numbers(self.cleaned_data.get("abstain") or "")


class MemberProxyForm(forms.Form):
    delegate = forms.IntegerField(
        label=_("Numero nel libro soci del delegato"),
        min_value=1,
        help_text=_("Lo trovi sulla sua tessera o chiedilo all'ufficio soci."),
    )


class MemberConfirmForm(forms.Form):
    mode = forms.ChoiceField(label=_("Parteciperò"), choices=ANNOUNCED_ATTENDANCE)


class MemberVoteForm(forms.Form):
    voter = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label=_("Il tuo voto"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [tuple(c) for c in choices]  # type: ignore[attr-defined]


class BodyForm(forms.ModelForm[Body]):
    class Meta:
        model = Body
        fields = BODY_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class OfficeForm(forms.ModelForm[Office]):
    """A term in a body; the person is one the organization knows (libro soci, staff)."""

    class Meta:
        model = Office
        fields = OFFICE_FIELDS
        field_classes = {
            "first_appointed_on": DateField,
            "start_date": DateField,
            "term_ends_on": DateField,
        }

    def __init__(self, *args: Any, persons: QuerySet[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = persons


class OfficeEndForm(forms.Form):
    ended_on = DateField(label=_("Cessata il"))
    reason = forms.ChoiceField(label=_("Motivo"), choices=EndReason.choices)
