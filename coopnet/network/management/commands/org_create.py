"""Create one organization from the command line (`manage.py org_create --help`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopnet.core.models import Comune, Organization, OrganizationKind
from coopnet.network.services import organization_create

# Which option to blame for an error on a model or service field.
OPTION_OF_FIELD = {
    "slug": "--slug",
    "legal_name": "--name",
    "short_name": "--short-name",
    "kind": "--kind",
    "codice_fiscale": "--codice-fiscale",
    "partita_iva": "--partita-iva",
    "seat_comune": "--comune",
    "sectors": "--sector",
    "served_comuni": "--comune",
    "consortium": "--consortium",
    "group": "--consortium",
    "start_date": "--consortium",
}


class Command(BaseCommand):
    help = (
        "Create an organization (system action, audited). Kinds: "
        + ", ".join(OrganizationKind.values)
        + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="Identifier used in URLs.")
        parser.add_argument("--name", required=True, help="Legal name (ragione sociale).")
        parser.add_argument("--kind", required=True, help=", ".join(OrganizationKind.values))
        parser.add_argument("--short-name", default="", help="Short name (default: --name).")
        parser.add_argument(
            "--consortium", default="", help="Slug of the consortium or federation it joins today."
        )
        parser.add_argument("--codice-fiscale", default="")
        parser.add_argument("--partita-iva", default="")
        parser.add_argument("--comune", default="", help="ISTAT code of the seat's comune.")
        parser.add_argument(
            "--sector", action="append", default=[], help="ATECO code; repeat for more."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                organization = self._create(options)
            except ValidationError as error:
                self._report(error)
                raise CommandError(
                    _("Organizzazione non creata: correggi i dati indicati.")
                ) from None
            self.stdout.write(
                _("Creata «%(name)s» (%(kind)s), identificativo %(slug)s.")
                % {
                    "name": organization.short_name,
                    "kind": organization.get_kind_display(),
                    "slug": organization.slug,
                }
            )
            for affiliation in organization.affiliations.select_related("group"):
                self.stdout.write(
                    _("Aderisce a «%(group)s» dal %(date)s.")
                    % {
                        "group": affiliation.group.short_name,
                        "date": date_format(affiliation.start_date, "d/m/Y"),
                    }
                )

    def _create(self, options: dict[str, Any]) -> Organization:
        errors: dict[str, str] = {}
        kind = options["kind"]
        if kind not in OrganizationKind.values:
            errors["kind"] = _("Tipo sconosciuto «%(kind)s»: usa uno tra %(kinds)s.") % {
                "kind": kind,
                "kinds": ", ".join(OrganizationKind.values),
            }
        consortium = None
        if options["consortium"]:
            consortium = Organization.objects.filter(slug=options["consortium"]).first()
            if consortium is None:
                errors["consortium"] = _(
                    "Nessun consorzio o federazione con identificativo «%(slug)s»."
                ) % {"slug": options["consortium"]}
        seat = None
        if options["comune"]:
            seat = Comune.objects.filter(istat_code=options["comune"]).first()
            if seat is None:
                errors["seat_comune"] = _("Comune sconosciuto (codice ISTAT): %(code)s.") % {
                    "code": options["comune"]
                }
        if errors:
            raise ValidationError(errors)
        name = options["name"].strip()
        return organization_create(
            actor=None,
            data={
                "kind": kind,
                "legal_name": name,
                "short_name": (options["short_name"].strip() or name)[:80],
                "slug": options["slug"],
                "codice_fiscale": options["codice_fiscale"],
                "partita_iva": options["partita_iva"],
                "seat_comune": seat,
            },
            sector_codes=options["sector"],
            consortium=consortium,
        )

    def _report(self, error: ValidationError) -> None:
        fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        for field, messages in fields.items():
            option = OPTION_OF_FIELD.get(field, field)
            for message in messages:
                self.stderr.write(
                    f"{option}: {message}" if option and option != "__all__" else message
                )
