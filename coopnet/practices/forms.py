"""Forms of the practices pages. Several codes (themes, goals) are ticked boxes; the comuni of
a practice are typed one a line; a call's extra questions and criteria become fields named
``q<pk>`` and ``c<pk>``, the names the services' errors use."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coopnet.core.forms import DateField, DateTimeField, HoneypotForm, text_area
from coopnet.core.models import Comune, Organization, OrganizationKind, Province, Region, User
from coopnet.network.selectors import comuni_resolve

from .models import (
    CALL_FIELDS,
    COOPERATIVE_KINDS,
    REVISION_FIELDS,
    STORY_FIELDS,
    SUBMISSION_FIELDS,
    Call,
    Criterion,
    Decision,
    FileKind,
    Practice,
    PracticeRevision,
    Question,
    QuestionKind,
    Sdg,
    Story,
    Submission,
    Theme,
    codes_list,
)

# Codes kept in one text column are ticked boxes here, converted by the services, and left
# out of the model forms' own fields so that the model never validates a list.
CODES = ("themes", "sdgs")


def _ticks(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class CallForm(forms.ModelForm):
    themes = _ticks(_("Temi"), Theme.choices)
    opens_on = DateField(label=_("Apertura"))
    closes_at = DateTimeField(label=_("Scadenza (giorno e ora)"))
    reviews_due_on = DateField(label=_("Valutazioni entro il"))
    field_order = CALL_FIELDS

    class Meta:
        model = Call
        fields = tuple(f for f in CALL_FIELDS if f not in CODES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["themes"] = codes_list(self.instance.themes)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ("label", "kind", "options", "required")
        widgets = {"options": forms.Textarea(attrs={"rows": 3})}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ("name", "description", "weight", "scale_min", "scale_max")


class StartForm(forms.Form):
    title = forms.CharField(label=_("Titolo della pratica"), max_length=200)


class SubmissionForm(forms.ModelForm):
    """The fixed core of a practice, its territory and the call's extra questions."""

    themes = _ticks(_("Temi"), Theme.choices)
    sdgs = _ticks(_("Obiettivi di sviluppo sostenibile (Agenda 2030)"), Sdg.choices)
    comuni = forms.CharField(
        label=_("Territorio (comuni)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un comune per riga, con la sigla della provincia: «Bologna (BO)»."),
    )
    field_order = [*SUBMISSION_FIELDS[:6], "comuni"]

    class Meta:
        model = Submission
        fields = tuple(f for f in SUBMISSION_FIELDS if f not in CODES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        submission: Submission = self.instance
        self.questions = [q for q in submission.call.questions.all() if q.kind != QuestionKind.FILE]
        answers = {a.question_id: a.text for a in submission.answers.all()}
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = self._question_field(question)
            self.initial[name] = answers.get(question.pk, "")
        self.initial["themes"] = codes_list(submission.themes)
        self.initial["sdgs"] = codes_list(submission.sdgs)
        self.initial["comuni"] = "\n".join(str(c) for c in submission.comuni.all())

    @staticmethod
    def _question_field(question: Question) -> forms.Field:
        if question.kind == QuestionKind.NUMBER:
            return forms.DecimalField(label=question.label, required=False, max_digits=14)
        if question.kind == QuestionKind.CHOICE:
            options = [("", "—"), *((o, o) for o in question.option_list())]
            return forms.ChoiceField(label=question.label, required=False, choices=options)
        return text_area(question.label, 4, max_length=5000)

    def clean_comuni(self) -> list[Comune]:
        entries = [e.strip() for e in re.split(r"[\n;]", self.cleaned_data["comuni"]) if e.strip()]
        resolved = comuni_resolve(entries)
        problems = [*resolved.unknown, *resolved.ambiguous]
        if problems:
            raise ValidationError(
                _("Comuni sconosciuti o ambigui (aggiungi la provincia): %(names)s.")
                % {"names": ", ".join(problems)}
            )
        return resolved.found

    def service_arguments(self) -> dict[str, Any]:
        """``data``, ``comuni`` and ``answers`` of ``submission_save``."""
        data = {name: self.cleaned_data[name] for name in SUBMISSION_FIELDS}
        answers = {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
        return {"data": data, "comuni": self.cleaned_data["comuni"], "answers": answers}


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=FileKind.choices)
    title = forms.CharField(label=_("Titolo"), max_length=160, required=False)
    upload = forms.FileField(label=_("File"), help_text=_("Fino a 10 MB."))
    question = forms.ModelChoiceField(
        label=_("Risponde alla domanda"), queryset=Question.objects.none(), required=False
    )

    def __init__(self, *args: Any, questions: QuerySet[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["question"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = questions


class AssignForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Valutatori"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    per_submission = forms.IntegerField(
        label=_("Valutatori per candidatura"), min_value=1, max_value=10, initial=2
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people


class DeclareForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Conflitto di interessi"),
        choices=[
            ("no", _("Dichiaro di non avere conflitti di interessi con questa candidatura")),
            ("si", _("Ho un conflitto di interessi")),
        ],
        coerce=lambda value: value == "si",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Motivo del conflitto"), max_length=500, required=False)


class ReviewForm(forms.Form):
    """A score and a comment per criterion (``c<pk>``, ``c<pk>_comment``), private notes."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], scores: dict[int, Any], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            name = f"c{criterion.pk}"
            help_text = _("Da %(low)s a %(high)s, peso %(weight)s.") % {
                "low": criterion.scale_min,
                "high": criterion.scale_max,
                "weight": criterion.weight,
            }
            self.fields[name] = forms.IntegerField(
                label=criterion.name, help_text=f"{criterion.description} {help_text}".strip()
            )
            self.fields[f"{name}_comment"] = text_area(_("Commento"), 2, max_length=3000)
            if criterion.pk in scores:
                self.initial[name] = scores[criterion.pk].value
                self.initial[f"{name}_comment"] = scores[criterion.pk].comment
        self.fields["note"] = text_area(
            _("Note riservate"), 3, max_length=5000, help_text=_("Solo per chi organizza.")
        )

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data[f"c{c.pk}"], self.cleaned_data[f"c{c.pk}_comment"])
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Esito"), choices=Decision.choices)
    feedback = text_area(_("Motivazione per chi propone"), 4, max_length=5000)


class ReleaseForm(forms.Form):
    on = DateField(label=_("Esiti visibili dal"))


class RevisionForm(forms.ModelForm):
    """A new text of a published practice, starting from the one on its page."""

    themes = _ticks(_("Temi"), Theme.choices)
    sdgs = _ticks(_("Obiettivi di sviluppo sostenibile (Agenda 2030)"), Sdg.choices)
    field_order = [*REVISION_FIELDS, "note"]

    class Meta:
        model = PracticeRevision
        fields = (*(f for f in REVISION_FIELDS if f not in CODES), "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        initial = {name: getattr(practice, name) for name in REVISION_FIELDS}
        initial.update(themes=codes_list(practice.themes), sdgs=codes_list(practice.sdgs))
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)


class RejectForm(forms.Form):
    feedback = text_area(_("Motivo, per chi l'ha proposta"), 3, max_length=2000)


class ReplicationAskForm(HoneypotForm):
    """A request to replicate a practice. A logged-in person may ask for one of their
    cooperatives (``requester``) or for themselves; the public gives a name and an e-mail."""

    requester = forms.ModelChoiceField(
        label=_("Chiediamo come"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Un gruppo che vuole avviare una cooperativa"),
    )
    name = forms.CharField(label=_("Nome e cognome o nome del gruppo"), max_length=160)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("La vedono solo chi ha proposto la pratica e chi la cura.")
    )
    message = text_area(_("Che cosa volete replicare e dove"), 4, max_length=3000, required=True)

    def __init__(self, *args: Any, user: User | None, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requester"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        if user is None or not organizations.exists():
            del self.fields["requester"]
        if user is not None:
            self.initial.update(name=user.full_name, email=user.email)


class ReplicationDecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decisione"),
        choices=[("si", _("Accogliamo la richiesta")), ("no", _("Non possiamo accoglierla"))],
        coerce=lambda value: value == "si",
        widget=forms.RadioSelect,
    )
    answer = text_area(_("Risposta a chi ha chiesto"), 3, max_length=3000)


class MentoringForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Chi affianca"), queryset=Organization.objects.none())
    mentee = forms.CharField(label=_("Chi è affiancato"), max_length=160)
    start_date = DateField(label=_("Dal"))
    notes = text_area(_("Note"), 2, max_length=3000)

    def __init__(self, *args: Any, sides: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sides


class IncubationForm(forms.Form):
    child = forms.ModelChoiceField(
        label=_("La nuova cooperativa"),
        queryset=Organization.objects.filter(kind__in=COOPERATIVE_KINDS).order_by("short_name"),
        help_text=_("Dev'essere già nel registro delle organizzazioni."),
    )
    start_date = DateField(label=_("Inizio dell'incubazione"))


class StoryForm(forms.ModelForm):
    """A story: its practice among the organizer's, its call among its published ones."""

    published_on = DateField(label=_("Pubblicata il"))
    picture = forms.FileField(
        label=_("Foto"), required=False, help_text=_("JPEG, PNG o WebP, fino a 10 MB.")
    )

    field_order = [*STORY_FIELDS, "picture"]

    class Meta:
        model = Story
        fields = STORY_FIELDS

    def __init__(self, *args: Any, practices: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, rows in (("practice", practices), ("call", calls)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = rows


class CatalogueForm(forms.Form):
    """The catalogue's search and filters (a GET form; a bad value is ignored)."""

    q = forms.CharField(label=_("Cerca"), required=False, max_length=200)
    tema = forms.ChoiceField(label=_("Tema"), required=False, choices=[("", "—"), *Theme.choices])
    sdg = forms.ChoiceField(label=_("Obiettivo"), required=False, choices=[("", "—"), *Sdg.choices])
    regione = forms.ModelChoiceField(
        label=_("Regione"), required=False, queryset=Region.objects.all(), empty_label="—"
    )
    provincia = forms.ModelChoiceField(
        label=_("Provincia"), required=False, queryset=Province.objects.all(), empty_label="—"
    )
    settore = forms.CharField(label=_("Settore ATECO"), required=False, max_length=8)
    tipo = forms.ChoiceField(
        label=_("Tipo di organizzazione"),
        required=False,
        choices=[("", "—"), *OrganizationKind.choices],
    )
    anno = forms.IntegerField(label=_("Anno"), required=False, min_value=1900, max_value=2100)
    bando = forms.IntegerField(
        label=_("Bando"), required=False, min_value=1, widget=forms.HiddenInput
    )
