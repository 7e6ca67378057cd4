"""Forms of the core app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .audit import action_choices
from .dates import EARLIEST, LATEST, validate_plausible_date
from .models import Organization, Role, RoleAssignment, User


class DateField(forms.DateField):
    """A date typed in a form: the browser's date picker, within core.dates' range."""

    widget = forms.DateInput(
        attrs={"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()},
        format="%Y-%m-%d",
    )
    default_validators = [validate_plausible_date]


class DateTimeField(forms.DateTimeField):
    """A date and time typed in a form (the browser's picker), its day within core.dates' range."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "min": f"{EARLIEST}T00:00", "max": f"{LATEST}T23:59"},
        format="%Y-%m-%dT%H:%M",
    )

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            validate_plausible_date(value.date())


def text_area(label: StrOrPromise, rows: int = 3, **options: Any) -> forms.CharField:
    """A text of a few lines (a box ``rows`` tall), optional unless ``options`` say otherwise;
    the other ``options`` as a ``CharField``'s (``help_text``, ``max_length``)."""
    options.setdefault("required", False)
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **options)


class HoneypotForm(forms.Form):
    """A public form with a field people never see (the template hides ``website``): only
    robots fill it in, and they are thanked and ignored."""

    website = forms.CharField(
        label=_("Sito web (lascia vuoto)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def error_summary(form: forms.Form) -> str:
    """A form's errors on one line, each after its field's label, for a message on the page."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}: " if field is not None and field.label else ""
        parts.extend(f"{prefix}{error}" for error in errors)
    return " ".join(parts)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Azione"), required=False, choices=action_choices)
    actor = forms.CharField(label=_("Utente (e-mail)"), required=False)
    date_from = DateField(label=_("Dal"), required=False)
    date_to = DateField(label=_("Al"), required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Nome del token"), max_length=80)
    grant = forms.ChoiceField(label=_("Organizzazione e ruolo"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grants = RoleAssignment.objects.filter(user=user).select_related("organization")
        grant_field = self.fields["grant"]
        assert isinstance(grant_field, forms.ChoiceField)
        grant_field.choices = [
            (f"{g.organization.slug}:{g.role}", f"{g.organization} · {g.get_role_display()}")
            for g in grants
        ]

    def organization_and_role(self) -> tuple[Organization, str]:
        slug, role = self.cleaned_data["grant"].split(":", 1)
        return Organization.objects.get(slug=slug), Role(role)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Nome e cognome"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Ruolo"), choices=Role.choices)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Codice"),
        # Six digits from the app, or a recovery code (16 letters and digits in groups of 4).
        regex=r"^\s*(\d{3}\s?\d{3}|[A-Za-z0-9]{4}(-?[A-Za-z0-9]{4}){3})\s*$",
        error_messages={
            "invalid": _(
                "Scrivi le 6 cifre mostrate dall'app, oppure un codice di recupero (16 caratteri)."
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class EmailCodeForm(forms.Form):
    token = forms.RegexField(
        label=_("Codice ricevuto via e-mail"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Scrivi le 6 cifre del messaggio e-mail.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )
