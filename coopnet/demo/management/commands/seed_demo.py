"""Seed the demo (idempotent): ``manage.py seed_demo [--scale small|consortium]``."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from coopnet.core.models import Organization
from coopnet.demo.operations import seed_operations
from coopnet.network import demo


class Command(BaseCommand):
    help = (
        "Create the demo network: 'small' is one consortium with 8 type A, 8 type B and "
        "8 mixed A+B social cooperatives and demo logins for every role; 'consortium' adds "
        "about 300 cooperatives and 30,000 people for benchmarks. At both scales the "
        "cooperative of the demo logins gets members, staff, home care and assemblies, the "
        "community cooperative its commons and time bank. "
        "Running it again creates only what is missing."
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
            network = demo.seed(scale=options["scale"])
            operations = seed_operations()
            self.stdout.write(
                _(
                    "Rete demo «%(scale)s»: create %(orgs)d organizzazioni, %(affiliations)d "
                    "adesioni, %(incubations)d incubazioni, %(users)d utenti e %(roles)d ruoli; "
                    "%(persons)d persone, %(members)d soci, %(employments)d rapporti di lavoro, "
                    "%(volunteers)d volontari, %(beneficiaries)d utenti dei servizi, %(plans)d "
                    "piani assistenziali, %(visits)d visite, %(meetings)d assemblee, "
                    "%(tenders)d gare, %(invoices)d fatture, %(commons)d beni comuni e "
                    "%(exchanges)d scambi della banca del tempo in %(seconds).1f s."
                )
                % {
                    "scale": options["scale"],
                    "orgs": network.organizations,
                    "affiliations": network.affiliations,
                    "incubations": network.incubations,
                    "users": network.users,
                    "roles": network.roles,
                    "persons": operations.persons,
                    "members": operations.members,
                    "employments": operations.employments,
                    "volunteers": operations.volunteers,
                    "beneficiaries": operations.beneficiaries,
                    "plans": operations.plans,
                    "visits": operations.visits,
                    "meetings": operations.meetings,
                    "tenders": operations.tenders,
                    "invoices": operations.invoices,
                    "commons": operations.commons,
                    "exchanges": operations.exchanges,
                    "seconds": time.perf_counter() - started,
                }
            )
