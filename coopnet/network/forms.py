"""Forms of the network pages. They only read and check input; services do the writing."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from stdnum.it import codicefiscale, iva

from coopnet.core.forms import DateField, text_area
from coopnet.core.models import Comune, Organization, OrganizationKind, Province, Region

from . import selectors

# The kinds a user chooses among: the platform's own kind belongs to one organization only
# (coopnet.core.platform), never chosen in a form.
NETWORK_KINDS = [
    (v, label) for v, label in OrganizationKind.choices if v != OrganizationKind.PLATFORM
]

REGISTRY_FIELDS = (
    "kind",
    "slug",
    "legal_name",
    "short_name",
    "legal_form",
    "codice_fiscale",
    "partita_iva",
    "albo_number",
    "albo_section",
    "rea_number",
    "founded_on",
    "address",
    "email",
    "pec",
    "phone",
    "website",
    "logo",
)
# Changing what an organization is, or its address in every URL, is for platform admins only.
IDENTITY_FIELDS = ("kind", "slug")
NUMBER_FIELDS = ("codice_fiscale", "partita_iva")
SUPPORT_CHOICES = [
    ("people", _("persone")),
    ("back_office", _("servizi amministrativi")),
    ("capital", _("capitale")),
    ("contracts", _("contratti")),
]


def _dotted_ateco_prefix(value: str) -> str:
    """'8810' -> '88.10', '88.1' stays: ATECO codes are stored dotted (88.10.00)."""
    digits = value.replace(".", "").strip()
    return ".".join(part for part in (digits[:2], digits[2:4], digits[4:6]) if part)


def _row_filter(
    label: StrOrPromise, rows: QuerySet[Any], key: str, anything: StrOrPromise
) -> forms.ModelChoiceField[Any]:
    """An optional filter on one of ``rows``, named in the URL by its field ``key``."""
    return forms.ModelChoiceField(
        label=label, required=False, queryset=rows, to_field_name=key, empty_label=anything
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cerca"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("nome, codice fiscale o comune")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Tipo"),
        required=False,
        choices=[("", _("tutti")), *NETWORK_KINDS],
    )
    region = _row_filter(_("Regione"), Region.objects.order_by("name"), "code", _("tutte"))
    province = _row_filter(
        _("Provincia"), Province.objects.order_by("name"), "abbreviation", _("tutte")
    )
    sector = forms.CharField(
        label=_("Settore ATECO"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"placeholder": _("es. 88 o 88.10"), "size": 8}),
    )
    consortium = _row_filter(
        _("Consorzio o federazione"), Organization.objects.none(), "slug", _("tutti")
    )

    def __init__(self, *args: Any, consortia: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        consortium = self.fields["consortium"]
        assert isinstance(consortium, forms.ModelChoiceField)
        consortium.queryset = consortia

    def clean_sector(self) -> str:
        value: str = self.cleaned_data["sector"].strip()
        if value and not re.fullmatch(r"[0-9][0-9.]*", value):
            raise ValidationError(_("Scrivi un codice ATECO, per esempio 88 o 88.10."))
        return _dotted_ateco_prefix(value) if value else ""

    def filters(self, sort: str) -> selectors.DirectoryFilters:
        """The valid filters; an invalid one is ignored (its error shows next to the field)."""
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return selectors.DirectoryFilters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            region=data.get("region"),
            province=data.get("province"),
            sector=data.get("sector") or "",
            consortium=data.get("consortium"),
            sort=sort,
        )


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DateField):
        kwargs["form_class"] = DateField
    return field.formfield(**kwargs)


def _comune_entries(value: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\n;]", value) if line.strip()]


class OrganizationForm(forms.Form):
    """The registry data of an organization, its sectors and its territory."""

    sectors = forms.CharField(
        label=_("Settori (codici ATECO)"),
        required=False,
        help_text=_("Separati da virgole; il primo è il settore principale. Es. 88.10.00, 87.30"),
    )
    seat_comune = forms.CharField(
        label=_("Comune della sede"),
        required=False,
        help_text=_("Nome e sigla della provincia, per esempio «Bologna (BO)»."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    served_comuni = text_area(
        _("Comuni serviti"), 4, help_text=_("Uno per riga, per esempio «Imola (BO)» (R-NET-2).")
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization | None,
        identity_editable: bool,
        **kwargs: Any,
    ) -> None:
        """``organization`` None: an empty form for a new organization."""
        names = [f for f in REGISTRY_FIELDS if identity_editable or f not in IDENTITY_FIELDS]
        if organization is not None:
            kwargs.setdefault("initial", self._initial(organization, names))
        super().__init__(*args, **kwargs)
        registry = fields_for_model(
            Organization,
            fields=names,
            formfield_callback=_formfield,
        )
        for name in NUMBER_FIELDS:  # people paste "IT 007 431 101 57": compacted when cleaned
            if name in registry:
                number = registry[name]
                number.validators = [
                    v for v in number.validators if not isinstance(v, MaxLengthValidator)
                ]
                number.widget.attrs.pop("maxlength", None)
        self.fields = {**registry, **self.fields}
        kind = self.fields.get("kind")
        if isinstance(kind, forms.ChoiceField) and not (organization and organization.is_platform):
            kind.choices = [("", "---------"), *NETWORK_KINDS]

    @staticmethod
    def _initial(organization: Organization, names: list[str]) -> dict[str, Any]:
        initial = model_to_dict(organization, fields=names)
        initial["sectors"] = ", ".join(s.code for s in organization.sectors.all())
        initial["seat_comune"] = str(organization.seat_comune or "")
        initial["served_comuni"] = "\n".join(
            str(s.comune) for s in organization.served_comuni.all()
        )
        return initial

    def clean_codice_fiscale(self) -> str:
        return str(codicefiscale.compact(self.cleaned_data["codice_fiscale"]))

    def clean_partita_iva(self) -> str:
        return str(iva.compact(self.cleaned_data["partita_iva"]))

    def clean_sectors(self) -> list[str]:
        return [c.strip() for c in re.split(r"[,;\s]+", self.cleaned_data["sectors"]) if c.strip()]

    def clean_seat_comune(self) -> Comune | None:
        value: str = self.cleaned_data["seat_comune"].strip()
        if not value:
            return None
        resolved = selectors.comuni_resolve([value])
        if resolved.ambiguous:
            raise ValidationError(
                _("Ci sono più comuni con questo nome: aggiungi la provincia, es. «Castro (LE)».")
            )
        if not resolved.found:
            raise ValidationError(_("Comune sconosciuto: %(value)s.") % {"value": value})
        return resolved.found[0]

    def clean_served_comuni(self) -> list[str]:
        resolved = selectors.comuni_resolve(_comune_entries(self.cleaned_data["served_comuni"]))
        errors = []
        if resolved.unknown:
            errors.append(
                ValidationError(
                    _("Comuni sconosciuti: %(names)s.") % {"names": ", ".join(resolved.unknown)}
                )
            )
        if resolved.ambiguous:
            errors.append(
                ValidationError(
                    _("Ci sono più comuni con questo nome, aggiungi la provincia: %(names)s.")
                    % {"names": ", ".join(resolved.ambiguous)}
                )
            )
        if errors:
            raise ValidationError(errors)
        return [c.istat_code for c in resolved.found]

    def service_data(self) -> dict[str, Any]:
        """The ``data`` argument of ``organization_update``: registry fields and the seat."""
        data = {name: self.cleaned_data[name] for name in self.fields if name in REGISTRY_FIELDS}
        logo = data.pop("logo", None)
        if logo is False:  # "clear" ticked
            data["logo"] = ""
        elif isinstance(logo, UploadedFile):
            data["logo"] = logo
        data["seat_comune"] = self.cleaned_data["seat_comune"]
        return data

    def profile(self) -> dict[str, Any]:
        """What ``organization_create`` and ``organization_update`` take from this form: the
        registry data, the sectors and the served territory."""
        return {
            "data": self.service_data(),
            "sector_codes": self.cleaned_data["sectors"],
            "served_comuni": self.cleaned_data["served_comuni"],
        }


class OrganizationCreateForm(OrganizationForm):
    """A new organization; registered by a consortium's staff, it joins that consortium."""

    joined_on = DateField(label=_("Aderente dal"), required=False, help_text=_("Vuoto: da oggi."))

    def __init__(self, *args: Any, consortium: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, organization=None, identity_editable=True, **kwargs)
        if consortium is None:
            del self.fields["joined_on"]
        else:
            # An affiliate is a member organization, not another consortium or federation.
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            groups = OrganizationKind.groups()
            kind.choices = [("", "---------")] + [
                (value, label) for value, label in NETWORK_KINDS if value not in groups
            ]


class AffiliationForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Consorzio o federazione"), queryset=Organization.objects.none()
    )
    start_date = DateField(label=_("Dal"))
    end_date = DateField(label=_("Fino al"), required=False)

    def __init__(self, *args: Any, groups: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.fields["group"]
        assert isinstance(group, forms.ModelChoiceField)
        group.queryset = groups


class AffiliationEndForm(forms.Form):
    # No default date: ending an affiliation is a decision, the day is chosen on purpose.
    end_date = DateField(label=_("Ultimo giorno di adesione"))


class IncubationForm(forms.Form):
    child = forms.ModelChoiceField(
        label=_("Cooperativa incubata"), queryset=Organization.objects.none()
    )
    start_date = DateField(label=_("Inizio"))
    support = forms.MultipleChoiceField(
        label=_("Sostegno dato"),
        required=False,
        choices=SUPPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    note = text_area(_("Nota"))

    def __init__(self, *args: Any, children: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        child = self.fields["child"]
        assert isinstance(child, forms.ModelChoiceField)
        child.queryset = children
