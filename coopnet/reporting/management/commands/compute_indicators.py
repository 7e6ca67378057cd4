"""``manage.py compute_indicators --org SLUG [--year YYYY]``: compute the social report's
indicators of one organization for a year (default: the current year, so far)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coopnet.core.models import Organization
from coopnet.reporting import services


class Command(BaseCommand):
    help = "Compute every indicator of the social report for one organization and year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--year", type=int, help="year (default: the current one)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization with slug {options['org']!r}.")
        year = options["year"] or timezone.localdate().year
        try:
            stored = services.indicators_compute(actor=None, organization=organization, year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{organization.short_name} {year}: {stored} values stored.")
