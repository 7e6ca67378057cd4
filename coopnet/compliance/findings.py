"""What a compliance rule returns: a finding with its status, numbers, law and advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

# Data values are numbers (counts, ratios, euros), ISO dates or None: never a person's name.
DataValue = int | Decimal | str | None


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    VIOLATION = "violation"
    INFO = "info"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def icon(self) -> str:
        """A symbol shown with the colour, so that the status never rests on colour alone."""
        return STATUS_ICONS[self]

    @property
    def severity(self) -> int:
        """Higher is worse; used to sort and to pick the worst of several findings."""
        return SEVERITY[self]


STATUS_LABELS = {
    Status.OK: _("conforme"),
    Status.WARNING: _("attenzione"),
    Status.VIOLATION: _("non conforme"),
    Status.INFO: _("informazione"),
    Status.NOT_APPLICABLE: _("non applicabile"),
}
STATUS_ICONS = {
    Status.OK: "✓",
    Status.WARNING: "!",
    Status.VIOLATION: "✕",
    Status.INFO: "i",
    Status.NOT_APPLICABLE: "∅",
}
SEVERITY = {
    Status.NOT_APPLICABLE: 0,
    Status.OK: 1,
    Status.INFO: 2,
    Status.WARNING: 3,
    Status.VIOLATION: 4,
}


class Level(StrEnum):
    """How sure the rule is (DOMAIN.md): [C] legal text, [S] secondary source, [U] uncertain.

    ``N`` marks the network principles of DOMAIN.md §8: advice, not law.
    """

    CERTAIN = "C"
    SECONDARY = "S"
    UNCERTAIN = "U"
    NETWORK = "N"

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[self])

    @property
    def advisory(self) -> bool:
        """Uncertain rules and network principles only warn: they never report a violation."""
        return self in {Level.UNCERTAIN, Level.NETWORK}


LEVEL_LABELS = {
    Level.CERTAIN: _("regola certa (testo di legge)"),
    Level.SECONDARY: _("regola da prassi (fonte secondaria)"),
    Level.UNCERTAIN: _("regola incerta: solo avviso"),
    Level.NETWORK: _("principio della rete: solo consiglio"),
}


class Unit(StrEnum):
    """How ``value`` and ``threshold`` read: a ratio (0.30 = 30%), a count, euros, a multiple
    (8 = "8 times"), days."""

    RATIO = "ratio"
    COUNT = "count"
    EURO = "euro"
    TIMES = "times"
    DAYS = "days"
    NONE = "none"


@dataclass(frozen=True)
class Finding:
    """The outcome of one rule for one organization on one day.

    ``data`` holds the counts behind the finding and nothing that identifies a person.
    An advisory rule (level U or N) never reports a violation: it is turned into a warning.
    """

    rule: str
    status: Status
    value: Decimal | None
    threshold: Decimal | None
    as_of: dt.date
    explanation: str
    data: Mapping[str, DataValue] = field(default_factory=dict)
    action: str = ""
    level: Level = Level.CERTAIN
    unit: Unit = Unit.NONE

    def __post_init__(self) -> None:
        if self.level.advisory and self.status == Status.VIOLATION:
            object.__setattr__(self, "status", Status.WARNING)
        for key, value in self.data.items():
            if value is not None and not isinstance(value, int | Decimal | str):
                raise TypeError(f"Finding data {key!r} must be a number, a string or None")

    def as_json(self) -> dict[str, Any]:
        """JSON-ready form: dates ISO 8601, decimals as strings (exact), counts as integers."""
        return {
            "rule": self.rule,
            "status": str(self.status),
            "level": str(self.level),
            "unit": str(self.unit),
            "value": _json_value(self.value),
            "threshold": _json_value(self.threshold),
            "as_of": self.as_of.isoformat(),
            "explanation": self.explanation,
            "data": {key: _json_value(value) for key, value in self.data.items()},
            "action": self.action,
        }


def _json_value(value: DataValue) -> int | str | None:
    if isinstance(value, Decimal):
        return str(value)
    return value
