"""What the data migrations that add rows to the dated parameter table share.

The loader skips modules whose name starts with ``_``, so this is not a migration. It uses the
historical ``Parameter`` model only, as data migrations must.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import migrations

# key, value, valid_from, valid_to, source, note
Row = tuple[str, str, date, date | None, str, str]


def seed_parameters(rows: Sequence[Row], *, reversible: bool = True) -> migrations.RunPython:
    """An operation that writes ``rows`` (national: no region), and removes them when
    migrated back unless ``reversible`` is false."""

    def seed(apps, schema_editor):
        Parameter = apps.get_model("core", "Parameter")
        for key, value, valid_from, valid_to, source, note in rows:
            Parameter.objects.update_or_create(
                key=key,
                valid_from=valid_from,
                region=None,
                defaults={
                    "value": Decimal(value),
                    "valid_to": valid_to,
                    "source": source,
                    "note": note,
                },
            )

    def unseed(apps, schema_editor):
        Parameter = apps.get_model("core", "Parameter")
        for key, _value, valid_from, *_rest in rows:
            Parameter.objects.filter(key=key, valid_from=valid_from, region=None).delete()

    return migrations.RunPython(seed, unseed if reversible else migrations.RunPython.noop)
