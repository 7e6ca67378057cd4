"""What a data migration that adds national parameter rows calls: rows of (key, value,
valid_from, valid_to, source, note), written or removed by key and start date. Kept apart
from the models so that a migration imports nothing that may change shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

Row = tuple[str, str, dt.date, dt.date | None, str, str]


def parameter_seeders(rows: Sequence[Row]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The forward and backward functions of ``RunPython`` for ``rows``."""

    def seed(apps: Any, schema_editor: Any) -> None:
        parameter = apps.get_model("core", "Parameter")
        for key, value, valid_from, valid_to, source, note in rows:
            parameter.objects.update_or_create(
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

    def unseed(apps: Any, schema_editor: Any) -> None:
        parameter = apps.get_model("core", "Parameter")
        for key, _value, valid_from, *_rest in rows:
            parameter.objects.filter(key=key, valid_from=valid_from, region=None).delete()

    return seed, unseed
