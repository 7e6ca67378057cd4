"""``manage.py community_reminders [--org SLUG] [--as-of YYYY-MM-DD] [--days N] [--send]``:
the reports agreements owe, due within N days or overdue; with --send, e-mailed to the office
of each cooperative (cron, once a day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coopnet.community import reminders, selectors
from coopnet.core.models import Organization


class Command(BaseCommand):
    help = "List (and with --send e-mail) the activity reports agreements owe soon or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="one organization's slug (default: every one)")
        parser.add_argument("--as-of", dest="as_of", help="date YYYY-MM-DD (default: today)")
        parser.add_argument("--days", type=int, default=reminders.REMINDER_DAYS)
        parser.add_argument("--send", action="store_true", help="e-mail the office")
        parser.add_argument("--base-url", dest="base_url", default="", help="for the links")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError(
                f"Invalid --as-of date {options['as_of']!r}: use YYYY-MM-DD."
            ) from None
        as_of = as_of or timezone.localdate()
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        organizations = Organization.objects.order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"No organization with slug {options['org']!r}.")
        for organization in organizations:
            due = selectors.due_reports(organization, as_of, options["days"])
            for item in due:
                self.stdout.write(
                    f"{organization.slug}: {reminders.line(item, options['base_url'])}"
                )
            email = reminders.message(organization, due, as_of, options["base_url"])
            if options["send"] and email is not None:
                email.send()
