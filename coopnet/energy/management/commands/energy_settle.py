"""`manage.py energy_settle --org SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--json]`: settle a
period hour by hour, store the run (once per inputs) and print it (docs/energy.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopnet.core.dates import parse_date
from coopnet.core.models import Organization
from coopnet.energy import services
from coopnet.energy.schemas import settlement_document


class Command(BaseCommand):
    help = "Calcola la ripartizione oraria di una comunità energetica in un periodo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="identificativo (slug) della comunità")
        parser.add_argument("--from", dest="first", required=True, help="primo giorno AAAA-MM-GG")
        parser.add_argument("--to", dest="last", required=True, help="ultimo giorno AAAA-MM-GG")
        parser.add_argument("--json", action="store_true", help="stampa il risultato in JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"Organizzazione «{options['org']}» sconosciuta.")
        try:
            first, last = parse_date(options["first"]), parse_date(options["last"])
            settlement = services.settlement_run(
                organization=organization, actor=None, first_day=first, last_day=last
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        document = settlement_document(settlement)
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        state = "definitiva" if settlement.final else "provvisoria: dati mancanti"
        self.stdout.write(
            f"Ripartizione {settlement.pk} ({state}): premio {document['premium_eur']} €, "
            f"valorizzazione {document['valorisation_eur']} €, "
            f"quota sociale {document['social_excess_eur']} €."
        )
        for gap in document["missing"]:
            self.stdout.write(
                f"Mancano {gap['hours']} ore di {gap['kind']} {gap['key']} "
                f"dalle {gap['from']} alle {gap['to']}."
            )
