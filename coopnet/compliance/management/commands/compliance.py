"""``manage.py compliance --org SLUG [--as-of YYYY-MM-DD] [--json]``: run every rule."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coopnet.compliance import engine
from coopnet.compliance.templatetags.compliance_tags import measure
from coopnet.core.models import Organization


def _date(raw: str) -> dt.date:
    try:
        as_of = dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"Invalid --as-of date {raw!r}: use YYYY-MM-DD.") from None
    error = engine.unsupported_date_error(as_of)
    if error:
        raise CommandError(error)
    return as_of


class Command(BaseCommand):
    help = (
        "Run the compliance rules for one organization. Prints a table, or with --json a list "
        "of findings (dates ISO 8601, decimals as strings, counts as integers)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        parser.add_argument("--as-of", dest="as_of", help="date YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", help="print a JSON list of findings")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization with slug {options['org']!r}.")
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        findings = engine.run(organization, as_of)
        if options["json"]:
            self.stdout.write(
                json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"{organization.short_name} ({organization.slug}) — {as_of:%d/%m/%Y}")
        self.stdout.write(
            f"{'rule':<10} {'status':<15} {'level':<5} {'value':>14} {'threshold':>14}"
        )
        for f in findings:
            self.stdout.write(
                f"{f.rule:<10} {f.status:<15} {f.level:<5} "
                f"{measure(f.value, f.unit):>14} {measure(f.threshold, f.unit):>14}"
            )
            for line in textwrap.wrap(f.explanation, 96):
                self.stdout.write(f"    {line}")
            if f.action:
                for line in textwrap.wrap(
                    f.action, 94, initial_indent="→ ", subsequent_indent="  "
                ):
                    self.stdout.write(f"    {line}")
