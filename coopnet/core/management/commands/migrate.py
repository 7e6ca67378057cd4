"""Django's ``migrate``, after moving the data of renamed apps to their new label."""

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

from coopnet.core.renames import rename_legacy_apps


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        for moved in rename_legacy_apps(connections[options["database"]]):
            self.stdout.write(f"Renamed app: {moved}")
        super().handle(*args, **options)
