"""Forms of the core app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .audit import action_choices
from .models import Organization, Role, RoleAssignment, User


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Azione"), required=False, choices=action_choices)
    actor = forms.CharField(label=_("Utente (e-mail)"), required=False)
    date_from = forms.DateField(
        label=_("Dal"), required=False, widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Al"), required=False, widget=forms.DateInput({"type": "date"})
    )


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
