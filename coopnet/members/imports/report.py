"""The report of a libro soci import: every bad row with its line, and the counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file cannot be read as a table (wrong format, no header, unreadable)."""


# --- the report ----------------------------------------------------------------------------


@dataclass
class RowError:
    line: int | None  # the spreadsheet line (header = 1); None for the file as a whole
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    saved: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(RowError(line, message))

    def sort_errors(self) -> None:
        self.errors.sort(key=lambda e: e.line or 0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        errors = [RowError(**e) for e in data.get("errors", [])]
        return cls(**{**data, "errors": errors})

    def lines(self) -> list[str]:
        """The report as text, one error per line, then the counts."""
        out = [
            (_("riga %(n)s") % {"n": e.line} if e.line else _("file")) + f": {e.message}"
            for e in self.errors
        ]
        out.append(
            _(
                "Righe: %(rows)s · nuove: %(created)s · aggiornate: %(updated)s · "
                "invariate: %(unchanged)s · errori: %(errors)s"
            )
            % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "errors": len(self.errors),
            }
        )
        if self.dry_run:
            out.append(_("Prova senza salvataggio: nessuna modifica è stata registrata."))
        elif not self.saved:
            out.append(_("Importazione annullata: nessuna modifica è stata registrata."))
        return out
