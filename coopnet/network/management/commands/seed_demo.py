"""Seed the demo network (idempotent): ``manage.py seed_demo [--scale small|consortium]``."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from coopnet.core.models import Organization
from coopnet.network import demo


class Command(BaseCommand):
    help = (
        "Create the demo network: 'small' is one consortium with 8 type A, 8 type B and "
        "8 mixed A+B social cooperatives and demo logins for every role; 'consortium' adds "
        "about 300 cooperatives and 30,000 people for benchmarks. Running it again creates "
        "only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=demo.SCALES, default="small")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has organizations (used by make run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            if options["if_empty"] and Organization.objects.exists():
                self.stdout.write(_("Ci sono già organizzazioni: la rete demo non viene creata."))
                return
            started = time.perf_counter()
            report = demo.seed(scale=options["scale"])
            self.stdout.write(
                _(
                    "Rete demo «%(scale)s»: create %(orgs)d organizzazioni, %(affiliations)d "
                    "adesioni, %(incubations)d incubazioni, %(users)d utenti e %(roles)d ruoli "
                    "in %(seconds).1f s."
                )
                % {
                    "scale": options["scale"],
                    "orgs": report.organizations,
                    "affiliations": report.affiliations,
                    "incubations": report.incubations,
                    "users": report.users,
                    "roles": report.roles,
                    "seconds": time.perf_counter() - started,
                }
            )
